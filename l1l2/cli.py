"""``l1l2``: the command line, thin over the library API (:mod:`l1l2.job`, :mod:`l1l2.render`, …).

Each command parses its options into validated jobs (:func:`l1l2.job.make_job`) and
hands them down; nothing below the CLI sees ``argparse``.

Exit codes: 0 success; 2 bad usage or input (one line on stderr naming the
parameter and what is allowed; nothing written); 1 a render failure.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from scenes.kit.params import ParamError, describe

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        raise UsageError(message)


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, default=_json_default))


def _json_default(o: Any) -> Any:
    import numpy as np

    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o).__name__)


def _overrides(args: argparse.Namespace, scene: str) -> dict[str, Any]:
    """Parameters for ``scene``: the ``--config`` file's ``[scene]`` table (or its top level), then ``--set``."""
    from .job import scene_overrides

    return scene_overrides(scene, getattr(args, "config", None), getattr(args, "set", None))


def _settings(args: argparse.Namespace, default_quality: str = "hd"):
    from .settings import RenderSettings

    return RenderSettings(quality=getattr(args, "quality", None) or default_quality,
                          theme=getattr(args, "theme", "dark"), aspect=getattr(args, "aspect", "16:9"),
                          captions=not getattr(args, "no_captions", False),
                          transparent=getattr(args, "transparent", False)).check()


def _number(option: str, text: str) -> float:
    """A number on the command line, by the one rule ``--set`` follows (ASCII digits, no ``_``)."""
    from scenes.kit.params import number

    try:
        return number(option, text)
    except ValueError as err:
        raise UsageError(str(err)) from None


def _scheduler(args: argparse.Namespace) -> str | None:
    """``--scheduler``: a Dask scheduler's address (``tcp://HOST:PORT``), checked for its form here and
    reached before anything renders (:func:`l1l2.cluster.connect`)."""
    address = getattr(args, "scheduler", None)
    if address is None:
        return None
    import re

    if not re.fullmatch(r"(tcp|tls)://[A-Za-z0-9._\-\[\]:]+:[0-9]{1,5}", address):
        raise UsageError(f"--scheduler: must be a Dask scheduler address like tcp://HOST:8786, got {address!r}")
    if getattr(args, "jobs", "1") not in ("1", None):
        raise UsageError("--scheduler/-j: give one of them: the cluster's workers replace -j's processes")
    return address


def _workers(args: argparse.Namespace) -> int:
    from scenes.kit.params import INT_TEXT

    text = args.jobs.strip()
    if not INT_TEXT.fullmatch(text) or int(text) < 1:
        raise UsageError(f"-j/--jobs: must be a whole number >= 1 written with ASCII digits, got {args.jobs!r}")
    return int(text)


def _progress(quiet: bool):
    if quiet:
        return None
    tty = sys.stderr.isatty()

    def say(msg: str) -> None:
        sys.stderr.write(("\r\033[K" if tty else "") + msg + ("" if tty else "\n"))
        sys.stderr.flush()

    return say


# -- commands ---------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from scenes.kit.registry import all_specs

    specs = all_specs()
    if args.json:
        _print_json([{"name": s.name, "description": s.description, "chapter": s.chapter, "beats": list(s.beats)}
                     for s in specs])
    else:
        width = max(len(s.name) for s in specs)
        for s in specs:
            print(f"{s.name:<{width}}  {s.description}")
    return EXIT_OK


def cmd_params(args: argparse.Namespace) -> int:
    from .job import resolve

    spec, _ = resolve(args.name)
    infos = describe(spec.params_class)
    if args.json:
        _print_json({"scene": spec.name, "params": [i.as_dict() for i in infos], "beats": spec.beats})
    else:
        for i in infos:
            print(f"{i.name:<14} {i.type:<5} default {i.default!s:<6} {i.allowed:<34} {i.help}")
        print("\nbeats: " + ", ".join(spec.beats))
    return EXIT_OK


