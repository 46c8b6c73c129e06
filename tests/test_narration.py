"""The narration script (``l1l2 script``), narration lines in lecture files, the espeak-ng draft voice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from audio_helpers import write_tone
from hold_helpers import HANG

import l1l2.run
from l1l2 import make_job, timeline
from l1l2.lecture import lecture_script, load_lecture
from l1l2.narration import draft_recordings, espeak, spoken, synthesize
from l1l2.settings import RenderSettings
from l1l2.voice import TARGET_LUFS, decode, loudness, normalized
from scenes.kit.params import ParamError
from scenes.kit.registry import get_spec

VENV_BIN = Path(sys.executable).parent
HOSTILE = "Two penalties: *the V* and $x$, #str(1+1) <script>alert(1)</script> | [a](b) & done."
SETTINGS = RenderSettings(quality="preview", pixel_size=(192, 108), fps=10)


def _lecture_file(tmp_path: Path, narration: str = f'shapes = "{HOSTILE}"') -> Path:
    path = tmp_path / "lecture.toml"
    path.write_text('[lecture]\ntitle = "Sparse <b>models</b>"\nquality = "preview"\n'
                    f'[[chapter]]\nscene = "penalties"\n[chapter.narration]\n{narration}\n'
                    '[[chapter]]\nscene = "budget"\ntitle = "The budget"\n', encoding="utf-8")
    return path


@pytest.mark.render
def test_the_script_lists_every_beat_of_every_chapter_with_its_file_and_length(tmp_path, monkeypatch):
    lecture = load_lecture(_lecture_file(tmp_path))
    write_tone(tmp_path / "voice" / "penalties" / "slopes.ogg", 7.0)  # one beat recorded so far
    out = lecture_script(lecture, tmp_path / "out", lecture_file="lecture.toml", voice=str(tmp_path / "voice"))
    first = {fmt: path.read_bytes() for fmt, path in out.items()}

    def no_run(*_args, **_kwargs):
        raise AssertionError("a scene ran although its timeline is cached")

    with monkeypatch.context() as m:  # again, nothing changed: every chapter's timeline comes from the cache
        m.setattr(l1l2.run, "run_scene", no_run)
        again = lecture_script(lecture, tmp_path / "out", lecture_file="lecture.toml", voice=str(tmp_path / "voice"))
        assert {fmt: path.read_bytes() for fmt, path in again.items()} == first
        write_tone(tmp_path / "voice" / "penalties" / "slopes.ogg", 9.0)  # a new take: the beat's length changes
        with pytest.raises(AssertionError, match="a scene ran"):
            lecture_script(lecture, tmp_path / "out", lecture_file="lecture.toml", voice=str(tmp_path / "voice"))
    write_tone(tmp_path / "voice" / "penalties" / "slopes.ogg", 7.0)
    assert sorted(p.name for p in out.values()) == ["lecture-script.json", "lecture-script.md"]
    data = json.loads(out["json"].read_text(encoding="utf-8"))
    assert [ch["title"] for ch in data["chapters"]] == [get_spec("penalties").chapter, "The budget"]
    for ch, scene in zip(data["chapters"], ("penalties", "budget"), strict=True):
        assert [b["beat"] for b in ch["beats"]] == list(get_spec(scene).beats)  # every beat, in story order
        assert [b["file"] for b in ch["beats"]] == [f"{scene}/{beat}.wav" for beat in get_spec(scene).beats]
    shapes = data["chapters"][0]["beats"][0]
    assert shapes["text"] == HOSTILE and shapes["source"] == "lecture file"  # said as written, not as markup
    # lengths: a chapter without narration lines runs as its silent render does, beat by beat
    silent = timeline("budget", settings=RenderSettings(quality="preview"))
    ends = [b.time for b in silent.beats[1:]] + [silent.duration]
    assert [b["seconds"] for b in data["chapters"][1]["beats"]] == pytest.approx(
        [e - b.time for b, e in zip(silent.beats, ends, strict=True)], abs=1e-3)
    slopes = data["chapters"][0]["beats"][1]
    assert slopes["recorded_seconds"] == pytest.approx(7.0, abs=0.01) and slopes["seconds"] >= 7.5  # + breath
    assert [b["recorded_seconds"] for ch in data["chapters"] for b in ch["beats"]].count(None) == 8
    md = out["md"].read_text(encoding="utf-8")
    for ch in data["chapters"]:
        for b in ch["beats"]:
            assert f"save as `{b['file']}` · runs {b['seconds']:.1f} s now" in md
    assert "1 of 9 beats recorded" in md and md.count("not recorded yet") == 8 and "recorded as `slopes.ogg` (7.0 s)" in md
    assert "<script>" not in md and "\\<script\\>" in md and "<b>" not in md  # Markdown shows it, never runs it
    assert "l1l2 lecture lecture.toml --voice DIR" in md


@pytest.mark.parametrize("narration, says", [
    ('shape = "x"', "chapter 1: narration.shape: penalties has no beat 'shape'; beats: shapes, slopes"),
    ("shapes = 3", "chapter 1: narration.shapes: must be text (in quotes), got an integer"),
    ('shapes = "  "', "chapter 1: narration.shapes: is empty"),
    (f'shapes = "{"word " * 130}"', "chapter 1: narration.shapes: is 650 characters; at most 600"),
    ('shapes = "a"\n[chapter.narration.slopes]\ny = 1',
     "chapter 1: narration.slopes: must be text (in quotes), got a table"),
])
def test_bad_narration_lines_name_the_chapter_and_beat(tmp_path, narration, says):
    with pytest.raises(ParamError, match=says.replace("(", r"\(").replace(")", r"\)")):
        load_lecture(_lecture_file(tmp_path, narration))


def test_script_errors_exit_2_before_anything_is_timed_or_written(tmp_path):
    path = _lecture_file(tmp_path)
    for args, says in ((["--scene", "nope"], "unknown scene 'nope'"),
                       (["--scene", "odds"], "odds is not a chapter of the lecture; chapters: penalties, budget")):
        proc = subprocess.run([str(VENV_BIN / "l1l2"), "script", str(path), "-o", str(tmp_path / "out"), *args],
                              capture_output=True, text=True, timeout=HANG)
        assert proc.returncode == 2 and says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "out").exists()


# -- the draft voice -----------------------------------------------------------------------------


def test_espeak_is_installed():
    assert espeak(), "espeak-ng is missing: run `make test` (it installs it with apt-get)"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (see test_espeak_is_installed)")
def test_the_text_is_read_never_parsed_as_options(tmp_path):
    dest = tmp_path / "v" / "a.wav"
    synthesize(espeak(), "-w /tmp/evil --stdout", dest)
    assert dest.is_file() and not Path("/tmp/evil").exists()
    assert len(decode(dest)) > 0.3 * 48_000
    assert "lambda" in spoken("λ* = 2a|w₀| = 0.40") and "|" not in spoken("|w|")


@pytest.mark.render
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng (see test_espeak_is_installed)")
def test_the_draft_voice_reads_every_beat_once_and_keeps_it(tmp_path):
    job = make_job("budget", settings=SETTINGS, narration={"shrink": "Now the budget shrinks."})
    recs = draft_recordings(job, tmp_path / "draft")
    assert [r.beat for r in recs] == list(get_spec("budget").beats)
    words = {r.beat: r.seconds for r in recs}
    assert 1.0 < words["shrink"] < 3.0  # four words at 160 a minute
    assert all(1.0 < s < 60 for s in words.values())
    assert loudness(normalized(decode(recs[0].path))) == pytest.approx(TARGET_LUFS, abs=0.2)
    stamps = {r.path: r.path.stat().st_mtime_ns for r in recs}
    again = draft_recordings(job, tmp_path / "draft")  # unchanged sentences are not spoken again
    assert [r.digest for r in again] == [r.digest for r in recs]
    assert {r.path: r.path.stat().st_mtime_ns for r in again} == stamps


# -- a long line, page by page -------------------------------------------------------------------

LONG_LINE = ("Here are the two penalties we compare. On the left is the absolute value, a V with a sharp corner "
             "at zero. On the right is the square, a smooth parabola, flat at zero. Everything that follows comes "
             "from this one difference: when a loss is added and the minimum moves, the corner lets the lasso "
             "stop at exactly zero, and the parabola has no corner, so ridge only gets close and never stops.")


@pytest.mark.render
def test_a_long_line_is_read_page_by_page_at_a_readable_size(tmp_path):
    from l1l2.run import run_scene
    from l1l2.voice import Recording
    from scenes.kit import style
    from scenes.kit.captions import beat_cues
    from scenes.kit.typeset import escape_markup, text

    settings = RenderSettings(quality="preview", aspect="1:1", fps=10)  # the smallest caption band
    rec = Recording("penalties", "shapes", tmp_path / "shapes.wav", "0" * 64, 24.0)
    job = make_job("penalties", settings=settings, narration={"shapes": LONG_LINE}, voice=[rec], voice_kind="voice")
    shown = {}

    class Watched(job.scene_class()):
        def beat(self, name, **values):
            super().beat(name, **values)
            shown[name] = self._caption_mob

    scene = run_scene(Watched, settings, tmp_path, dry=True)
    beat = scene.beat_log[0]
    cues = [c for c in beat_cues(scene.beat_log, float(scene.time)) if c[0] < scene.beat_log[1].time - 1e-9]
    assert len(cues) >= 2  # too long for one caption at the label size
    assert " ".join(c[2] for c in cues) == LONG_LINE  # every word, in order, once
    # each page starts when its first word is reached, if the 24 s recording is read at an even pace
    chars = [len(c[2]) for c in cues]
    for k, (start, _, _) in enumerate(cues):
        assert start == pytest.approx(beat.time + 24.0 * sum(chars[:k]) / sum(chars), abs=1e-6)
    # the pages on screen: one at a time, each at the body or label size (not squeezed)
    paged = shown["shapes"]
    assert [len(page.family_members_with_points()) > 0 for page in paged.submobjects] == [True] * len(cues)
    for page, (_, _, said) in zip(paged.submobjects, cues, strict=True):
        natural = [text(escape_markup(said), size, "#ffffff", width=scene.layout.caption.width - 0.6).width
                   for size in (style.BODY, style.LABEL)]
        assert min(abs(page.width / w - 1) for w in natural) < 0.01, said
