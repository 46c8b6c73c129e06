"""What a render produced and from what: the whole-output cache key and the manifest beside the outputs.

Every video render writes ``renders/<scene>/<stem>.json`` (the stem is
``<scene>-<quality>[-<aspect>][-<theme>]``): the cache key, the parameters and
settings, the beats with their real times and captions, the duration and the
output files. An unchanged re-render (same key, outputs present) returns at
once; the gallery and the lecture read the manifests.

The key hashes everything that changes pixels: the source of ``mathcore`` and
``scenes`` (any edit re-renders), the parameters, quality, size, fps, theme,
aspect, captions, transparency, and the library versions (manim, PyAV, numpy,
scipy). A render is reused when its key matches and every format asked for
(and the poster, if asked) is among its outputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

MANIFEST_VERSION = 1
# Modules that never change a pixel: editing them keeps the cache.
NOT_PIXELS = {"cli.py", "parallel.py", "manifest.py", "embed.py", "gallery.py"}


@cache
def source_digest() -> str:
    """A hash of the ``.py`` files of mathcore and scenes that shape pixels (computed once per process)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for package in ("mathcore", "scenes"):
        for path in sorted((root / package).rglob("*.py")):
            if package == "scenes" and path.name in NOT_PIXELS:
                continue
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def library_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("manim", "av", "numpy", "scipy")}


def cache_key(scene: str, params: Any, settings: Any) -> str:
    """The key of a render's pixels; which formats were written is checked against the manifest."""
    payload = {
        "manifest": MANIFEST_VERSION,
        "scene": scene,
        "params": dataclasses.asdict(params),
        "settings": dataclasses.asdict(settings),
        "source": source_digest(),
        "versions": library_versions(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def manifest_path(out_dir: Path | str, scene: str, stem: str) -> Path:
    return Path(out_dir) / scene / f"{stem}.json"


def read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("manifest") == MANIFEST_VERSION else None


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    """Atomically (a half-written manifest would read as a cache hit for broken outputs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    tmp.write_text(json.dumps({"manifest": MANIFEST_VERSION, **data}, indent=2, default=str))
    os.replace(tmp, path)


def cached_outputs(path: Path, key: str, formats: list[str] | tuple[str, ...]) -> dict[str, Path] | None:
    """The outputs of an earlier render with this key, if its manifest and every file are still there."""
    data = read_manifest(path)
    if not data or data.get("key") != key:
        return None
    outputs = {fmt: path.parent / name for fmt, name in data.get("outputs", {}).items()}
    if not all(fmt in outputs for fmt in formats) or not all(p.exists() for p in outputs.values()):
        return None
    return outputs
