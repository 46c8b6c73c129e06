"""``l1l2 article``: the lecture as a web article and a printable handout (issue 25).

It reads the same lecture file as ``l1l2 lecture`` (chapters, order, parameters, narration lines) and writes
``renders/article/index.html`` with its ``assets/``: a title, the contents, and each part and chapter as a
section. A chapter has its clip (looping muted, WebM and MP4, a poster, a captions track), its beats'
sentences as prose with the math as MathML (:mod:`l1l2.web.prose`) in paragraphs of a few sentences, each
followed by its last beat's built frame (a paragraph ends at each beat a recap or the summary shows, and a
picture that has not changed since the last figure is not shown twice), its interactive page where there is
one, and the command that re-renders its clip. Each part ends with its recap, the article with "When to use which"
and the references.

The look is the article's, not the video lecture's: the light theme, and the sentences in the prose and the
captions track rather than inside the frame (``--theme dark``, ``--captions`` to change them). Quality,
aspect, chapters and parameters come from the file. Renders are cached like any render, so an article of an
unchanged lecture only assembles; the folder is replaced whole. ``--one-file`` inlines everything (the MP4
only: it plays everywhere, and one video per chapter halves the file). A print stylesheet lays each chapter
out with its stills instead of its clip, and ``--pdf`` prints it through headless Chromium.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scenes.kit.captions import plain_text

from .files import changed_params, replace_folder, save_png, work_dir
from .lecture import Lecture, content_rows, part_numeral, render_chapters
from .web.page import escape_html, script_asset, standalone_page

ARTICLE_NAME = "article"
CLIP_FORMATS = ("webm", "mp4")  # WebM first: Chromium builds without H.264 play it
MIME = {"webm": "video/webm", "mp4": "video/mp4", "vtt": "text/vtt", "png": "image/png", "html": "text/html"}
PARAGRAPH_CHARS = 320  # sentences are gathered into paragraphs of about this many characters

# The seeds' sources and the data's, cited in full.
REFERENCES: tuple[str, ...] = (
    "Tibshirani, R. (1996). Regression shrinkage and selection via the lasso. <i>Journal of the Royal Statistical "
    "Society: Series B (Methodological)</i>, 58(1), 267–288.",
    "Hastie, T., Tibshirani, R. and Friedman, J. (2009). <i>The Elements of Statistical Learning: Data Mining, "
    "Inference, and Prediction</i>, 2nd ed. Springer. §3.4 and Figure 3.11 (the diamond and the disc); §3.2 "
    "and Table 3.3 (the prostate data).",
    "Bishop, C. M. (2006). <i>Pattern Recognition and Machine Learning</i>. Springer. §3.1.4 and Figure 3.4.",
    "Efron, B., Hastie, T., Johnstone, I. and Tibshirani, R. (2004). Least angle regression. <i>The Annals of "
    "Statistics</i>, 32(2), 407–499 (the diabetes data and the lasso path).",
    "Zou, H. and Hastie, T. (2005). Regularization and variable selection via the elastic net. <i>Journal of the "
    "Royal Statistical Society: Series B (Statistical Methodology)</i>, 67(2), 301–320.",
    "Parr, T. (2018). <i>A visual explanation for regularization of linear models</i>. explained.ai.",
    "Stamey, T. A., Kabalin, J. N., McNeal, J. E., Johnstone, I. M., Freiha, F., Redwine, E. A. and Yang, N. "
    "(1989). Prostate specific antigen in the diagnosis and treatment of adenocarcinoma of the prostate. II. "
    "Radical prostatectomy treated patients. <i>Journal of Urology</i>, 141(5), 1076–1083.",
    "Longley, J. W. (1967). An appraisal of least squares programs for the electronic computer from the point "
    "of view of the user. <i>Journal of the American Statistical Association</i>, 62(319), 819–841.",
)


@dataclasses.dataclass(frozen=True)
class Sentence:
    beat: str
    markup: str  # the caption (or the lecturer's line, escaped) as Typst markup
    plain: str  # as the captions track reads it


@dataclasses.dataclass(frozen=True)
class Still:
    beat: str
    file: str  # in assets/
    lesson: str  # what it shows, when a recap or the summary shows it too (their sentences); else ""


@dataclasses.dataclass(frozen=True)
class ArticleChapter:
    number: int
    title: str
    part: str
    scene: str
    anchor: str
    clip: dict[str, str]  # format → file in assets/ (webm, mp4, vtt, poster)
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[str, ...], ...]  # the beats of each paragraph, in order
    stills: tuple[Still, ...]  # at the end of a paragraph: its last beat's built frame
    interactive: str  # its interactive page's file in assets/, or ""
    command: str  # the l1l2 command that re-renders the clip, byte for byte


@dataclasses.dataclass
class ArticleResult:
    index: Path
    chapters: list[ArticleChapter]
    rendered: list[str]  # scenes rendered this time (not cached)
    seconds: float
    pdf: Path | None = None


def lessons_of(scene: str) -> dict[str, str]:
    """beat → lesson: the beats of ``scene`` whose built frames the recaps and the closing summary show, with
    what they say (two lessons of one beat are both kept)."""
    from scenes.kit import summary

    lessons: dict[str, str] = {}
    for point, s, beat in (*summary.POINTS, *summary.GUIDE):
        if s == scene and point not in lessons.get(beat, ""):
            lessons[beat] = f"{lessons[beat]} {point}" if beat in lessons else point
    return lessons


def paragraphs_of(sentences: tuple[Sentence, ...], lessons: dict[str, str]) -> list[list[str]]:
    """The beats gathered into paragraphs of about :data:`PARAGRAPH_CHARS` characters; a lesson's beat ends one.
    Each paragraph is followed by its last beat's picture, so no sentence is far from what it describes."""
    out: list[list[str]] = [[]]
    length = 0
    for s in sentences:
        if length > PARAGRAPH_CHARS:
            out.append([])
            length = 0
        out[-1].append(s.beat)
        length += len(s.plain)
        if s.beat in lessons and s is not sentences[-1]:
            out.append([])
            length = 0
    return [p for p in out if p]


