"""Narration: a lecturer's recordings (one file per beat) decoded, normalized, placed and muxed.

A voice folder holds ``<scene>/<beat>.<ext>`` files (any of :data:`AUDIO_EXTS`); see
:func:`find_recordings`. Every recording is checked at the boundary (it decodes, it has sound,
it lasts at most :data:`MAX_SECONDS`), so a bad file stops the command before anything is
written. A narrated beat lasts at least its recording plus :data:`BREATH_SECONDS` (the scene
holds the beat's last frame, to the frame); the recording starts at the beat's start.

Length: a file whose header says it is over the limit is refused before it is decoded; one whose
header says nothing (raw ADTS AAC, a WAV a recorder never finished) is decoded only until it passes
the limit. A take that decodes shorter or longer than its header says, by more than
:data:`LENGTH_TOLERANCE`, is used with a warning (a cut-off or damaged file).

Loudness: each recording is measured with libavfilter's ``ebur128`` filter (EBU R128 /
ITU-R BS.1770 integrated loudness, through PyAV) and scaled by one linear gain to
:data:`TARGET_LUFS`, so takes recorded on different days sound alike and a test tone stays a
tone (a dynamic normalizer such as ``loudnorm``'s one-pass mode would reshape it). True peaks (4×
oversampled) the gain would push above :data:`PEAK_CEILING_DB` are limited (a 5 ms look-ahead
limiter, :func:`limited`); the half-decibel of headroom below −1 dBTP is for the AAC and Opus
encoders, which overshoot a little. The track is 48 kHz mono: AAC in MP4,
Opus in WebM; GIFs have no sound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from scenes.kit import style
from scenes.kit.params import ParamError

SAMPLE_RATE = 48_000
AUDIO_EXTS = ("wav", "flac", "mp3", "m4a", "ogg", "opus", "webm", "aac", "aiff", "aif", "mp4")
MAX_SECONDS = 60.0  # one beat's recording
BREATH_SECONDS = style.BREATH  # after a recording, before the next beat starts (the scenes hold it)
TARGET_LUFS = -16.0  # integrated loudness of every recording (a common target for spoken web video)
PEAK_CEILING_DB = -1.5  # no true peak above this (dBTP) after the gain: AAC and Opus overshoot a little
TRUE_PEAK_OVERSAMPLING = 4  # ITU-R BS.1770's true-peak meter: the peak of the 4× oversampled signal
SHORT_SECONDS = 0.3  # a shorter take is probably a cut-off file: a warning names it
# Decoded length − header length of honest files (PyAV/FFmpeg encodes at 8–48 kHz, 0.1–10 s): 0 for
# WAV, AIFF, FLAC, ALAC and MP3 (Xing/LAME header); −6.5 ms for Ogg Opus and −8 ms for WebM Opus (the
# header counts the 312-sample pre-skip); +3…+112 ms for AAC in MP4/M4A (the decoder keeps the last
# frame's padding: up to 1023 samples, 128 ms at 8 kHz, 139 ms at AAC's lowest rate, 7.35 kHz).
LENGTH_TOLERANCE = 0.2  # so a larger difference is a cut-off or damaged file, and a warning names it
LIMITER_SECONDS = 0.005  # how early the limiter starts to turn a peak down (and how slowly it recovers)
SILENT_LUFS = -70.0  # EBU R128's absolute gate: quieter than this is no sound at all
AAC_BIT_RATE = 128_000
OPUS_BIT_RATE = 96_000

# Everything here that changes what is heard; a narrated render's cache key hashes it.
AUDIO_PIPELINE = {"rate": SAMPLE_RATE, "breath": BREATH_SECONDS, "lufs": TARGET_LUFS, "peak": PEAK_CEILING_DB,
                  "limiter": LIMITER_SECONDS, "true_peak": TRUE_PEAK_OVERSAMPLING, "aac": AAC_BIT_RATE, "opus": OPUS_BIT_RATE, "layout": "mono"}


class VoiceError(ParamError):
    """A recording that cannot be used: one line naming the file and why (exit code 2)."""


@dataclass(frozen=True)
class Recording:
    """One beat's recorded narration: where it is, its content hash, its length in seconds (decoded)
    and the length its header declares (None if it declares none FFmpeg did not have to guess)."""

    scene: str
    beat: str
    path: Path
    digest: str
    seconds: float
    declared: float | None = None


# -- decoding --------------------------------------------------------------------------------


def decode(path: Path | str) -> np.ndarray:
    """The file's sound as 48 kHz mono float32 samples (any format FFmpeg reads; PyAV decodes it).

    Raises :class:`VoiceError` naming the file if it cannot be opened or decoded, holds no audio,
    or lasts more than :data:`MAX_SECONDS` (found before or while decoding; see :func:`read`)."""
    return read(path)[0]


def read(path: Path | str) -> tuple[np.ndarray, float | None]:
    """``(samples, declared)``: the file's sound as :func:`decode` gives it, and the length in seconds
    its header declares (:func:`declared_seconds`; None if it declares none).

    Over :data:`MAX_SECONDS` is refused before decoding if the header says so (by more than
    :data:`LENGTH_TOLERANCE`, the most an honest header is off), and otherwise as soon as the
    decoded samples pass the limit: at most the limit plus one frame's samples are ever held."""
    import av

    path = Path(path)
    limit = MAX_SECONDS * SAMPLE_RATE
    chunks: list[np.ndarray] = []
    count = 0
    try:
        if path.stat().st_size == 0:
            raise VoiceError(f"voice: {path}: is empty (0 bytes)")
        with _ffmpeg_log() as log:
            container = av.open(str(path))
        with container:
            if not container.streams.audio:
                raise VoiceError(f"voice: {path}: has no audio stream")
            stream = container.streams.audio[0]
            declared = declared_seconds(path, container, stream, log)
            if declared is not None and declared > MAX_SECONDS + LENGTH_TOLERANCE:
                raise too_long(path, declared)
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            for frame in chain(container.decode(stream), [None]):  # None: what the resampler holds
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
                    count += len(chunks[-1])
                if count > limit:  # stop here: the rest is never decoded
                    raise too_long(path, count / SAMPLE_RATE if frame is None else None)
    except VoiceError:
        raise
    except (av.error.FFmpegError, ValueError, OSError, UnicodeDecodeError) as err:
        why = getattr(err, "strerror", None) or str(err) or type(err).__name__
        raise VoiceError(f"voice: {path}: cannot be decoded as audio ({why})") from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if not np.all(np.isfinite(samples)):
        raise VoiceError(f"voice: {path}: cannot be decoded as audio (samples that are not numbers)")
    return samples.astype(np.float32, copy=False), declared