def cmd_solve(args: argparse.Namespace) -> int:
    from .run import solve

    result = solve(args.name, _overrides(args, args.name))
    if args.json:
        _print_json(result)
    else:
        for key, value in result["numbers"].items():
            if key != "data":
                print(f"{key}: {json.dumps(value, default=_json_default)}")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from scenes.kit.registry import all_specs

    from .job import make_job
    from .parallel import render_many

    if args.all and args.names:
        raise UsageError(f"render: give scene names or --all, not both (got --all and {' '.join(args.names)})")
    names = [s.name for s in all_specs()] if args.all else args.names
    if not names:
        raise UsageError("render: give scene names or --all")
    workers = _workers(args)
    settings = _settings(args)
    # Validate everything before writing anything (recordings included: a bad one stops here).
    jobs = [make_job(name, _overrides(args, name), settings=settings, formats=args.format.split(","),
                     poster=args.poster, force=args.force,
                     voice_kind="" if args.voice is None else "voice")
            for name in dict.fromkeys(names)]
    say = _progress(args.quiet)
    if args.voice is not None:  # "" too: voiced_jobs refuses it, as for lecture and script
        from .narration import voiced_jobs

        jobs = voiced_jobs(jobs, args.voice, args.output, _warn, say)
    outcomes = render_many(jobs, args.output, workers=workers, write=say, coarse=not sys.stderr.isatty(),
                           scheduler=_scheduler(args))
    if say and sys.stderr.isatty():
        sys.stderr.write("\n")
    failed = []
    for o in outcomes:
        if o.result is None:
            failed.append(o.job.scene)
            where = f" (log: {o.log})" if o.log and o.log.is_file() and o.log.stat().st_size else ""
            print(f"l1l2: render failed: {o.error}{where}", file=sys.stderr)  # the error names its scene
            continue
        for _fmt, path in o.result.outputs.items():
            print(path)
        if say:
            how = "cached" if o.result.extra.get("cached") else f"in {o.result.seconds:.1f} s"
            voiced = (f", {len(o.job.voice)} of {len(o.job.spec.beats)} beats narrated" if o.job.voice_kind else "")
            print(f"{o.job.scene}: {o.result.timeline.duration:.1f} s of video {how}{voiced}", file=sys.stderr)
    if len(failed) > 1:
        print(f"l1l2: render failed: {', '.join(failed)}", file=sys.stderr)
    return EXIT_FAIL if failed else EXIT_OK


def _warn(msg: str) -> None:
    print(f"l1l2: warning: {msg}", file=sys.stderr)


def cmd_still(args: argparse.Namespace) -> int:
    from .stills import render_still

    settings = _settings(args)
    at = None if args.at is None else _number("--at", args.at)
    path = render_still(args.name, beat=args.beat, at=at, overrides=_overrides(args, args.name),
                        settings=settings, out_dir=args.output, force=args.force)
    print(path)
    return EXIT_OK


def cmd_storyboard(args: argparse.Namespace) -> int:
    from .storyboard import render_storyboard

    settings = _settings(args, default_quality="draft")
    print(render_storyboard(args.name, overrides=_overrides(args, args.name), settings=settings, out_dir=args.output,
                            from_video=args.from_video, progress=_progress(args.quiet)))
    return EXIT_OK


def cmd_lecture(args: argparse.Namespace) -> int:
    from .lecture import load_lecture, render_lecture

    workers = _workers(args)
    lecture = load_lecture(args.file, quality=args.quality, theme=args.theme, aspect=args.aspect)
    say = _progress(args.quiet)
    result = render_lecture(lecture, out_dir=args.output, workers=workers, force=args.force, progress=say,
                           scheduler=_scheduler(args),
                            coarse=not sys.stderr.isatty(), voice=args.voice, warn=_warn)
    if say and sys.stderr.isatty():
        sys.stderr.write("\n")
    for path in result.outputs.values():
        print(path)
    if say:
        fresh = ", ".join(result.rendered) or "none (all cached)"
        n = len(result.chapters)
        print(f"lecture: {result.duration:.1f} s, {n} chapter{'s' if n != 1 else ''} in {result.seconds:.1f} s; "
              f"scenes rendered: {fresh}", file=sys.stderr)
    return EXIT_OK