def build_article(lecture: Lecture, *, out_dir: Path | str = "renders", workers: int = 1, force: bool = False,
                  progress: Callable[[str], None] | None = None, coarse: bool = False, one_file: bool = False,
                  pdf: bool = False, source: str = "", folder: str = ARTICLE_NAME, scheduler: str | None = None) -> ArticleResult:
    """Render (or find) every chapter and write ``<out_dir>/article/index.html`` with ``assets/`` and
    ``article.json`` (with ``one_file``, ``index.html`` alone; with ``pdf``, ``article.pdf`` too). ``source``
    is the lecture file's name for the page's own reproduce line."""
    from .encode import frames_at
    from .render import reproduce_command
    from .web.interactive import INTERACTIVES, interactive_page

    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    out_dir = Path(out_dir)
    if pdf:
        chromium()  # before any rendering: a missing browser is a clear error, not a late one
    jobs, results, rendered = render_chapters(lecture, out_dir=out_dir, workers=workers, force=force, scheduler=scheduler,
                                              progress=progress, coarse=coarse, formats=CLIP_FORMATS, poster=True)
    settings = lecture.settings
    chapters: list[ArticleChapter] = []
    with work_dir("article", beside=out_dir) as tmp:
        work = Path(tmp) / folder
        assets = work / "assets"
        assets.mkdir(parents=True)
        for k, (ch, job, res) in enumerate(zip(lecture.chapters, jobs, results, strict=True), 1):
            say(f"article: chapter {k}/{len(lecture.chapters)}")
            stem = f"{k:02d}-{ch.scene}"
            clip = {}
            for fmt, ext in (("webm", "webm"), ("mp4", "mp4"), ("vtt", "vtt"), ("poster", "png")):
                name = f"{stem}.{ext}" if fmt != "poster" else f"{stem}-poster.png"
                shutil.copyfile(res.outputs[fmt], assets / name)
                clip[fmt] = name
            beats = res.timeline.beats
            sentences = tuple(Sentence(b.name, b.caption, plain_text(b.caption)) for b in beats)
            lessons = lessons_of(ch.scene)
            paragraphs = paragraphs_of(sentences, lessons)
            ends = [p[-1] for p in paragraphs]
            frames = frames_at(res.outputs["mp4"], [res.timeline.still_time(b, settings.frame_rate) for b in ends])
            rows = frames[0].shape[0] if settings.captions else content_rows(settings, frames[0].shape[0])
            pictures: list[tuple[str, str, Any]] = []  # (beat, lesson, frame) of the figures kept
            for beat, frame in zip(ends, frames, strict=True):
                frame = frame[:rows]  # without the empty caption band: the prose says it
                if pictures and same_picture(pictures[-1][2], frame):
                    # the picture has not changed since the last figure: one figure, at the later place
                    before = pictures.pop()
                    lesson = " ".join(x for x in (before[1], lessons.get(beat, "")) if x)
                    pictures.append((beat, lesson, frame))
                else:
                    pictures.append((beat, lessons.get(beat, ""), frame))
            stills = []
            for beat, lesson, frame in pictures:
                name = f"{stem}-{beat}.png"
                save_png(frame, assets / name)
                stills.append(Still(beat, name, lesson))
            page = ""
            if ch.scene in INTERACTIVES:
                html, _ = interactive_page(ch.scene, dict(changed_params(ch.params)), theme=settings.theme,
                                           aspect=settings.aspect)
                page = f"{stem}-interactive.html"
                (assets / page).write_text(html, encoding="utf-8")
            chapters.append(ArticleChapter(k, ch.title, ch.part, ch.scene, f"chapter-{k}", clip, sentences,
                                           tuple(tuple(p) for p in paragraphs), tuple(stills), page,
                                           reproduce_command(job)))
        say("article: the page")
        index = work / "index.html"
        index.write_text(article_page(lecture, chapters, assets, one_file, source), encoding="utf-8")
        (work / "article.json").write_text(json.dumps({
            "title": lecture.title, "theme": settings.theme, "aspect": settings.aspect, "quality": settings.quality,
            "command": article_command(lecture, source, one_file), "one_file": one_file,
            "chapters": [dataclasses.asdict(c) for c in chapters]}, indent=2, ensure_ascii=False), encoding="utf-8")
        printed = None
        if pdf:
            say("article: printing article.pdf")
            printed = print_pdf(index, work / "article.pdf")
        if one_file:
            shutil.rmtree(assets)
        replace_folder(work, out_dir / folder)
    dest = out_dir / folder
    return ArticleResult(dest / "index.html", chapters, rendered, time.perf_counter() - t0,
                         dest / printed.name if printed else None)