def too_long(path: Path, seconds: float | None) -> VoiceError:
    """The error for a recording over :data:`MAX_SECONDS`: ``seconds`` long (its header's or decoded
    length), or None when decoding stopped at the limit."""
    length = f"{seconds:.1f} s" if seconds is not None else f"more than {MAX_SECONDS:g} s"
    return VoiceError(f"voice: {path}: is {length} long; a beat's recording may last at most "
                      f"{MAX_SECONDS:g} s (split the beat's text, or shorten the take)")


GUESSED = "Estimating duration from bitrate"  # FFmpeg's note when a file has no length of its own


@contextmanager
def _ffmpeg_log():
    """FFmpeg's warnings while the block runs, as ``(level, name, message)``, kept from stderr and from
    Python's logging (PyAV logs nothing by default; its level is put back after)."""
    import av.logging as avlog

    level, skip = avlog.get_level(), avlog.get_skip_repeated()
    avlog.set_level(avlog.WARNING)
    avlog.set_skip_repeated(False)  # the same note for the next file is kept too
    try:
        with avlog.Capture(local=False) as logs:
            yield logs
    finally:
        avlog.set_skip_repeated(skip)
        avlog.set_level(level)


def declared_seconds(path: Path, container, stream, log: Sequence[tuple] = ()) -> float | None:
    """The length in seconds ``path``'s header declares for its audio ``stream``, or None.

    A WAV's is its data chunk's size (FFmpeg drops it when the file is shorter, so a cut-off WAV
    would go unnoticed). Otherwise the stream's duration, or the container's if the audio is its only
    stream; None when FFmpeg says it guessed it from the bit rate (raw ADTS AAC, an MP3 without a
    Xing header, a WAV without sizes: the guess can be off many times over)."""
    if container.format.name == "wav":
        header = _wav_header_seconds(path)
        if header is not None:
            return header
    if container.format.name == "aac" or any(GUESSED in str(entry[-1]) for entry in log):
        return None
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration and len(container.streams) == 1:
        return container.duration / 1_000_000  # AV_TIME_BASE
    return None