def cmd_slides(args: argparse.Namespace) -> int:
    from .lecture import load_lecture
    from .slides import build_slides

    workers = _workers(args)
    lecture = load_lecture(args.file, quality=args.quality, theme=args.theme, aspect=args.aspect)
    say = _progress(args.quiet)
    formats = tuple(dict.fromkeys(f.strip() for f in args.format.split(",")))
    bad = [f for f in formats if f not in ("html", "pptx")]
    if bad:
        raise UsageError(f"--format: must be html, pptx or both (comma list), got {bad[0]!r}")
    result = build_slides(lecture, out_dir=args.output, workers=workers, force=args.force, progress=say,
                           scheduler=_scheduler(args),
                          coarse=not sys.stderr.isatty(), formats=formats, one_file=args.one_file)
    _report_page("slides", f"{len(result.slides)} slide{'s' if len(result.slides) != 1 else ''}", result, say,
                 [result.index.with_name("slides.pptx")] if "pptx" in formats else [])
    return EXIT_OK


def _report_page(kind: str, what: str, result: Any, say: Any, more: list[Path]) -> None:
    """What ``slides`` and ``article`` print: the files on stdout; with progress on, a summary on stderr."""
    if say and sys.stderr.isatty():
        sys.stderr.write("\n")
    for path in (result.index, *more):
        print(path)
    if say:
        fresh = ", ".join(result.rendered) or "none (all cached)"
        size = result.index.stat().st_size
        shown = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 2**10:.0f} KiB"
        print(f"{kind}: {what} in {result.seconds:.1f} s (index.html {shown}); scenes rendered: {fresh}",
              file=sys.stderr)


def cmd_article(args: argparse.Namespace) -> int:
    from .article import build_article
    from .lecture import load_lecture

    workers = _workers(args)
    # the article's look: light, the sentences in the prose rather than in the frame (the file's are the video's)
    lecture = load_lecture(args.file, quality=args.quality, theme=args.theme or "light", aspect=args.aspect,
                           captions=args.captions)
    say = _progress(args.quiet)
    result = build_article(lecture, out_dir=args.output, workers=workers, force=args.force, progress=say,
                           scheduler=_scheduler(args),
                           coarse=not sys.stderr.isatty(), one_file=args.one_file, pdf=args.pdf,
                           source=str(args.file) if args.file else "")
    n = len(result.chapters)
    _report_page("article", f"{n} chapter{'s' if n != 1 else ''}", result, say, [result.pdf] if result.pdf else [])
    return EXIT_OK


def cmd_script(args: argparse.Namespace) -> int:
    from .lecture import lecture_script, load_lecture

    lecture = load_lecture(args.file, quality=args.quality)
    say = _progress(args.quiet)
    outputs = lecture_script(lecture, args.output, scene=args.scene, lecture_file=args.file, progress=say,
                             voice=args.voice, warn=_warn)
    if say and sys.stderr.isatty():
        sys.stderr.write("\n")
    for path in outputs.values():
        print(path)
    return EXIT_OK


def cmd_studio(args: argparse.Namespace) -> int:
    from .studio import serve

    text = (args.port or "0").strip()
    if not text.isascii() or not text.isdigit() or not 0 <= int(text) <= 65535:
        raise UsageError(f"--port: must be a whole number from 0 (any free port) to 65535, got {args.port!r}")
    try:
        serve(args.output, int(text), open_browser=not args.no_browser)
    except KeyboardInterrupt:
        print("studio: stopped", file=sys.stderr)
    return EXIT_OK


