"""What is said over a lecture: the script to read, the voice a render uses, the draft voice.

- :func:`beat_lines` reads a job's beats from a dry run: each beat's sentence (its caption as plain
  text, or the lecturer's own line from the lecture file), the file name to record it as
  (``<scene>/<beat>.wav``) and how long the beat runs now.
- :func:`write_script` writes ``<name>-script.md`` (to read from) and ``<name>-script.json`` (the
  same as data).
- :func:`voiced_jobs` gives each job its recordings: from a voice folder (:mod:`l1l2.voice` checks
  every file), or ``draft``: each sentence spoken by espeak-ng, to hear the pacing before recording.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scenes.kit.captions import clock_label, plain_text
from scenes.kit.params import ParamError
from scenes.kit.registry import all_specs

from .files import atomic_move, atomic_write_text, work_dir
from .job import RenderJob
from .voice import (
    AUDIO_EXTS,
    BREATH_SECONDS,
    MAX_SECONDS,
    Recording,
    VoiceError,
    check_recording,
    find_recordings,
)

DRAFT = "draft"
ESPEAK = "espeak-ng"
ESPEAK_ARGS = ("-v", "en-us", "-s", "160")  # US English, 160 words a minute
ESPEAK_INSTALL = "apt-get install espeak-ng"
# What espeak-ng would otherwise spell out or skip, said the way a lecturer says it.
SPOKEN = {"λ": " lambda ", "α": " alpha ", "ρ": " rho ", "σ": " sigma ", "Σ": " sum ", "≈": " about ",
          "×": " times ", "·": " times ", "−": " minus ", "≤": " at most ", "≥": " at least ", "→": " to ",
          "‖": " norm ", "|": " ", "*": " star ", "√": " root ", "²": " squared ", "₁": " one ", "₂": " two ",
          "₀": " zero ", "ᵢ": " i ", "⁻": " minus "}


@dataclasses.dataclass(frozen=True)
class BeatLine:
    """One beat of the script."""

    scene: str
    beat: str
    text: str  # what to say (plain text)
    source: str  # "caption" or "lecture file"
    seconds: float  # how long the beat runs now
    recorded: float | None = None  # the recording's length, when the job has one for this beat
    recorded_as: str = ""  # its file name in the voice folder (any of the allowed extensions)

    @property
    def file(self) -> str:
        """The recording's name inside the voice folder."""
        return f"{self.scene}/{self.beat}.wav"


def beat_lines(job: RenderJob, out_dir: Path | str | None = None) -> list[BeatLine]:
    """Every beat of ``job`` with its sentence, its length now (a dry run with the job's narration
    and recordings, or the timeline cached in ``out_dir`` under the job's key) and its recording's
    length, if it has one."""
    from .run import job_timeline

    tl = job_timeline(job, out_dir)
    ends = [b.time for b in tl.beats[1:]] + [tl.duration]
    own = dict(job.narration)
    recorded = {r.beat: r for r in job.voice}
    return [BeatLine(job.scene, b.name, plain_text(b.caption), "lecture file" if b.name in own else "caption",
                     end - b.time, recorded[b.name].seconds if b.name in recorded else None,
                     recorded[b.name].path.name if b.name in recorded else "")
            for b, end in zip(tl.beats, ends, strict=True)]


# -- the script ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ScriptChapter:
    number: int
    title: str
    part: str
    lines: tuple[BeatLine, ...]


def _md(text: str) -> str:
    """User text in Markdown, readable raw and shown as written when rendered: on one line, with the
    characters that would start HTML (``<``, ``>``, ``&``), code, or an escape backslash-escaped.
    (``*`` and ``|`` stay: "λ* = 2a|w₀|" reads as is; at worst a renderer italicizes a word.)"""
    return re.sub(r"([\\`<>&])", r"\\\1", " ".join(text.split()))