def _wav_header_seconds(path: Path) -> float | None:
    """A PCM WAV's length by its ``data`` chunk's size, or None (no such chunk, a size left unset
    as 0 or 0xFFFFFFFF by a recorder that streamed, or samples not in PCM or float)."""
    import struct

    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        fmt = None
        while True:
            chunk = f.read(8)
            if len(chunk) < 8:
                return None
            kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if kind == b"fmt " and size >= 16:
                body = f.read(14)
                if len(body) < 14:
                    return None
                tag, _channels, rate, _byte_rate, block = struct.unpack("<HHIIH", body)
                fmt = (tag, rate, block)
                f.seek(size - 14 + size % 2, 1)
            elif kind == b"data":
                if fmt is None or fmt[0] not in (1, 3, 0xFFFE) or not fmt[1] or not fmt[2] or size in (0, 0xFFFFFFFF):
                    return None
                return size // fmt[2] / fmt[1]
            else:
                f.seek(size + size % 2, 1)


def loudness(samples: np.ndarray) -> float:
    """Integrated loudness in LUFS (EBU R128, gated), measured by libavfilter's ``ebur128``;
    ``-inf`` for sound quieter than the absolute gate (or shorter than one 400 ms block)."""
    import av
    import av.filter

    graph = av.filter.Graph()
    source = graph.add_abuffer(format="flt", sample_rate=SAMPLE_RATE, layout="mono", time_base=f"1/{SAMPLE_RATE}")
    meter = graph.add("ebur128", "metadata=1:peak=none")
    sink = graph.add("abuffersink")
    source.link_to(meter)
    meter.link_to(sink)
    graph.configure()
    last: dict[str, str] = {}

    def drain() -> None:
        nonlocal last
        while True:
            try:
                frame = graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return
            last = dict(frame.metadata) or last

    step = SAMPLE_RATE // 10
    for start in range(0, len(samples), step):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, start:start + step], np.float32),
                                           format="flt", layout="mono")
        frame.sample_rate, frame.pts = SAMPLE_RATE, start
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    value = float(last.get("lavfi.r128.I", "-inf"))
    return value if value > SILENT_LUFS else float("-inf")


def true_peak_levels(samples: np.ndarray) -> np.ndarray:
    """Each sample's true-peak level: the largest magnitude of the 4× oversampled signal around it
    (the signal between samples can rise above every sample; a decoder reconstructs it)."""
    from scipy.signal import resample_poly

    k = TRUE_PEAK_OVERSAMPLING
    up = np.abs(resample_poly(samples.astype(np.float64), k, 1))[: len(samples) * k]
    up = np.pad(up, (0, len(samples) * k - len(up)))
    return np.maximum(np.abs(samples), up.reshape(len(samples), k).max(axis=1))