def cmd_interactive(args: argparse.Namespace) -> int:
    import shlex

    from .web.interactive import INTERACTIVES, check_name, interactive_page, write_interactive

    if args.all and args.names:
        raise UsageError(f"interactive: give names or --all, not both (got --all and {' '.join(args.names)})")
    names = list(INTERACTIVES) if args.all else list(dict.fromkeys(args.names))
    if not names:
        raise UsageError(f"interactive: give names or --all (interactives: {', '.join(INTERACTIVES)})")
    overrides = {}
    for name in names:  # everything checked before anything is written
        check_name(name)
        overrides[name] = _overrides(args, name)
        interactive_page(name, overrides[name], theme=args.theme, aspect=args.aspect)
    for name in names:
        opts = [f"--theme={args.theme}"] * (args.theme != "dark") + [f"--aspect={args.aspect}"] * (args.aspect != "16:9")
        opts += [f"--set={k}={v}" for k, v in overrides[name].items()]
        paths = write_interactive(name, overrides[name], theme=args.theme, aspect=args.aspect, out_dir=args.output,
                                  command=shlex.join(["l1l2", "interactive", name, *opts]))
        print(paths["html"])
        if not args.quiet:
            size = paths["html"].stat().st_size
            print(f"{name}: {size / 1024:.0f} KiB, embed with {paths['embed']}", file=sys.stderr)
    return EXIT_OK


def cmd_gallery(args: argparse.Namespace) -> int:
    from .gallery import write_gallery

    print(write_gallery(args.output))
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_checks

    return EXIT_OK if run_checks(print) == 0 else EXIT_FAIL