def script_markdown(title: str, chapters: Sequence[ScriptChapter], command: str, voice: str | None = None) -> str:
    total = sum(line.seconds for ch in chapters for line in ch.lines)
    count = sum(len(ch.lines) for ch in chapters)
    done = sum(line.recorded is not None for ch in chapters for line in ch.lines)
    status = f" {done} of {count} beats recorded in {_md(voice)}." if voice else ""
    out = [f"# Narration script: {_md(title)}", "",
           f"{len(chapters)} chapter{'s' if len(chapters) != 1 else ''}, {count} beats, "
           f"{clock_label(total)} of animation now (title cards not counted).{status}", "",
           "Record one file per beat and save it in one folder (the voice folder) under the name shown, "
           f"as any of {', '.join(AUDIO_EXTS)}. Then render with:", "", f"    {command}", "",
           f"A beat lasts at least its recording plus a {BREATH_SECONDS:g} s breath (the animation holds its "
           f"last frame); a recording starts with its beat and may last up to {MAX_SECONDS:g} s. A beat "
           "without a file stays silent and keeps the time shown. `--voice draft` reads the script "
           "with a synthetic draft voice, to hear the pacing first.", ""]
    part = None
    for ch in chapters:
        if ch.part and ch.part != part:
            part = ch.part
            out += [f"## {_md(part)}", ""]
        scene = ch.lines[0].scene if ch.lines else ""
        out += [f"### Chapter {ch.number}: {_md(ch.title)} (`{scene}`)", ""]
        for k, line in enumerate(ch.lines, 1):
            own = " · your line from the lecture file" if line.source == "lecture file" else ""
            if voice:
                own += (f" · recorded as `{line.recorded_as}` ({line.recorded:.1f} s)" if line.recorded is not None
                        else " · not recorded yet")
            out += [f"{k}. **{line.beat}** · save as `{line.file}` · runs {line.seconds:.1f} s now{own}", "",
                    f"   > {_md(line.text)}", ""]
    return "\n".join(out)


def script_data(title: str, chapters: Sequence[ScriptChapter], settings: Any) -> dict[str, Any]:
    return {
        "title": title, "quality": settings.quality, "fps": settings.frame_rate,
        "recording": {"extensions": list(AUDIO_EXTS), "breath_seconds": BREATH_SECONDS,
                      "max_seconds": MAX_SECONDS},
        "chapters": [{"number": ch.number, "title": ch.title, "part": ch.part, "beats": [
            {"scene": line.scene, "beat": line.beat, "text": line.text, "source": line.source,
             "file": line.file, "seconds": round(line.seconds, 4),
             "recorded_seconds": None if line.recorded is None else round(line.recorded, 4)}
            for line in ch.lines]} for ch in chapters],
    }


def write_script(name: str, title: str, chapters: Sequence[ScriptChapter], settings: Any, out_dir: Path | str,
                 command: str, voice: str | None = None) -> dict[str, Path]:
    """``<out_dir>/<name>-script.md`` and ``.json``, each written whole or not at all; with ``voice``
    (the folder the recordings were found in) each beat says whether it is recorded."""
    out_dir = Path(out_dir)
    md, js = out_dir / f"{name}-script.md", out_dir / f"{name}-script.json"
    atomic_write_text(md, script_markdown(title, chapters, command, voice))
    atomic_write_text(js, json.dumps(script_data(title, chapters, settings), indent=2, ensure_ascii=False) + "\n")
    return {"md": md, "json": js}


# -- voices ------------------------------------------------------------------------------------


