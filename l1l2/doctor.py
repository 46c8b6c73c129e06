"""``l1l2 doctor``: check what rendering needs (Python packages, encoders, Typst) and say how to fix it;
note the optional tools (espeak-ng for ``--voice draft``)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable

PACKAGES = (("numpy", "make test (pip install -e .)"), ("scipy", "make test (pip install -e .)"),
            ("cairo", "apt-get install libcairo2-dev pkg-config, then pip install pycairo"),
            ("manimpango", "apt-get install libpango1.0-dev pkg-config, then pip install manimpango"),
            ("av", "pip install av"), ("typst", "pip install 'manim[typst]'"),
            ("manim", "pip install 'manim[typst]>=0.22,<0.23'"))
ENCODERS = (("libx264", "mp4"), ("libvpx-vp9", "webm"), ("gif", "gif"), ("aac", "narration in mp4"),
            ("libopus", "narration in webm"))


def checks() -> list[tuple[str, bool, str]]:
    """Every check as ``(label, ok, how to fix)``; each one can fail."""
    out: list[tuple[str, bool, str]] = [("python >= 3.11", sys.version_info >= (3, 11), "install Python 3.11 or newer")]
    for module, fix in PACKAGES:
        try:
            __import__(module)
            ok = True
        except Exception:  # noqa: BLE001 (any import failure is a finding)
            ok = False
        out.append((f"python package {module}", ok, fix))
    try:
        import av

        have = set(av.codecs_available)
        for codec, use in ENCODERS:
            out.append((f"encoder {codec} ({use})", codec in have, "reinstall PyAV from PyPI (its wheel ships FFmpeg)"))
    except ImportError:
        pass
    try:
        import tempfile

        from manim import MathTypst, tempconfig

        with tempfile.TemporaryDirectory() as tmp, tempconfig({"media_dir": tmp, "verbosity": "ERROR"}):
            MathTypst("λ |w|")
        out.append(("Typst typesetting", True, ""))
    except Exception as err:  # noqa: BLE001
        out.append(("Typst typesetting", False, f"pip install 'manim[typst]' ({type(err).__name__}: {err})"))
    return out


def run_checks(say: Callable[[str], None]) -> int:
    """Print every check and a summary; returns the number of problems."""
    bad = 0
    for label, ok, fix in checks():
        say(f"{'ok  ' if ok else 'FAIL'} {label}" + ("" if ok else f"  -> fix: {fix}"))
        bad += not ok
    from .narration import ESPEAK, ESPEAK_INSTALL, espeak

    if espeak() is None:
        say(f"note: {ESPEAK} is not installed: only `--voice draft` needs it (fix: {ESPEAK_INSTALL})")
    else:
        say(f"ok   {ESPEAK} (the draft voice, --voice draft)")
    if shutil.which("latex") is not None:
        say("note: latex is on PATH; l1l2 does not use it (math is typeset with Typst)")
    say("all good" if not bad else f"{bad} problem(s); the fixes are above (or run: make test)")
    return bad