# -- parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from scenes.kit.layout import ASPECTS
    from scenes.kit.style import THEMES

    from .formats import FORMATS
    from .settings import QUALITIES

    parser = _Parser(prog="l1l2", description="Animated explainers: why L1 gives exact zeros and L2 only shrinks.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def scene_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--set", action="append", metavar="KEY=VALUE", help="set a scene parameter (repeatable)")
        p.add_argument("--config", metavar="FILE.toml", help="parameters from a TOML file ([scene] table or top level)")

    def voice_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--voice", metavar="DIR|draft", help="narrate: a folder of <scene>/<beat>.wav recordings "
                       "(see l1l2 script), or draft (espeak-ng reads the script)")

    def look_opts(p: argparse.ArgumentParser, quality: str = "hd") -> None:
        p.add_argument("-q", "--quality", choices=list(QUALITIES), default=quality)
        p.add_argument("--theme", choices=list(THEMES), default="dark")
        p.add_argument("--aspect", choices=list(ASPECTS), default="16:9")
        p.add_argument("--no-captions", action="store_true", help="no caption text in the frame")
        p.add_argument("--transparent", action="store_true",
                       help="no background (formats mov, webm, png keep the alpha)")
        p.add_argument("-o", "--output", default="renders", metavar="DIR", help="output folder (default renders/)")

    p = sub.add_parser("list", help="the scenes, one line each")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("params", help="a scene's parameters: type, default, range, help")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("solve", help="the exact numbers behind a scene")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    scene_opts(p)
    p.set_defaults(func=cmd_solve)

    p = sub.add_parser("render", help="render scenes to video")
    p.add_argument("names", nargs="*")
    p.add_argument("--all", action="store_true", help="every scene")
    p.add_argument("--format", default="mp4", help=f"comma list of {', '.join(FORMATS)} (default mp4)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--poster", action="store_true", help="also write a poster PNG (the last beat, fully built)")
    p.add_argument("--force", action="store_true", help="render even if an identical render is cached")
    p.add_argument("-j", "--jobs", default="1", metavar="N", help="render N scenes at once (processes)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="render on this Dask cluster (pip install '.[cluster]')")
    voice_opt(p)
    scene_opts(p)
    look_opts(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("still", help="one PNG at a beat or a time")
    p.add_argument("name")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--beat", help="the beat's name (see l1l2 params NAME)")
    g.add_argument("--at", metavar="SECONDS")
    p.add_argument("--force", action="store_true", help="draw it even if the same still is cached")
    scene_opts(p)
    look_opts(p)
    p.set_defaults(func=cmd_still)

    p = sub.add_parser("storyboard", help="one PNG grid of every beat with its caption")
    p.add_argument("name")
    p.add_argument("--from-video", action="store_true",
                   help="decoded frames of the real video (rendered or cached), three per beat, not stills")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    scene_opts(p)
    look_opts(p, quality="draft")
    p.set_defaults(func=cmd_storyboard)

    def lecture_opts(p: argparse.ArgumentParser, file_help: str) -> None:
        """What every command that reads a lecture file takes (lecture, slides, article)."""
        p.add_argument("file", nargs="?", metavar="FILE.toml", help=file_help)
        p.add_argument("-q", "--quality", choices=list(QUALITIES), default=None, help="overrides the file (default hd)")
        p.add_argument("--theme", choices=list(THEMES), default=None)
        p.add_argument("--aspect", choices=list(ASPECTS), default=None)
        p.add_argument("-j", "--jobs", default="1", metavar="N", help="render N scenes at once (processes)")
        p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="render the chapters on this Dask cluster (pip install '.[cluster]')")
        p.add_argument("--force", action="store_true", help="re-render scenes even if cached")
        p.add_argument("--quiet", action="store_true", help="no progress on stderr")
        p.add_argument("-o", "--output", default="renders", metavar="DIR", help="output folder (default renders/)")

    p = sub.add_parser("lecture", help="the whole lecture: one video with title cards, captions, chapters")
    lecture_opts(p, "chapters, titles, parameters, look (default: every scene in story order; see "
                    "lecture.example.toml)")
    voice_opt(p)
    p.set_defaults(func=cmd_lecture)

    p = sub.add_parser("slides", help="the lecture as a deck to present: one slide per beat and card, each "
                       "held on its built frame; a speaker view (S)")
    lecture_opts(p, "the lecture file (default: every scene)")
    p.add_argument("--format", default="html", help="html (index.html and assets/), pptx (slides.pptx) or both")
    p.add_argument("--one-file", action="store_true", help="the clips inside index.html: one file to hand out")
    p.set_defaults(func=cmd_slides)

    p = sub.add_parser("article", help="the lecture as a web article (clips, prose with math, stills, the "
                       "interactive pages, references) and a printable handout")
    lecture_opts(p, "the lecture file (default: every scene)")
    p.set_defaults(theme=None)
    p.add_argument("--captions", action="store_true", default=False,
                   help="the sentences inside the frame too (default: in the prose and the captions track)")
    p.add_argument("--one-file", action="store_true", help="everything inside index.html (the MP4s only)")
    p.add_argument("--pdf", action="store_true", help="also article.pdf, printed by headless Chromium")
    p.set_defaults(func=cmd_article)

    p = sub.add_parser("script", help="the narration script: per beat the sentence to record, its file name "
                       "and how long it runs now (.md and .json)")
    p.add_argument("file", nargs="?", metavar="FILE.toml", help="the lecture file (default: every scene)")
    p.add_argument("--scene", metavar="NAME", help="only this scene's chapters (writes NAME-script.md)")
    p.add_argument("--voice", metavar="DIR", help="the recordings so far: each beat says whether it is recorded, "
                   "and lengths are the narrated ones")
    p.add_argument("-q", "--quality", choices=list(QUALITIES), default=None,
                   help="the frame rate beat lengths are counted in (default: the file's, else hd)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("-o", "--output", default="renders", metavar="DIR", help="output folder (default renders/)")
    p.set_defaults(func=cmd_script)

    p = sub.add_parser("studio", help="a live preview in the browser: the form, the still at any beat or time, "
                       "the command, a render (127.0.0.1 only)")
    p.add_argument("--port", default=None, metavar="N", help="the port on 127.0.0.1 (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="print the address, do not open a browser")
    p.add_argument("-o", "--output", default="renders", metavar="DIR",
                   help="output folder: stills in DIR/studio/, videos in DIR/<scene>/ (default renders/)")
    p.set_defaults(func=cmd_studio)

    p = sub.add_parser("interactive", help="a scene as a self-contained web page the reader drives (budget, shrink, "
                       "path): renders/interactive/NAME.html and NAME.embed.html")
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--all", action="store_true", help="every interactive")
    p.add_argument("--theme", choices=list(THEMES), default="dark")
    p.add_argument("--aspect", choices=list(ASPECTS), default="16:9",
                   help="the layout and the embed snippet's size (16:9: controls beside the picture)")
    p.add_argument("--quiet", action="store_true", help="no size line on stderr")
    p.add_argument("-o", "--output", default="renders", metavar="DIR", help="output folder (default renders/)")
    scene_opts(p)
    p.set_defaults(func=cmd_interactive)

    p = sub.add_parser("gallery", help="write renders/index.html: every rendered clip with its command and embed")
    p.add_argument("-o", "--output", default="renders", metavar="DIR", help="the renders folder (default renders/)")
    p.set_defaults(func=cmd_gallery)

    p = sub.add_parser("doctor", help="check the system dependencies and say how to fix them")
    p.set_defaults(func=cmd_doctor)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        from .run import (  # heavy (manim): inside the Ctrl-C handling
            RenderError,
            quiet_manim,
            stop_signals_raise,
        )

        quiet_manim()
    except KeyboardInterrupt:
        print("l1l2: interrupted", file=sys.stderr)
        return 130
    args, started_ns = None, None
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "func", None):
            raise UsageError("give a command: list, params, render, still, storyboard, studio, lecture, slides, article, script, "
                             "interactive, "
                             "gallery, solve, "
                             "doctor "
                             "(see l1l2 -h)")
        if getattr(args, "output", None) is not None:
            from .files import check_output_dir

            check_output_dir(args.output)  # before anything is rendered or written
        started_ns = time.time_ns() - 50_000_000  # file times come from a coarser clock (a few ms behind)
        # SIGTERM and SIGHUP stop a command the way Ctrl-C does, cleaning up on the way out.
        with stop_signals_raise((signal.SIGTERM, signal.SIGHUP)):
            return args.func(args)
    except (UsageError, ParamError) as err:
        print(f"l1l2: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except RenderError as err:
        print(f"l1l2: render failed: {err}", file=sys.stderr)
        return EXIT_FAIL
    except OSError as err:  # an output that could not be written (disk full, read-only, …): one line
        where = f" {err.filename}" if err.filename else ""
        print(f"l1l2: cannot write{where}: {err.strerror or err}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt as err:
        signum = err.args[0] if err.args and isinstance(err.args[0], int) else signal.SIGINT
        print(f"l1l2: interrupted ({signal.Signals(signum).name}): {_state_after_interrupt(args, started_ns)}; "
              "no partial file was kept", file=sys.stderr)
        return 128 + signum


def _state_after_interrupt(args: argparse.Namespace | None, started_ns: int | None) -> str:
    """Which outputs this run completed before it was stopped; all others are as they were."""
    out = getattr(args, "output", None)
    if out is None or started_ns is None or not Path(out).is_dir():
        return "no output was changed"
    from .files import written_since

    new = written_since(out, started_ns)
    if not new:
        return "no output was changed"
    shown = ", ".join(str(p) for p in new[:4]) + (f" and {len(new) - 4} more" if len(new) > 4 else "")
    return f"{len(new)} complete new output{'s' if len(new) > 1 else ''} ({shown}); every other output is unchanged"


def entry() -> None:
    """The ``l1l2`` console script: ``main`` with a prompt exit after Ctrl-C.

    After an interrupt the outputs are already cleaned up. If a thread that
    interpreter teardown would wait for is still running (manim's encoder, stopped
    half-way), leave at once; otherwise exit normally, so multiprocessing releases
    its semaphores (with ``-j``) instead of the resource tracker reporting them leaked.
    """
    import threading

    code = main()
    waiting = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if code > 128 and waiting:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