def same_picture(a: Any, b: Any) -> bool:
    """Two frames a reader would call the same picture: on average under half a level apart (of 255)."""
    import numpy as np

    return a.shape == b.shape and float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean()) < 0.5


def article_command(lecture: Lecture, source: str, one_file: bool) -> str:
    import shlex

    s = lecture.settings
    words = ["l1l2", "article", *([source] if source else []), "-q", s.quality]
    if s.theme != "light":
        words += ["--theme", s.theme]
    if s.aspect != "16:9":
        words += ["--aspect", s.aspect]
    if s.captions:
        words.append("--captions")
    if one_file:
        words.append("--one-file")
    return shlex.join(words)


# -- the page ------------------------------------------------------------------------------------------


def data_url(path: Path) -> str:
    return f"data:{MIME[path.suffix[1:]]};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def article_page(lecture: Lecture, chapters: list[ArticleChapter], assets: Path, inline: bool = False,
                 source: str = "") -> str:
    """The article as one HTML document; ``assets`` are referenced in ``assets/`` or, with ``inline``, carried
    inside as ``data:`` URLs and ``srcdoc`` frames."""
    from scenes.kit import summary

    from .embed import embed_snippet
    from .web.interactive import INTERACTIVES
    from .web.interactive import embed_snippet as frame_snippet
    from .web.prose import captions_html, mathml_css

    e = escape_html
    settings = lecture.settings
    parts = list(dict.fromkeys(c.part for c in chapters))
    several = len(parts) > 1
    chapter_h = 3 if several else 2  # h1 the title, h2 a part (when there are several), then the chapter

    def url(name: str) -> str:
        return data_url(assets / name) if inline else f"assets/{name}"

    def part_label(part: str) -> str:
        return f"Part {part_numeral(parts.index(part))}"

    keys = [(c.number, s.beat) for c in chapters for s in c.sentences]
    typeset = dict(zip(keys, captions_html([s.markup for c in chapters for s in c.sentences]), strict=True))
    figure = 0
    toc, body = [], []
    for part in parts:
        mine = [c for c in chapters if c.part == part]
        items = "".join(f'<li><a href="#{c.anchor}">{e(c.title)}</a></li>' for c in mine)
        if several:
            pid = f"part-{parts.index(part) + 1}"
            has_recap = lecture.summary and any(s == c.scene for c in mine for _, s, _ in summary.POINTS)
            recap_item = (f'<ul><li><a href="#{pid}-recap">{part_label(part)} recap</a></li></ul>'
                          if has_recap else "")
            toc.append(f'<li><a href="#{pid}">{part_label(part)}: {e(part)}</a>'
                       f'<ol start="{mine[0].number}">{items}</ol>{recap_item}</li>')
            body.append(f'<section class="part" id="{pid}" aria-labelledby="{pid}-h">'
                        f'<h2 id="{pid}-h"><span class="kicker">{part_label(part)}</span> {e(part)}</h2>')
        else:
            toc.append(items)
        for c in mine:
            h = chapter_h
            out = [f'<section class="chapter" id="{c.anchor}" aria-labelledby="{c.anchor}-h">',
                   f'<h{h} id="{c.anchor}-h"><span class="kicker">Chapter {c.number}</span> {e(c.title)}</h{h}>']
            outputs = {f: Path(n) for f, n in c.clip.items() if f != "vtt"
                       if not inline or f != "webm"}  # one file: the MP4 alone (it plays everywhere)
            snippet = embed_snippet(outputs, settings.size, alt=f"The chapter's animation: {c.title}",
                                    prefix="" if inline else "assets/", controls=True)
            if inline:  # data: URLs in place of the file names
                for p in outputs.values():
                    snippet = snippet.replace(f'"{p.name}"', f'"{url(p.name)}"')
            # the captions track inside the page (a data: URL): Chromium loads no <track> file from file://
            track = (f'<track kind="captions" src="{data_url(assets / c.clip["vtt"])}" srclang="en" '
                     'label="English">')
            snippet = snippet.replace("</video>", f"{track}\n</video>")
            out.append(f'<figure class="clip">{snippet}<figcaption>Chapter {c.number} as it plays: silent and '
                       "looping; CC in the player shows its captions.</figcaption></figure>")
            at_still = {s.beat: s for s in c.stills}
            sentences = {s.beat: s for s in c.sentences}
            for paragraph in c.paragraphs:
                spans = [f'<span class="sentence" data-beat="{e(b)}">{typeset[(c.number, b)]}</span>' for b in paragraph]
                out.append(f"<p>{' '.join(spans)}</p>")
                still = at_still.get(paragraph[-1])
                if still is None:
                    continue
                figure += 1
                w, hgt = settings.size
                hgt = hgt if settings.captions else content_rows(settings, hgt)
                what = f" {e(still.lesson)}" if still.lesson else ""
                out.append(f'<figure class="still" id="figure-{figure}"><a href="{e(url(still.file))}">'
                           f'<img src="{e(url(still.file))}" width="{w}" height="{hgt}" '
                           f'alt="{e(sentences[still.beat].plain)}" decoding="async"></a>'
                           f"<figcaption><b>Figure {figure}.</b>{what}</figcaption></figure>")
            if c.interactive:
                item = INTERACTIVES[c.scene]
                frame = frame_snippet(c.scene, item.title, settings.aspect, src=url(c.interactive))
                if inline:
                    page = (assets / c.interactive).read_text(encoding="utf-8")
                    frame = frame.replace(f'src="{e(url(c.interactive))}"', f'srcdoc="{e(page)}"')
                frame = frame.replace(' loading="lazy"', "")
                # its title and what to do are on the page in the frame; on paper, what it lets a reader try
                out.append(f'<aside class="interactive" aria-labelledby="{c.anchor}-try"><h{h + 1} id="{c.anchor}-try">'
                           f"Try it yourself</h{h + 1}>{frame}"
                           f'<p class="print-only">In the web version of this article, a page you drive: '
                           f"{e(item.title)}. {e(item.lede)}</p></aside>")
            out.append(f'<p class="reproduce">Reproduce this clip: <code>{e(c.command)}</code></p></section>')
            body.extend(out)
        if several:
            recap = [(p, c) for c in mine for p, s, _ in summary.POINTS if s == c.scene] if lecture.summary else []
            if recap:
                body.append(f'<aside class="recap" id="part-{parts.index(part) + 1}-recap" '
                            f'aria-labelledby="part-{parts.index(part) + 1}-recap-h">'
                            f'<h3 id="part-{parts.index(part) + 1}-recap-h">{part_label(part)} recap</h3><ul>'
                            + "".join(f'<li>{e(p)} <a href="#{c.anchor}">({e(c.title)})</a></li>' for p, c in recap)
                            + "</ul></aside>")
            body.append("</section>")
    closing = []
    if lecture.summary:
        by_scene = {c.scene: c for c in reversed(chapters)}
        guide = [(p, by_scene[s]) for p, s, _ in summary.GUIDE if s in by_scene]
        if guide:
            toc.append(f'<li><a href="#summary">{e(summary.TITLE)}</a></li>')
            closing.append(f'<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">{e(summary.TITLE)}'
                           "</h2><ul>" + "".join(f'<li>{e(p)} <a href="#{c.anchor}">(Chapter {c.number}: '
                                                 f"{e(c.title)})</a></li>" for p, c in guide) + "</ul></section>")
    toc.append('<li><a href="#references">References</a></li>')
    closing.append('<section id="references" aria-labelledby="references-h"><h2 id="references-h">References</h2>'
                   "<ol>" + "".join(f"<li>{r}</li>" for r in REFERENCES) + "</ol></section>")
    command = article_command(lecture, source, inline)
    head = (f'<header><a class="skip" href="#{chapters[0].anchor}">Skip to chapter 1</a>'
            f'<h1>{e(lecture.title)}</h1><p class="lede">{len(chapters)} chapter{"s" if len(chapters) != 1 else ""}'
            '. Each tells its story in words with its pictures<span class="screen-only">, plays as a short silent '
            "animation (pause it with its controls; CC shows its captions), and where it has one, ends with a page "
            "to try it yourself</span>.</p>"
            f'<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>{"".join(toc)}</ol></nav>'
            "</header>")
    foot = (f'<footer><p>Made with l1l2-explainer: <code>{e(command)}</code> writes this article again.</p>'
            "</footer>")
    page = f'<main id="article">{head}{"".join(body)}{"".join(closing)}{foot}</main>'
    return standalone_page(lecture.title, page, theme=settings.theme, frames=True,
                           styles=mathml_css() + script_asset("article.css"), scripts=(script_asset("article.js"),))


# -- print -----------------------------------------------------------------------------------------------


def chromium() -> str:
    """Debian's Chromium (or Google Chrome) for ``--pdf``; a missing one is a :class:`ParamError` (exit 2, like a
    missing optional extra) saying how to install it."""
    from scenes.kit.params import ParamError

    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    raise ParamError("article --pdf: needs Chromium to print (Debian: apt-get install chromium); "
                      "or open index.html and print it from any browser")


def print_pdf(index: Path, dest: Path) -> Path:
    """``index`` printed to ``dest`` by headless Chromium with the page's print stylesheet (A4; the stills in
    place of the clips), no header or footer."""
    from .run import RenderError

    with tempfile.TemporaryDirectory(prefix="l1l2-chromium-") as profile:
        done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               f"--user-data-dir={profile}", "--no-pdf-header-footer", "--virtual-time-budget=5000",
                               f"--print-to-pdf={dest}", index.resolve().as_uri()],
                              capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not dest.is_file() or dest.stat().st_size == 0:
        raise RenderError(f"article --pdf: Chromium could not print ({done.returncode}): "
                          f"{(done.stderr.strip().splitlines() or ['no message'])[-1]}")
    return dest