def limited(samples: np.ndarray, ceiling: float) -> np.ndarray:
    """``samples`` with every true peak above ``ceiling`` (linear) brought down to it, smoothly: a
    gain that falls over :data:`LIMITER_SECONDS` before a peak and recovers as long after (a
    look-ahead limiter). Where nothing exceeds the ceiling the sound is untouched.

    The gain at a sample is a moving average of the least gain any level within ±L needs, so near
    a peak p every term is at most the gain p needs: the ceiling holds exactly, not approximately."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    if len(samples) == 0:
        return samples
    level = true_peak_levels(samples)
    if float(level.max()) <= ceiling:
        return samples
    need = np.minimum(1.0, ceiling / np.maximum(level, 1e-12))
    half = max(1, int(LIMITER_SECONDS * SAMPLE_RATE))
    gain = minimum_filter1d(need, size=2 * half + 1, mode="nearest")
    gain = uniform_filter1d(gain, size=half, mode="nearest")
    return (samples * np.minimum(gain, need)).astype(np.float32)


def normalized(samples: np.ndarray) -> np.ndarray:
    """``samples`` at :data:`TARGET_LUFS` integrated loudness, no true peak above :data:`PEAK_CEILING_DB`.

    One gain moves the loudness to the target; peaks it would push past the ceiling are limited
    (:func:`limited`), and since limiting lowers the loudness a little, the gain is measured again
    (twice at most). A recording too short or quiet to meter (under 0.4 s) is peak-normalized."""
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak == 0.0:
        return samples.copy()
    ceiling = 10 ** (PEAK_CEILING_DB / 20)
    out = samples
    for _ in range(3):
        level = loudness(out)
        if not np.isfinite(level):
            return (samples * (ceiling / peak)).astype(np.float32)
        if abs(level - TARGET_LUFS) < 0.05 and float(true_peak_levels(out).max()) <= ceiling * (1 + 1e-6):
            break
        out = limited((out * 10 ** ((TARGET_LUFS - level) / 20)).astype(np.float32), ceiling)
    return out.astype(np.float32)


@lru_cache(maxsize=256)
def _normalized_file(path: str, digest: str) -> np.ndarray:  # digest: a changed file is read again
    out = normalized(decode(path))
    out.setflags(write=False)
    return out


def recording_samples(rec: Recording) -> np.ndarray:
    """A recording's normalized 48 kHz mono samples (read-only; decoded once per process)."""
    return _normalized_file(str(rec.path), rec.digest)


def check_recording(path: Path, scene: str, beat: str) -> Recording:
    """The recording at ``path``, checked: decodes, has sound, at most :data:`MAX_SECONDS` (refused
    before decoding if its header says it is longer; see :func:`read`)."""
    from .files import file_digest

    samples, declared = read(path)
    if len(samples) == 0:
        raise VoiceError(f"voice: {path}: is empty (no audio samples)")
    seconds = len(samples) / SAMPLE_RATE
    if seconds > MAX_SECONDS:
        raise too_long(path, seconds)
    if float(np.max(np.abs(samples))) < 10 ** (SILENT_LUFS / 20):
        raise VoiceError(f"voice: {path}: is silent (every sample below {SILENT_LUFS:g} dBFS)")
    return Recording(scene, beat, path, file_digest(path), seconds, declared)


# -- the voice folder ------------------------------------------------------------------------


def find_recordings(folder: Path | str, beats: Mapping[str, Sequence[str]], *, known: Mapping[str, Sequence[str]],
                    warn: Callable[[str], None]) -> dict[tuple[str, str], Recording]:
    """The recordings in ``folder`` for the scenes and beats in ``beats`` (scene → beat names), checked.

    A recording is ``<folder>/<scene>/<beat>.<ext>`` with ext one of :data:`AUDIO_EXTS` (any case).
    A file that names no scene or beat of ``known`` (every scene's beats) gets a warning, as it is
    probably a typo; files for known scenes outside ``beats`` are left alone. Two files for one beat
    (``sweep.wav`` and ``sweep.mp3``) are an error: which one is meant is not clear.
    """
    if not str(folder).strip():
        raise VoiceError("--voice: is empty; give the folder of <scene>/<beat>.wav recordings")
    folder = Path(folder)
    if not folder.is_dir():
        raise VoiceError(f"--voice: {folder}: not a folder (give the folder of <scene>/<beat>.wav recordings)")
    found: dict[tuple[str, str], Path] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        ext = path.suffix.lower().lstrip(".")
        scene = rel.parts[0] if len(rel.parts) == 2 else None
        if ext not in AUDIO_EXTS:
            warn(f"voice: {path}: ignored, not a recording (allowed: {', '.join('.' + e for e in AUDIO_EXTS)})")
            continue
        if scene is None or scene not in known:
            homes = [f"{name}/{path.stem}{path.suffix}" for name, beats_of in known.items() if path.stem in beats_of]
            hint = f"; move it to {' or '.join(homes)}" if homes else f" (scenes: {', '.join(known)})"
            warn(f"voice: {path}: ignored, matches no scene (save recordings as <scene>/<beat>.wav){hint}")
            continue
        beat = path.stem
        if beat not in known[scene]:
            warn(f"voice: {path}: ignored, {scene} has no beat {beat!r} (beats: {', '.join(known[scene])})")
            continue
        if scene not in beats:
            continue
        if (scene, beat) in found:
            raise VoiceError(f"voice: {found[scene, beat]} and {path}: two recordings of {scene}/{beat}; keep one")
        found[scene, beat] = path
    recordings = {key: check_recording(path, *key) for key, path in found.items()}
    for rec in recordings.values():
        if rec.declared is not None and abs(rec.seconds - rec.declared) > LENGTH_TOLERANCE:
            warn(f"voice: {rec.path}: its header says {rec.declared:.2f} s but it holds {rec.seconds:.2f} s "
                 "(a cut-off or damaged file?); used as it is")
        elif rec.seconds < SHORT_SECONDS:
            warn(f"voice: {rec.path}: is only {rec.seconds:.2f} s long (a cut-off file?); used as it is")
    return recordings


