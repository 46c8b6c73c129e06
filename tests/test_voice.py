"""Narration: recordings decoded in every format, one loudness, beats fitted to recordings, one track.

Facts checked in the outputs, with generated tones (not speech): a 7 s recording on a beat whose
animation takes 5 s makes that beat's caption cue last at least 7 s; the decoded track is loud inside
the recording's span and silent before and after; audio and video last the same within a frame; a
beat without a recording keeps its frames; bad files stop the command (exit 2) naming the file.
Loudness is checked against BS.1770's analytic value for a sine (a 1 kHz sine of amplitude A reads
20·log10(A) − 3.01 LUFS), not against the meter the code uses.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from audio_helpers import FORMATS, write_tone
from hold_helpers import HANG

from l1l2 import RenderSettings, make_job, render_job, timeline, voice
from l1l2.cache import cache_key
from l1l2.narration import voiced_jobs
from l1l2.voice import (
    AUDIO_EXTS,
    MAX_SECONDS,
    PEAK_CEILING_DB,
    SAMPLE_RATE,
    TARGET_LUFS,
    Recording,
    VoiceError,
    audio_packets,
    decode,
    find_recordings,
    loudness,
    normalized,
)
from scenes.kit import captions
from scenes.kit.captions import plain_text
from scenes.kit.registry import all_specs
from scenes.kit.typeset import escape_markup

VENV_BIN = Path(sys.executable).parent
def rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(max(float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))), 1e-12))


# -- decoding and loudness (no render) ----------------------------------------------------------


@pytest.mark.parametrize("ext", list(FORMATS))
def test_every_format_decodes_to_its_length_and_pitch(tmp_path, ext):
    x = decode(write_tone(tmp_path / f"take.{ext}", 2.0, freq=440.0))
    # codecs pad to whole frames (AAC 1024 samples, MP3 1152): at most a few tens of ms
    assert abs(len(x) / SAMPLE_RATE - 2.0) < 0.05
    body = x[SAMPLE_RATE // 10: -SAMPLE_RATE // 10]
    crossings = np.count_nonzero(np.diff(np.signbit(body)))
    assert crossings / 2 / (len(body) / SAMPLE_RATE) == pytest.approx(440.0, rel=0.01)


@pytest.mark.parametrize("amp", [0.01, 0.3, 0.95])
def test_a_normalized_1khz_tone_has_bs1770s_analytic_loudness(amp):
    t = np.arange(3 * SAMPLE_RATE) / SAMPLE_RATE
    y = normalized((amp * np.sin(2 * np.pi * 1000 * t)).astype(np.float32))
    # BS.1770 / EBU Tech 3341: a 1 kHz sine of amplitude A in one channel reads 20·log10(A) − 3.01 LUFS.
    expected_amp = 10 ** ((TARGET_LUFS + 3.0103) / 20)
    assert 20 * np.log10(np.abs(y).max() / expected_amp) == pytest.approx(0.0, abs=0.1)


def test_the_limiter_holds_peaks_at_the_ceiling_and_leaves_the_rest_alone(rng):
    # quiet noise with rare clicks 30 dB above it: reaching -16 LUFS would push the clicks past 0 dBFS
    x = (0.01 * rng.normal(size=4 * SAMPLE_RATE)).astype(np.float32)
    clicks = rng.choice(len(x), 6, replace=False)
    x[clicks] = 0.6
    y = normalized(x)
    ceiling = 10 ** (PEAK_CEILING_DB / 20)
    assert np.abs(y).max() <= ceiling + 1e-6
    assert loudness(y) == pytest.approx(TARGET_LUFS, abs=0.1)
    far = np.ones(len(x), bool)  # more than 10 ms from every click: one plain gain
    for c in clicks:
        far[max(0, c - 480): c + 480] = False
    ratio = y[far] / x[far]
    assert np.ptp(ratio) < 1e-4 * np.abs(ratio).mean()


def test_speech_like_bursts_stay_under_minus_1_dbfs_after_aac_and_opus(tmp_path, rng):
    # noise bursts with a 20 dB crest, 2 s on, 0.5 s off: reaching -16 LUFS needs the limiter
    t = np.arange(6 * SAMPLE_RATE) / SAMPLE_RATE
    x = rng.normal(size=t.size) * (0.05 + 0.5 * (rng.uniform(size=t.size) < 0.002)) * ((t % 2.5) < 2.0)
    y = normalized(x.astype(np.float32))
    assert loudness(y) == pytest.approx(TARGET_LUFS, abs=0.2)
    for fmt, codec in (("ipod", "aac"), ("webm", "libopus")):
        path = tmp_path / f"b.{fmt}"
        with av.open(str(path), "w", format=fmt) as out:
            for packet in audio_packets(out, codec, y):
                out.mux(packet)
        z = decode(path)
        assert 20 * np.log10(np.abs(z).max()) < -1.0, codec


def test_bad_recordings_are_refused_naming_the_file(tmp_path):
    corrupt = tmp_path / "corrupt.mp3"
    corrupt.write_bytes(b"ID3" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    for path, why in ((corrupt, "cannot be decoded"), (empty, "is empty")):
        with pytest.raises(VoiceError, match=why) as err:
            decode(path)
        assert str(path) in str(err.value)


def _voice_dir(tmp_path: Path, files: dict[str, float]) -> Path:
    folder = tmp_path / "voice"
    for rel, seconds in files.items():
        write_tone(folder / rel, seconds)
    return folder


def test_the_voice_folder_warns_about_typos_and_refuses_two_takes_of_one_beat(tmp_path):
    folder = _voice_dir(tmp_path, {"penalties/formulas.wav": 1.0, "penalties/formula.wav": 1.0,
                                   "penaltys/shapes.wav": 1.0, "shapes.wav": 1.0, "budget/setup.FLAC": 1.0,
                                   "budget/shrink.wav": 0.1})
    (folder / "penalties" / "notes.txt").write_text("take 2 was better")
    known = {s.name: list(s.beats) for s in all_specs()}
    warnings: list[str] = []
    found = find_recordings(folder, {"penalties": known["penalties"], "budget": known["budget"]}, known=known,
                            warn=warnings.append)
    # upper-case extension accepted; a 0.1 s take is used, with a warning
    assert sorted(found) == [("budget", "setup"), ("budget", "shrink"), ("penalties", "formulas")]
    assert len(warnings) == 5
    for name in ("formula.wav", "penaltys/shapes.wav", "voice/shapes.wav", "notes.txt", "shrink.wav"):
        assert sum(name in w for w in warnings) == 1, (name, warnings)
    assert any("move it to penalties/shapes.wav" in w for w in warnings)  # a beat's file at the top
    assert any("cut-off" in w for w in warnings)
    with pytest.raises(VoiceError, match="--voice: is empty"):
        find_recordings("", {"penalties": known["penalties"]}, known=known, warn=lambda _m: None)
    write_tone(folder / "penalties" / "formulas.mp3", 1.0)
    with pytest.raises(VoiceError, match="two recordings of penalties/formulas"):
        find_recordings(folder, {"penalties": known["penalties"]}, known=known, warn=lambda _m: None)


def test_silent_and_too_long_recordings_are_refused(tmp_path):
    known = {s.name: list(s.beats) for s in all_specs()}
    silent = tmp_path / "a" / "penalties" / "shapes.wav"
    write_tone(silent, 1.0, amp=0.0)
    with pytest.raises(VoiceError, match="silent") as err:
        find_recordings(tmp_path / "a", {"penalties": known["penalties"]}, known=known, warn=lambda _m: None)
    assert str(silent) in str(err.value)
    long = write_tone(tmp_path / "b" / "penalties" / "shapes.flac", MAX_SECONDS + 1.0, rate=8000)
    with pytest.raises(VoiceError, match=r"61\.0 s long") as err:
        find_recordings(tmp_path / "b", {"penalties": known["penalties"]}, known=known, warn=lambda _m: None)
    assert str(long) in str(err.value)


# -- a recording's length: what its header says, and the limit before and while decoding ------------


def _penalties(folder: Path) -> tuple[list[Recording], list[str]]:
    """The recordings of the penalties scene in ``folder`` and the warnings about them."""
    known = {s.name: list(s.beats) for s in all_specs()}
    warnings: list[str] = []
    found = find_recordings(folder, {"penalties": known["penalties"]}, known=known, warn=warnings.append)
    return list(found.values()), warnings


def _wav_data(path: Path) -> int:
    """Where a WAV file's ``data`` chunk starts (its id; its size follows, then the samples)."""
    raw, k = path.read_bytes(), 12
    while raw[k:k + 4] != b"data":
        size = int.from_bytes(raw[k + 4:k + 8], "little")
        k += 8 + size + size % 2
    return k


