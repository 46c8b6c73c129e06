"""Typeset text and math, number formats and live number readouts (Typst; never LaTeX).

``formula`` typesets Typst math, ``text`` Typst markup; both are cached per process
and return light copies. ``fmt_number`` gives a number as Typst math (exact zero is
``0``, tiny values use scientific notation); ``fmt_plain`` gives the same number as
plain Unicode for prose (``7.5 × 10⁻⁴``). ``Readout`` is ``label = value`` that
re-typesets only when the shown text changes.
"""

from __future__ import annotations

import copy
import enum
import math
import re
from functools import lru_cache

import numpy as np
from manim import LEFT, MathTypst, Typst, VGroup, VMobject

from . import style

# -- typesetting ----------------------------------------------------------------


# These caches replace manim's own SVG cache, which deep-copies every new formula once to keep it
# (a fifth of a first still's time) and again on every hit; ``light_copy`` is the copy we need.
@lru_cache(maxsize=4096)
def _math_cached(expr: str, size: float) -> MathTypst:
    return _without_svg_paths(MathTypst(expr, font_size=size, use_svg_cache=False))


@lru_cache(maxsize=512)
def _text_cached(markup: str, size: float) -> Typst:
    return _without_svg_paths(Typst(markup, font_size=size, use_svg_cache=False))


def _without_svg_paths(mob):
    """``mob`` without the parsed SVG path each glyph keeps after its points are made from it: every
    ``Mobject.copy`` (each Transform and Fade copies what it moves) deep-copied those paths, tens of
    Python objects per curve, most of a warm still's time. The points are all that is drawn. The glyphs
    become :class:`_Glyph`, whose deep copy is the same but quicker. Of the groups the SVG had (one VGroup
    per element, each deep-copied with every copy), only those that Typst labels name are kept: ``select``
    reads no other."""
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    groups = getattr(mob, "id_to_vgroup_dict", None)
    if isinstance(groups, dict):
        named = {key for keys in getattr(mob, "_label_aliases", {}).values() for key in keys}
        mob.id_to_vgroup_dict = {key: group for key, group in groups.items() if key in named}

    for sub in mob.get_family():
        if type(sub) is VMobjectFromSVGPath:
            sub.path_obj = None  # only generate_points reads it, once, in __init__
            sub.__class__ = _glyph_class()
    return mob


@lru_cache(maxsize=1)
def _glyph_class() -> type:
    from manim import ManimColor
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    shared = (int, float, str, bool, type(None), enum.Enum, ManimColor, np.generic)

    class _Glyph(VMobjectFromSVGPath):
        """A typeset glyph. ``Mobject.__deepcopy__`` deep-copies every attribute through ``copy.deepcopy``;
        a glyph's are arrays, numbers, enums and colours (values manim never changes in place, so they are
        shared, as ``deepcopy`` shares numbers), and a few lists and dicts, copied deeply as before."""

        def __deepcopy__(self, memo: dict) -> _Glyph:
            new = object.__new__(type(self))
            memo[id(self)] = new
            attrs = new.__dict__
            for key, value in self.__dict__.items():
                if isinstance(value, np.ndarray):
                    attrs[key] = value.copy()
                elif isinstance(value, shared):
                    attrs[key] = value
                else:
                    attrs[key] = copy.deepcopy(value, memo)
            new.original_id = str(id(self))
            return new

    return _Glyph


def light_copy(mob):
    """A copy with its own points, colours and submobjects, sharing read-only metadata.

    ``Mobject.copy`` deep-copies everything (≈40 ms for a typeset formula); a readout that
    changes every frame cannot afford that.
    """
    copies: dict[int, VMobject] = {}
    new = _light_copy(mob, copies)
    groups = getattr(mob, "id_to_vgroup_dict", None)
    aliases = getattr(mob, "_label_aliases", None)
    if isinstance(groups, dict) and aliases:
        # Typst labels (``select``) must name the copy's glyphs, not the cached ones. Only the groups
        # that labels refer to are rebuilt (building one VGroup per SVG group cost ~10 ms a copy).
        new.id_to_vgroup_dict = dict(groups)
        for key in {k for ids in aliases.values() for k in ids}:
            if key in groups:
                new.id_to_vgroup_dict[key] = VGroup(*[copies[id(s)] for s in groups[key] if id(s) in copies])
    return new