# -- the track ---------------------------------------------------------------------------------


def mix(placed: Iterable[tuple[float, Recording]], seconds: float) -> np.ndarray:
    """A silent track of ``seconds`` with each recording (normalized) starting at its time (seconds).

    A recording runs to its end or the track's, whichever is first; overlaps add (beats are
    stretched so none overlap)."""
    track = np.zeros(int(round(seconds * SAMPLE_RATE)), np.float32)
    for start, rec in placed:
        k = int(round(start * SAMPLE_RATE))
        if k >= len(track):
            continue
        samples = recording_samples(rec)[: len(track) - k]
        track[k:k + len(samples)] += samples
    return track


def placements(recordings: Iterable[Recording], beats: Iterable, offset: float = 0.0) -> list[tuple[float, Recording]]:
    """``(start, recording)`` for each recording whose beat is among ``beats`` (anything with ``.name``
    and ``.time``, e.g. a render's beat records): it starts with its beat, shifted by ``offset`` seconds."""
    starts = {b.name: b.time for b in beats}
    return [(offset + starts[r.beat], r) for r in recordings if r.beat in starts]


def audio_packets(out, codec: str, samples: np.ndarray) -> list:
    """``samples`` encoded as one mono 48 kHz stream of ``out`` (``aac`` or ``libopus``), as packets
    not yet muxed, so the caller can interleave them with the video's by time."""
    import av

    stream = out.add_stream(codec, rate=SAMPLE_RATE, layout="mono")
    stream.bit_rate = AAC_BIT_RATE if codec == "aac" else OPUS_BIT_RATE
    size = stream.codec_context.frame_size or 1024
    packets = []
    for start in range(0, len(samples), size):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, start:start + size]),
                                           format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = SAMPLE_RATE, start, Fraction(1, SAMPLE_RATE)
        packets += stream.encode(frame)
    packets += stream.encode(None)
    return packets


def mux_interleaved(out, video_packets: Iterable, audio: list) -> None:
    """Mux the video's packets (in order) with ``audio``'s, each audio packet just before the first
    video packet that starts later, so a player streaming the file gets both as it goes."""
    def seconds(packet) -> float:
        return float((packet.dts if packet.dts is not None else packet.pts or 0) * packet.time_base)

    k = 0
    for packet in video_packets:
        t = seconds(packet)
        while k < len(audio) and seconds(audio[k]) <= t:
            out.mux(audio[k])
            k += 1
        out.mux(packet)
    for packet in audio[k:]:
        out.mux(packet)


def with_audio(video: Path, samples: np.ndarray, dest: Path) -> Path:
    """``video``'s frames (packets copied, not re-encoded) with ``samples`` as its one audio track,
    AAC (MP4)."""
    import av

    with av.open(str(video)) as inp, av.open(str(dest), "w") as out:
        vin = inp.streams.video[0]
        vout = out.add_stream_from_template(vin)
        audio = audio_packets(out, "aac", samples)

        def copied():
            for packet in inp.demux(vin):
                if packet.dts is None:
                    continue
                packet.stream = vout
                yield packet

        mux_interleaved(out, copied(), audio)
    return dest