def voiced_jobs(jobs: Sequence[RenderJob], voice: str | None, out_dir: Path | str,
                warn: Callable[[str], None], say: Callable[[str], None] | None = None) -> list[RenderJob]:
    """``jobs`` with their recordings: ``voice`` is a folder of ``<scene>/<beat>.<ext>`` files, ``draft``
    (espeak-ng reads each beat's sentence), or None (silent, unchanged). Every recording is checked
    before anything renders: a bad one raises :class:`~l1l2.voice.VoiceError`. A scene the folder
    has no recording of stays a silent job (its outputs keep their silent names, so a mistyped
    folder never replaces a narrated clip with a mute one), with a warning."""
    if voice is None:
        return list(jobs)
    if voice == DRAFT:
        return [_with(job, draft_recordings(job, Path(out_dir) / ".voice-draft", say, out_dir), DRAFT) for job in jobs]
    known = {s.name: list(s.beats) for s in all_specs()}
    wanted = {job.scene: known[job.scene] for job in jobs}
    found = find_recordings(voice, wanted, known=known, warn=warn)
    out = []
    for job in jobs:
        recordings = [r for (scene, _), r in found.items() if scene == job.scene]
        out.append(_with(job, recordings, "voice") if recordings else dataclasses.replace(job, voice_kind=""))
    for scene in dict.fromkeys(job.scene for job in jobs if not any(s == job.scene for s, _ in found)):
        warn(f"voice: {voice} has no recording of {scene} (save them as {scene}/<beat>.wav); it stays silent")
    return out


def _with(job: RenderJob, recordings: Sequence[Recording], kind: str) -> RenderJob:
    order = list(job.spec.beats)
    return dataclasses.replace(job, voice=tuple(sorted(recordings, key=lambda r: order.index(r.beat))),
                               voice_kind=kind)


def espeak() -> str | None:
    """The espeak-ng program, if installed."""
    return shutil.which(ESPEAK)


def spoken(text: str) -> str:
    """A caption as espeak-ng should read it: symbols said as words."""
    for symbol, words in SPOKEN.items():
        text = text.replace(symbol, words)
    return " ".join(text.split())


def draft_recordings(job: RenderJob, folder: Path, say: Callable[[str], None] | None = None,
                     out_dir: Path | str | None = None) -> list[Recording]:
    """Each beat's sentence read by espeak-ng, kept in ``folder`` by the text's hash (so an unchanged
    sentence is not spoken again), checked like a recording. The sentences come from the job's
    timeline (cached in ``out_dir``, if given)."""
    program = espeak()
    if program is None:
        raise ParamError(f"--voice draft: needs {ESPEAK}, which is not installed ({ESPEAK_INSTALL}; "
                         "`l1l2 doctor` checks it)")
    out = []
    for line in beat_lines(dataclasses.replace(job, voice=(), voice_kind=""), out_dir):
        words = spoken(line.text)
        key = hashlib.sha256(json.dumps([words, ESPEAK_ARGS, _espeak_version(program)]).encode()).hexdigest()[:12]
        path = folder / line.scene / f"{line.beat}-{key}.wav"
        if not path.is_file():
            if say:
                say(f"{line.scene}: draft voice for {line.beat}")
            synthesize(program, words, path)
            for old in path.parent.glob(f"{line.beat}-*.wav"):  # earlier sentences of this beat
                if old != path and re.fullmatch(rf"{re.escape(line.beat)}-[0-9a-f]{{12}}\.wav", old.name):
                    old.unlink(missing_ok=True)
        try:
            out.append(check_recording(path, line.scene, line.beat))
        except VoiceError as err:
            raise VoiceError(f"--voice draft: {line.scene}/{line.beat}: the sentence is too long for one beat "
                             f"read aloud ({err})") from None
    return out


def synthesize(program: str, words: str, dest: Path) -> None:
    """``words`` spoken by espeak-ng into the WAV file ``dest`` (whole or not at all). The text goes
    through a file, never the command line, so it is read, not parsed as options."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with work_dir("espeak", beside=dest.parent) as tmp:
        text, wav = Path(tmp) / "text.txt", Path(tmp) / "voice.wav"
        text.write_text(words, encoding="utf-8")
        proc = subprocess.run([program, *ESPEAK_ARGS, "-w", str(wav), "-f", str(text)], capture_output=True,
                              text=True, timeout=120)
        if proc.returncode != 0 or not wav.is_file():
            raise ParamError(f"--voice draft: {ESPEAK} failed: {(proc.stderr or proc.stdout).strip()[:200]}")
        atomic_move(wav, dest)


@functools.cache
def _espeak_version(program: str) -> str:
    proc = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
    return proc.stdout.strip()