def _light_copy(mob, copies: dict):
    new = copy.copy(mob)
    copies[id(mob)] = new
    for attr in ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
        value = getattr(mob, attr, None)
        if isinstance(value, np.ndarray):
            setattr(new, attr, value.copy())
    new.submobjects = [_light_copy(sub, copies) for sub in mob.submobjects]
    new.updaters = []
    return new


def formula(expr: str, size: float = style.LABEL, color: str | None = None) -> MathTypst:
    """Typeset Typst math (cached per process; returns a fresh copy)."""
    mob = light_copy(_math_cached(expr, float(size)))
    if color is not None:
        mob.set_color(color)
    return mob


def text(markup: str, size: float = style.BODY, color: str | None = None, width: float | None = None) -> Typst:
    """Typeset Typst markup; ``width`` (scene units) wraps it into a block of that width."""
    if width is not None:
        markup = f"#block(width: {width / units_per_pt(size):.1f}pt)[{markup}]"
    mob = light_copy(_text_cached(markup, float(size)))
    if color is not None:
        mob.set_color(color)
    return mob


def escape_markup(user_text: str) -> str:
    """User text (a title, a column name, a narration line) as Typst markup that shows exactly that
    text: whitespace and newlines folded to single spaces, every ASCII punctuation mark escaped, so
    ``#str(1+1)`` is shown, not run, and ``$``, ``*``, ``_``, ``@``, ``<`` are characters."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(user_text).split()))


@lru_cache(maxsize=64)
def units_per_pt(size: float) -> float:
    """Scene units per Typst point at a given font size (measured once with a ruler box)."""
    ruler = Typst("#box(width: 100pt, height: 1pt, fill: black)", font_size=size)
    return ruler.width / 100.0


# -- numbers --------------------------------------------------------------------


def fmt_number(x: float, digits: int = 2) -> str:
    """A number as Typst *math*: exact zero is ``0``; tiny non-zeros use scientific notation.

    ``0.0`` → ``0``; ``3.1e-9`` → ``3.1 times 10^(−9)``; ``0.3333`` → ``0.33``. Put it inside
    ``$…$``; for plain text use :func:`fmt_plain`.
    """
    if x == 0.0:
        return "0"
    if abs(x) < 10 ** (-digits):
        exp = int(math.floor(math.log10(abs(x))))
        mant = x / 10**exp
        if round(abs(mant), 1) >= 10:
            mant, exp = mant / 10, exp + 1
        return f"{mant:.1f} times 10^({exp})".replace("-", "−")
    return f"{x:.{digits}f}".replace("-", "−")


def fmt_sci(x: float, digits: int = 1, plain_between: tuple[float, float] | None = None) -> str:
    """A number far from 1 as Typst math in scientific notation with ``digits`` after the point:
    ``4.5 times 10^5``, ``2 times 10^(−15)`` (a mantissa that rounds to 10 moves up a power). With
    ``plain_between = (lo, hi)``, a magnitude in ``[lo, hi)`` is written plainly to 2 significant digits
    (``0.37``, ``79``). Exact zero is ``0``."""
    if x == 0.0:
        return "0"
    if plain_between is not None and plain_between[0] <= abs(x) < plain_between[1]:
        return f"{x:.2g}".replace("-", "−")
    exp = int(math.floor(math.log10(abs(x))))
    mant = f"{x / 10**exp:.{digits}f}"
    if abs(float(mant)) >= 10:
        exp += 1
        mant = f"{x / 10**exp:.{digits}f}"
    power = f"10^{exp}" if exp >= 0 else f"10^(−{-exp})"
    return f"{mant} times {power}".replace("-", "−")


def fmt_plain(x: float, digits: int = 2) -> str:
    """The same number as plain Unicode prose: ``0``, ``3.1 × 10⁻⁹``, ``0.33``."""
    return plain_math(fmt_number(x, digits))


_SUPER = dict(zip("0123456789+−-=()abcdeknimptx*T", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᵏⁿⁱᵐᵖᵗˣ*ᵀ", strict=True))
_SUB = dict(zip("0123456789+−-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_SYMBOLS = {"times": "×", "dot": "·", "approx": "≈", "plus.minus": "±", "minus.plus": "∓", "infinity": "∞",
            "lambda": "λ", "eta": "η", "alpha": "α", "rho": "ρ", "sigma": "σ", "in": "∈", "dots": "…",
            "arrow.r": "→", "arrow.l": "←", "<=": "≤", ">=": "≥", "!=": "≠", "->": "→"}
_OPERAND = r"[\wͰ-Ͽ̀-ͯ)‖⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᵏⁿⁱᵐᵖᵗˣᵀ*₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ]"


def _scripts(body: str, table: dict[str, str], mark: str) -> str:
    """``body`` in Unicode super/subscripts, or, where Unicode lacks one of its letters, ``mark`` and
    ``body`` as written (``2^q``, ``x_(i j)``), never run into the base."""
    if all(ch in table for ch in body):
        return "".join(table[ch] for ch in body)
    return f"{mark}({body})" if len(body) > 1 else f"{mark}{body}"


def plain_math(expr: str) -> str:
    r"""Typst math as readable plain Unicode (what subtitles and prose carry).

    ``"MSE"(w)`` → ``MSE(w)``; ``w_0`` → ``w₀``; ``λ^*`` → ``λ*``; ``a w_0 \/ (a + λ)`` →
    ``a·w₀/(a + λ)``; ``7.5 times 10^(−4)`` → ``7.5 × 10⁻⁴``; ``hat(w)`` → ``ŵ``;
    ``sqrt(x)`` → ``√(x)``; ``λ sum_i |w_i|`` → ``λ·Σᵢ|wᵢ|``; ``op("sign")(w)`` → ``sign(w)``;
    ``λ_min`` → ``λₘᵢₙ``; ``λ_"1se"`` → ``λ₁ₛₑ``.
    """
    import unicodedata

    # Quoted text is kept verbatim (protected from the rules below), as are op("…") names.
    kept: list[str] = []

    def keep(m: re.Match) -> str:
        kept.append(m.group(1))
        return f"\x00{len(kept) - 1}\x00"

    s = re.sub(r'op\("([^"]*)"\)', keep, expr)
    # a quoted subscript (λ_"1se"): subscript letters where Unicode has them all, else λ_1se
    def quoted_subscript(m: re.Match) -> str:
        if all(ch in _SUB for ch in m.group(1)):
            return _scripts(m.group(1), _SUB, "_")
        kept.append("_" + m.group(1))
        return f"\x00{len(kept) - 1}\x00"

    s = re.sub(r'_"([^"]*)"', quoted_subscript, s)
    s = re.sub(r'"([^"]*)"', keep, s)
    s = re.sub(r"\bhat\((\w)\)", lambda m: unicodedata.normalize("NFC", m.group(1) + "\u0302"), s)
    s = re.sub(r"\bsqrt\(", "√(", s)
    s = re.sub(r"\bnorm\(([^()]*)\)", r"‖\1‖", s)
    s = re.sub(r"\bsum(?:_(\w))?\s*", lambda m: "Σ" + (_scripts(m.group(1), _SUB, "_") if m.group(1) else ""), s)
    for word, sym in sorted(_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        s = re.sub(rf"(?<![\w.]){re.escape(word)}(?![\w.])", sym, s)
    s = re.sub(r"\\(.)", r"\1", s)  # Typst escapes: \/ is a slash, \* a star
    s = re.sub(r"\^\(([^()]*)\)", lambda m: _scripts(m.group(1), _SUPER, "^"), s)
    s = re.sub(r"\^(\S)", lambda m: _scripts(m.group(1), _SUPER, "^"), s)
    s = re.sub(r"_\(([^()]*)\)", lambda m: _scripts(m.group(1), _SUB, "_"), s)
    s = re.sub(r"_([A-Za-z0-9\u0370-\u03ff]+)", lambda m: _scripts(m.group(1), _SUB, "_"), s)  # Typst: x_min's subscript is "min"
    s = re.sub(rf"(?<={_OPERAND}) +(?=[\w\u0370-\u03ff(√Σ\x00])", "·", s)  # a space between factors: a product
    s = re.sub(r"\s*([/·×])\s*", lambda m: m.group(1) if m.group(1) != "×" else " × ", s)
    s = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], s)
    return s.strip()


@lru_cache(maxsize=64)
def _digit_offsets(size: float) -> dict[str, np.ndarray]:
    """Where each digit's ink sits relative to a "0" typeset in the same slot (the font's digits
    share one advance width): the shift from a "0" glyph's lower-left corner to digit d's."""
    pair = _math_cached("00", size)
    advance = pair.submobjects[1].get_left()[0] - pair.submobjects[0].get_left()[0]
    out = {}
    for d in "0123456789":
        two = _math_cached(f"0{d}", size)
        zero, glyph = two.submobjects
        out[d] = np.array([glyph.get_left()[0] - zero.get_left()[0] - advance,
                           glyph.get_bottom()[1] - zero.get_bottom()[1], 0.0])
    return out


def number_formula(prefix: str, value: str, size: float = style.LABEL, color: str | None = None):
    """``prefix`` followed by the plain number text ``value`` (digits, ".", "−", ",", "(", ")", spaces),
    typeset once per digit *pattern* and then given its digits glyph by glyph.

    A readout that changes every frame would otherwise wait for Typst on every frame;
    "1.34" and "2.71" share the typeset pattern "0.00". Other text falls back to ``formula``.
    """
    if not re.fullmatch(r"[0-9.,()−\- ]*", value):
        return formula(prefix + value, size, color)
    pattern = re.sub(r"[1-9]", "0", value)
    mob = formula(prefix + pattern, size, color)
    chars = value.replace(" ", "")
    glyphs = mob.submobjects[len(mob.submobjects) - len(chars):]
    offsets = _digit_offsets(float(size))
    for glyph, ch in zip(glyphs, chars, strict=True):
        if ch in "123456789":
            digit = light_copy(_math_cached(f"0{ch}", float(size)).submobjects[1])
            if color is not None:
                digit.set_color(color)
            corner = np.array([glyph.get_left()[0], glyph.get_bottom()[1], 0.0])
            digit.shift(corner + offsets[ch] - np.array([digit.get_left()[0], digit.get_bottom()[1], 0.0]))
            glyph.set_points(digit.points)  # one outline for another; colour and style stay
    return mob


def swap_content(group: VGroup, new: VMobject) -> VGroup:
    """Show ``new`` inside ``group`` instead of its children, in place.

    ``become`` aligns the two point sets curve by curve in Python (about 0.5 ms per glyph);
    a readout that changes every frame only needs its child replaced.
    """
    group.submobjects = [new]
    return group


class Readout(VGroup):
    """``label = value``, typeset as one formula; re-typeset only when the shown text changes."""

    def __init__(self, label: str, value: float, *, color: str, digits: int = 2, size: float = style.LABEL):
        super().__init__()
        self.label, self.color_name, self.digits, self.size = label, color, digits, size
        self.shown: str | None = None
        self.max_width: float | None = None  # set by the layout; longer texts are scaled down
        self.value = value
        self.set_value(value)

    def set_value(self, value: float) -> Readout:
        self.value = value
        s = fmt_number(value, self.digits)
        if s != self.shown:
            new = number_formula(f"{self.label} = ", s, self.size, self.color_name)
            if self.shown is not None:
                new.scale(self.height / new.height)  # keep the size the layout gave it
            if self.max_width is not None and new.width > self.max_width:
                new.scale_to_fit_width(self.max_width)
            if self.shown is not None:
                new.move_to(self.get_left(), aligned_edge=LEFT)
            swap_content(self, new)
            self.shown = s
        return self