def _count_decoding(monkeypatch) -> list[int]:
    """From now on, the samples (48 kHz) each decoded frame gives, in order."""
    counts: list[int] = []
    real = av.AudioResampler

    class Counting:
        def __init__(self, *args, **kwargs):
            self.inner = real(*args, **kwargs)

        def resample(self, frame):
            out = self.inner.resample(frame)
            counts.append(sum(f.samples for f in out))
            return out

    monkeypatch.setattr(av, "AudioResampler", Counting)
    return counts


@pytest.mark.parametrize("rate", [8_000, 44_100])
def test_an_honest_take_in_every_format_is_used_without_a_warning(tmp_path, rate):
    # one sample past whole AAC frames (1024 samples): the most padding an AAC decoder adds at the end,
    # 128 ms at 8 kHz; and a round length
    assert set(FORMATS) == set(AUDIO_EXTS)
    for ext in FORMATS:
        for seconds in ((1024 * (rate // 1024) + 1) / rate, 3.0):
            folder = tmp_path / f"{ext}-{seconds}"
            write_tone(folder / "penalties" / f"shapes.{ext}", seconds, rate=rate)
            (rec,), warnings = _penalties(folder)
            assert warnings == [], (ext, seconds)
            if ext == "aac":  # raw ADTS has no length in it; FFmpeg's guess (from the bit rate) is not one
                assert rec.declared is None
            else:
                assert rec.declared == pytest.approx(seconds, abs=0.01), ext


@pytest.mark.parametrize("ext", ["wav", "aiff", "mp3"])
def test_a_cut_off_take_warns_naming_the_file_and_both_lengths(tmp_path, ext):
    path = write_tone(tmp_path / "voice" / "penalties" / f"shapes.{ext}", 2.0)
    raw = path.read_bytes()
    if ext == "wav":  # the header still says 2 s; 0.67 s of its samples are left
        path.write_bytes(raw[:_wav_data(path) + 8 + int(0.67 * 44_100) * 2])
    else:
        path.write_bytes(raw[: len(raw) // 3])
    (rec,), warnings = _penalties(tmp_path / "voice")
    assert rec.seconds == pytest.approx(0.67, abs=0.05)  # what is there is used
    assert len(warnings) == 1, warnings
    assert str(path) in warnings[0] and "2.00 s" in warnings[0] and f"{rec.seconds:.2f} s" in warnings[0]


def test_a_take_whose_header_is_over_the_limit_is_refused_before_decoding(tmp_path, monkeypatch):
    monkeypatch.setattr(voice, "MAX_SECONDS", 2.0)
    paths = [write_tone(tmp_path / ext / "penalties" / f"shapes.{ext}", 5.0, rate=8000)
             for ext in ("wav", "flac", "mp3", "m4a", "opus", "webm")]
    decoded = _count_decoding(monkeypatch)
    messages = []
    for path in paths:
        with pytest.raises(VoiceError) as err:
            _penalties(path.parent.parent)
        messages.append(str(err.value))
    assert decoded == []  # not one frame
    for path, message in zip(paths, messages, strict=True):
        assert re.search(r": is 5\.0 s long; a beat's recording may last at most 2 s", message), message
        assert str(path) in message and len(message.splitlines()) == 1


@pytest.mark.parametrize("kind", ["adts", "wav-without-length"])
def test_a_take_with_no_length_in_its_header_is_stopped_at_the_limit(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(voice, "MAX_SECONDS", 2.0)
    seconds = 20.0
    if kind == "adts":  # raw AAC: no length anywhere; FFmpeg guesses one from the bit rate
        path = write_tone(tmp_path / "voice" / "penalties" / "shapes.aac", seconds, rate=8000)
    else:  # sizes 0xFFFFFFFF: a recorder that streamed and never came back to write them
        path = write_tone(tmp_path / "voice" / "penalties" / "shapes.wav", seconds, rate=8000)
        raw = bytearray(path.read_bytes())
        k = _wav_data(path)
        raw[4:8] = raw[k + 4:k + 8] = b"\xff\xff\xff\xff"
        path.write_bytes(bytes(raw))
    decoded = _count_decoding(monkeypatch)
    tracemalloc.start()
    try:
        with pytest.raises(VoiceError) as err:
            _penalties(tmp_path / "voice")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    limit = 2.0 * SAMPLE_RATE
    assert limit < sum(decoded) <= limit + max(decoded)  # stopped by the frame that passed the limit
    assert peak < seconds * SAMPLE_RATE * 4 / 4  # a quarter of the whole take as float32 samples
    message = str(err.value)
    assert re.search(r": is more than 2 s long; a beat's recording may last at most 2 s", message), message
    assert str(path) in message and len(message.splitlines()) == 1


def test_a_corrupt_recording_exits_2_naming_it_and_writes_nothing(tmp_path):
    folder = _voice_dir(tmp_path, {"penalties/shapes.wav": 1.0})
    bad = folder / "penalties" / "slopes.m4a"
    bad.write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x13" * 500)
    out = tmp_path / "out"
    proc = subprocess.run([str(VENV_BIN / "l1l2"), "render", "penalties", "-q", "preview", "--voice", str(folder),
                           "-o", str(out)], capture_output=True, text=True, timeout=HANG)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "cannot be decoded" in lines[0]
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))


def test_the_cache_key_follows_each_recording_and_the_narration(tmp_path):
    s = RenderSettings(quality="preview")

    def rec(scene, beat, digest):
        return Recording(scene, beat, tmp_path / scene / f"{beat}.wav", digest, 2.0)

    def key(scene, voice=(), narration=None):
        job = make_job(scene, settings=s, voice=voice, voice_kind="voice" if voice else "", narration=narration)
        return cache_key(job.scene, job.params, job.settings, job.sound_key())

    silent = key("penalties")
    assert silent == cache_key("penalties", make_job("penalties", settings=s).params, s)  # silent keys unchanged
    one = key("penalties", [rec("penalties", "shapes", "a" * 64)])
    assert one != silent
    assert key("penalties", [rec("penalties", "shapes", "b" * 64)]) != one  # a new take of one beat
    assert key("budget", [rec("budget", "setup", "c" * 64)]) == key("budget", [rec("budget", "setup", "c" * 64)])
    assert key("penalties", narration={"shapes": "Two shapes."}) not in (silent, one)
    # one scene with two sets of lines (two chapters of a lecture) never shares an output file
    a, b = (make_job("penalties", settings=s, narration={"shapes": line}) for line in ("One.", "Two."))
    assert a.label != b.label and a.label.startswith("penalties-narration-")
    assert make_job("penalties", settings=s, voice_kind="voice").label == "penalties-voice-preview"
    with pytest.raises(Exception, match="has no beat 'shape'"):
        make_job("penalties", settings=s, narration={"shape": "x"})


@pytest.mark.parametrize("line", ["#str(1+1) and $x$ *bold* _it_ @ref <b>", "a\\b \\$ `code` [link](x) λ = 0.5",
                                  "  two\n lines\tand tabs  "])
def test_a_narration_line_is_shown_and_written_as_its_text(line):
    assert plain_text(escape_markup(line)) == " ".join(line.split())


def test_no_cue_text_reads_as_a_players_tag():
    text = "a <b>bold</b> {\\b1}claim{\\b0} and x < 3, {p}"
    out = captions.srt([(0.0, 1.0, text)])
    assert re.search(r"<[A-Za-z/]|\{\\", out) is None  # no tag a player would act on
    assert out.replace("\u200b", "").splitlines()[2] == text  # and nothing else changed
    assert "&lt;b&gt;" in captions.webvtt([(0.0, 1.0, text)])


# -- a narrated render ---------------------------------------------------------------------------

FPS = 10
SETTINGS = RenderSettings(quality="preview", pixel_size=(192, 108), fps=FPS)
BEAT = "formulas"  # 8.0 s of animation (reading time included)
TONE = 10.0


@pytest.fixture(scope="session")  # session: a module fixture re-renders when xdist interleaves files
def narrated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voice")
    folder = _voice_dir(tmp, {f"penalties/{BEAT}.flac": TONE})
    warnings: list[str] = []
    (job,) = voiced_jobs([make_job("penalties", settings=SETTINGS, formats=("mp4", "webm", "gif"))], str(folder),
                         tmp / "out", warnings.append)
    result = render_job(job, tmp / "out")
    silent = timeline("penalties", settings=SETTINGS)
    return job, result, silent, warnings


@pytest.mark.render
def test_a_10s_recording_on_an_8s_beat_makes_its_cue_at_least_10s(narrated):
    _, result, silent, _ = narrated
    names = [b.name for b in silent.beats]
    k = names.index(BEAT)
    before = silent.beats[k + 1].time - silent.beats[k].time
    assert before < TONE - 1  # the animation alone is shorter than the recording
    cues = list(srt.parse(result.outputs["srt"].read_text()))
    cue = cues[k]
    length = (cue.end - cue.start).total_seconds()
    assert length >= TONE and length <= TONE + 0.5 + 1 / FPS + 1e-3  # recording + breath, to the frame
    assert cue.content == plain_text(dict(a for a in ((b.name, b.caption) for b in silent.beats))[BEAT])


@pytest.mark.render
def test_every_beat_without_a_recording_keeps_its_frames(narrated):
    _, result, silent, _ = narrated

    def frames(tl):
        t = [round(b.time * FPS) for b in tl.beats] + [round(tl.duration * FPS)]
        return {b.name: t[i + 1] - t[i] for i, b in enumerate(tl.beats)}, t[0]

    now, start_now = frames(result.timeline)
    then, start_then = frames(silent)
    assert start_now == start_then == 0
    assert {n: f for n, f in now.items() if n != BEAT} == {n: f for n, f in then.items() if n != BEAT}
    assert now[BEAT] > then[BEAT]


def _audio(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        return np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])


@pytest.mark.render
@pytest.mark.parametrize("fmt, codec", [("mp4", "aac"), ("webm", "opus")])
def test_the_track_is_loud_inside_the_recording_and_silent_outside(narrated, fmt, codec):
    _, result, _, _ = narrated
    path = result.outputs[fmt]
    with av.open(str(path)) as c:
        assert [s.codec_context.name for s in c.streams.audio] == [codec]
        rate = c.streams.audio[0].codec_context.sample_rate
        video_frames = sum(1 for p in c.demux(c.streams.video[0]) if p.size)
    a = _audio(path)
    start = next(b.time for b in result.timeline.beats if b.name == BEAT)
    i0, i1 = int(start * rate), int((start + TONE) * rate)
    guard = int(0.05 * rate)  # codec ringing at the edges
    inside = a[i0 + guard: i1 - guard]
    assert rms_db(inside) == pytest.approx(TARGET_LUFS, abs=1.0)  # a sine's RMS in dB is its LUFS, ± K-weighting
    assert rms_db(a[: i0 - guard]) < -60 and rms_db(a[i1 + guard:]) < -60
    # the audio and the video last the same, within one frame
    assert abs(len(a) / rate - video_frames / FPS) <= 1 / FPS


@pytest.mark.render
def test_gif_is_silent_and_the_manifest_names_each_recording(narrated):
    job, result, _, warnings = narrated
    assert not warnings
    with av.open(str(result.outputs["gif"])) as c:
        assert not c.streams.audio
    manifest = json.loads(result.outputs["mp4"].with_suffix(".json").read_text())
    (rec,) = job.voice
    assert manifest["voice"]["beats"][BEAT]["digest"] == rec.digest
    assert result.outputs["mp4"].name == "penalties-voice-preview.mp4"  # never replaces the silent render
    assert "--voice" in manifest["command"]
    assert 'controls' in result.outputs["embed"].read_text() and "muted" not in result.outputs["embed"].read_text()


@pytest.mark.render
def test_a_missing_recording_keeps_the_scene_exactly_as_silent(tmp_path, narrated):
    folder = _voice_dir(tmp_path, {"budget/setup.wav": 1.0})  # a voice folder with nothing for penalties
    job = make_job("penalties", settings=SETTINGS)
    warnings: list[str] = []
    (voiced,) = voiced_jobs([job], str(folder), tmp_path / "out", warnings.append)
    # silent, under the silent name (a mistyped folder never replaces a narrated clip), with a warning
    assert voiced.voice == () and voiced.label == job.label == "penalties-preview"
    assert warnings == [f"voice: {folder} has no recording of penalties (save them as penalties/<beat>.wav); "
                        "it stays silent"]
    from l1l2.run import job_timeline

    a, b = job_timeline(voiced), narrated[2]
    assert [(x.name, round(x.time * FPS)) for x in a.beats] == [(x.name, round(x.time * FPS)) for x in b.beats]
    assert round(a.duration * FPS) == round(b.duration * FPS)
    assert dataclasses.replace(voiced, voice_kind="").sound_key() is None
