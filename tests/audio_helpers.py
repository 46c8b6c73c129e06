"""Generated test recordings: tones written with PyAV in every format a lecturer may record in."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

FORMATS = {  # extension: (container format, encoder)
    "wav": ("wav", "pcm_s16le"), "flac": ("flac", "flac"), "mp3": ("mp3", "libmp3lame"),
    "m4a": ("ipod", "aac"), "ogg": ("ogg", "libopus"), "opus": ("opus", "libopus"),
    "webm": ("webm", "libopus"), "aac": ("adts", "aac"), "aiff": ("aiff", "pcm_s16be"), "aif": ("aiff", "pcm_s16be"),
    "mp4": ("mp4", "aac"),
}


def write_tone(path: Path, seconds: float, *, freq: float = 440.0, amp: float = 0.3, rate: int = 44_100,
               ext: str | None = None) -> Path:
    """A sine of ``seconds`` written with PyAV in the format its extension names."""
    fmt, codec = FORMATS[ext or path.suffix.lstrip(".").lower()]
    rate = 48_000 if codec == "libopus" else rate
    n = int(round(seconds * rate))
    x = (amp * np.sin(2 * np.pi * freq * np.arange(n) / rate)).astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format=fmt) as out:
        st = out.add_stream(codec, rate=rate, layout="mono")
        size = st.codec_context.frame_size or 1024
        for i in range(0, n, size):
            frame = av.AudioFrame.from_ndarray(x[None, i:i + size], format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, i, Fraction(1, rate)
            for p in st.encode(frame):
                out.mux(p)
        for p in st.encode(None):
            out.mux(p)
    return path
