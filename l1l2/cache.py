"""What a render produced and from what: the whole-output cache key and the manifest beside the outputs.

Every video render writes ``renders/<scene>/<stem>.json``: the cache key, the
parameters and settings, the beats with their real times and captions, the
duration and the output files. An unchanged re-render (same key, outputs present)
returns at once; the gallery and the lecture read the manifests.

The key hashes everything that changes pixels, found by folder, not by a list of
names: every file of every type under ``mathcore/`` and ``scenes/`` (the math, the
stories, the kit, and data files), this package's pixel settings *as data*
(:data:`l1l2.settings.PIXEL_PIPELINE`: encoder options, frame size, still-capture
version), the parameters, quality, size, fps, theme, aspect, captions,
transparency, and the library versions (manim, PyAV, numpy, scipy). Editing the CLI,
the gallery or any other file of ``l1l2/`` keeps the cache. A render is reused when
its key matches and every format asked for (and the poster, if asked) is among its
outputs.

Two smaller caches live in the output folder's hidden ``.cache/``, under the same key:

- ``timelines/<key>.json``: a scene's beats and their times (what a dry run or a render logged),
  so a still, a storyboard or ``l1l2 script`` does not run the scene again to learn them;
- ``stills/<scene>/<png name>.json``: the key, the frame asked for and the content hash of a
  still, so an unchanged still is not drawn again (and a replaced PNG does not match).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from .files import atomic_write_text, file_digest
from .settings import PIXEL_PIPELINE

MANIFEST_VERSION = 3  # 3: content hashes of the outputs
TIMELINE_VERSION = 1  # bump when what a timeline records, or how a run times its beats, changes
CACHE_FOLDER = ".cache"  # hidden: not an output, not in the gallery
PIXEL_FOLDERS = ("mathcore", "scenes")  # every file under these shapes pixels
ROOT = Path(__file__).resolve().parent.parent


def folder_digest(root: Path, folders: tuple[str, ...] = PIXEL_FOLDERS) -> str:
    """A hash of every file (any type; not caches) under ``folders`` of ``root``, with their paths."""
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if not path.is_file() or "__pycache__" in rel.parts or any(part.startswith(".") for part in rel.parts):
                continue
            h.update(str(rel.as_posix()).encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def source_digest() -> str:
    """The digest of this checkout's pixel folders (computed once per process)."""
    return folder_digest(ROOT)


@cache
def library_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("manim", "av", "numpy", "scipy")}


def cache_key(scene: str, params: Any, settings: Any, sound: dict[str, Any] | None = None) -> str:
    """The key of a render's pixels and sound; which formats were written is checked against the manifest.

    ``sound`` is what a narrated render adds (:meth:`l1l2.job.RenderJob.sound_key`): the narration
    text, each recording's content hash, the audio settings. A silent render's key is unchanged."""
    from scenes.kit.params import file_params

    payload = {
        "manifest": MANIFEST_VERSION,
        "scene": scene,
        "params": dataclasses.asdict(params),
        "files": {name: file_digest(Path(path)) for name, path in file_params(params).items()},  # a user's data
        "settings": dataclasses.asdict(settings),
        "source": source_digest(),
        "pipeline": PIXEL_PIPELINE,
        "versions": library_versions(),
        **({"sound": sound} if sound else {}),
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
    atomic_write_text(path, json.dumps({"manifest": MANIFEST_VERSION, **data}, indent=2, default=str))


def cached_outputs(path: Path, key: str, formats: list[str] | tuple[str, ...]) -> dict[str, Path] | None:
    """The outputs of an earlier render with this key, if its manifest vouches for every file: each is
    there and has the content hash the manifest recorded (a file replaced by another render, or by
    an interrupted commit, does not match, so it is rendered again)."""
    data = read_manifest(path)
    if not data or data.get("key") != key:
        return None
    outputs = {fmt: path.parent / name for fmt, name in data.get("outputs", {}).items()}
    hashes = data.get("hashes", {})
    if not all(fmt in outputs for fmt in formats) or set(hashes) != set(outputs):
        return None
    for fmt, file in outputs.items():
        if not file.is_file() or file_digest(file) != hashes[fmt]:
            return None
    return outputs


# -- the timeline and still caches ---------------------------------------------------------------


def cache_folder(out_dir: Path | str) -> Path:
    return Path(out_dir) / CACHE_FOLDER


def read_timeline(out_dir: Path | str, key: str) -> dict[str, Any] | None:
    """The timeline recorded under ``key`` (as data), or None if there is none or it is unreadable."""
    data = _read_json(cache_folder(out_dir) / "timelines" / f"{key}.json")
    return data if data and data.get("timeline") == TIMELINE_VERSION else None


def write_timeline(out_dir: Path | str, key: str, data: dict[str, Any]) -> None:
    """Record a timeline under ``key``; best effort (a folder that cannot be written keeps no cache)."""
    _write_json(cache_folder(out_dir) / "timelines" / f"{key}.json", {"timeline": TIMELINE_VERSION, **data})


def still_record(out_dir: Path | str, png: Path) -> Path:
    """Where the cache record of the still ``png`` (a file under ``out_dir/<scene>/``) is kept."""
    return cache_folder(out_dir) / "stills" / png.parent.name / f"{png.name}.json"


def cached_still(out_dir: Path | str, png: Path, key: str) -> bool:
    """Whether ``png`` is the still recorded under ``key``: the record's key matches and the file's
    content hash is the one written."""
    data = _read_json(still_record(out_dir, png))
    return bool(data and data.get("key") == key and png.is_file() and file_digest(png) == data.get("hash"))


def write_still_record(out_dir: Path | str, png: Path, key: str) -> None:
    _write_json(still_record(out_dir, png), {"key": key, "hash": file_digest(png)})


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    try:
        atomic_write_text(path, json.dumps(data, indent=1, default=str))
    except OSError:
        pass
