"""Caption markup as HTML prose: the article's sentences, with their math as MathML.

A caption is Typst markup (``$…$`` math, ``*bold*``, escapes; a lecturer's narration line arrives escaped, so it
is text). Typst's own HTML export turns it into HTML with every formula as a ``<math>`` element (MathML Core,
which browsers lay out natively: no script, no font or request from outside the page). Each formula also gets
``alttext``: the same readable Unicode as the captions' plain text (:func:`scenes.kit.captions.plain_text`),
so the prose with each formula read as its ``alttext`` is the caption's plain text, sentence for sentence.
"""

from __future__ import annotations

import html
import re

from scenes.kit.typeset import plain_math

PREAMBLE = "#set smartquote(enabled: false)\n"  # quotes as the captions track has them (' not ’)
FORMULA = re.compile(r"(?<!\\)\$([^$]*)\$")  # the same split as plain_text's


def _compile(source: str) -> str:
    import typst

    return typst.compile(source.encode("utf-8"), format="html").decode("utf-8")


def _paragraphs(page: str) -> list[str]:
    body = page[page.index("<body>") + len("<body>"):page.rindex("</body>")]
    return re.findall(r"<p>(.*?)</p>", body, flags=re.S)


def _with_alttext(inner: str, markup: str) -> str:
    formulas = [plain_math(f) for f in FORMULA.findall(markup)]
    found = re.findall(r"<math(?=[\s>])", inner)
    if len(found) != len(formulas):
        raise ValueError(f"prose: {len(found)} formulas typeset, {len(formulas)} in the caption {markup!r}")
    it = iter(formulas)
    return re.sub(r"<math(?=[\s>])", lambda _m: f'<math alttext="{html.escape(next(it), quote=True)}"', inner)


def captions_html(markups: list[str]) -> list[str]:
    """Each caption's markup as inline HTML (the inside of its paragraph), typeset in one Typst pass (one pass
    per caption if a caption makes more than one paragraph)."""
    if not markups:
        return []
    found = _paragraphs(_compile(PREAMBLE + "\n\n".join(markups)))
    if len(found) != len(markups):
        found = []
        for m in markups:
            parts = _paragraphs(_compile(PREAMBLE + m))
            found.append(" ".join(parts))
    return [_with_alttext(inner.strip(), markup) for inner, markup in zip(found, markups, strict=True)]


def mathml_css() -> str:
    """Typst's stylesheet for its MathML (alignment, fractions, accents), and the math font stack."""
    page = _compile("$x$")
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, flags=re.S))
    # the reader's math font (DejaVu Math TeX Gyre's wide parentheses read as "P ( w )": not named)
    return styles + 'math { font-family: "STIX Two Math", "Latin Modern Math", "Cambria Math", math; }\n'

