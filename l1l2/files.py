"""Output names and safe writes: every file appears complete or not at all.

Names are stable: ``<out>/<scene>/<scene>[-<variant>][-<tag>]-<quality>[-<aspect>][-<theme>].<ext>``.
A variant tag names the parameters that differ from the scene's defaults, so a variant
never overwrites the default outputs. Files are written beside their destination and
moved into place with ``os.replace``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from .settings import RenderSettings


def changed_params(params: Any) -> list[tuple[str, Any]]:
    """``(name, value)`` of each parameter that differs from the scene's default, in declared order."""
    defaults = type(params)()
    return [(f.name, getattr(params, f.name)) for f in dataclasses.fields(params)
            if getattr(params, f.name) != getattr(defaults, f.name)]


def variant_tag(params: Any) -> str:
    """A short, readable name for parameters that differ from the scene's defaults ("" for none).

    ``shape=orthogonal`` → ``shape-orthogonal``; several or long changes become ``p`` and
    8 hex digits of a hash, so a variant never overwrites the default outputs.
    """
    changed = changed_params(params) if params is not None else []
    if not changed:
        return ""
    readable = "-".join(f"{k}-{v:g}" if isinstance(v, float) else f"{k}-{v}" for k, v in changed)
    if len(readable) <= 32 and re.fullmatch(r"[A-Za-z0-9_.,-]+", readable):
        return readable.replace(",", "_")
    digest = hashlib.sha1(json.dumps(changed, sort_keys=True, default=str).encode()).hexdigest()
    return f"p{digest[:8]}"


def output_path(out_dir: Path | str, scene: str, settings: RenderSettings, ext: str, tag: str = "",
                params: Any = None) -> Path:
    """``<out>/<scene>/<scene>[-<variant>][-<tag>]-<quality>[-<aspect>][-<theme>].<ext>``."""
    parts = [scene, variant_tag(params), tag, settings.suffix()]
    return Path(out_dir) / scene / f"{'-'.join(x for x in parts if x)}.{ext}"


def atomic_move(src: Path, dst: Path) -> None:
    """Move ``src`` to ``dst`` so that ``dst`` is either the old file or the complete new one."""
    with writing(dst):
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.partial-{os.getpid()}")
        try:
            shutil.copyfile(src, tmp) if src.stat().st_dev != dst.parent.stat().st_dev else shutil.move(src, tmp)
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)


def atomic_write_text(dst: Path, content: str) -> None:
    """Write text to ``dst`` through a temporary file beside it (removed if writing fails)."""
    with writing(dst):
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.partial-{os.getpid()}")
        try:
            tmp.write_text(content, encoding="utf-8")
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)


# errno values that mean "this output cannot be written here", whatever the file
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO})


@contextlib.contextmanager
def writing(dest: Path | str):
    """Re-raise an OSError from writing ``dest`` so that it names ``dest``: PIL, the encoder and
    temporary files name another file, or none, and the user needs to know which output failed."""
    try:
        yield
    except OSError as err:
        if err.filename == str(dest):
            raise
        raise OSError(err.errno, err.strerror or str(err), str(dest)) from err


def write_failure(err: BaseException) -> OSError | None:
    """The OSError behind ``err`` (itself, or along its causes) when a file could not be written
    (full disk, quota, read-only or unwritable place), else None."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in WRITE_ERRNOS:
            return current
        current = current.__cause__ or current.__context__
    return None


def save_png(frame: np.ndarray, path: Path, alpha: bool = False) -> None:
    from PIL import Image

    frame = np.asarray(frame).astype(np.uint8)
    if alpha and frame.shape[-1] == 4:
        Image.fromarray(frame, "RGBA").save(path)
    else:
        Image.fromarray(frame[..., :3], "RGB").save(path)


def check_output_dir(path: Path | str, flag: str = "-o") -> Path:
    """``path`` if it is, or can become, a writable folder; else a one-line ParamError. Writes nothing."""
    from scenes.kit.params import ParamError

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ParamError(f"{flag}: {path} is a file, not a folder")
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing != path and not existing.is_dir():
        raise ParamError(f"{flag}: {existing} is a file, so {path} cannot be a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParamError(f"{flag}: {existing} is not writable")
    return path


def written_since(out_dir: Path | str, since_ns: int) -> list[Path]:
    """The outputs under ``out_dir`` moved into place at or after ``since_ns`` (``time.time_ns()``).

    Every output is written beside its destination and renamed into place, and a rename keeps the
    new file's time, so these are exactly the complete outputs a run wrote; temporary, lock and log
    files (hidden names and folders) are not outputs.
    """
    found = []
    for path in Path(out_dir).rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(out_dir).parts):
            continue
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime_ns >= since_ns:
                found.append(path)
    return sorted(found)


# -- temporary folders, leftovers and locks ----------------------------------------------------

WORK_PREFIX = "l1l2-"  # temporary folders are named l1l2-<kind>-<pid>-<random> (dot-prefixed beside outputs)
_WORK_NAME = re.compile(r"^\.?l1l2-[a-z]+-(\d+)-")
_PARTIAL_NAME = re.compile(r"\.partial-(\d+)$")


def work_dir(kind: str, beside: Path | None = None):
    """A temporary folder for one render step, removed when done (also after an error or interrupt).
    Its name carries this process's id, so a later run can sweep what a killed run left behind."""
    import tempfile

    if beside is not None:
        Path(beside).mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryDirectory(prefix=f".{WORK_PREFIX}{kind}-{os.getpid()}-", dir=beside)
    return tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{kind}-{os.getpid()}-")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_leftovers(*folders: Path | str) -> list[Path]:
    """Remove temporary folders and partial files that a killed run (SIGKILL, power loss) left in
    ``folders`` and in the system's temporary folder: only those whose process is gone."""
    import tempfile

    removed = []
    for folder in [*map(Path, folders), Path(tempfile.gettempdir())]:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            m = _WORK_NAME.match(path.name) or _PARTIAL_NAME.search(path.name)
            if m and int(m.group(1)) != os.getpid() and not pid_alive(int(m.group(1))):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
                removed.append(path)
    return removed


class stem_lock:  # noqa: N801 (used as a context manager, like open)
    """An exclusive lock on one output stem (``<out>/.locks/<scene>/<stem>.lock``), held while it is
    rendered and committed. A second render of the same stem waits, saying which process holds it."""

    def __init__(self, out_dir: Path, scene: str, stem: str, say=None):
        self.path = Path(out_dir) / ".locks" / scene / f"{stem}.lock"
        self.stem = stem
        self.say = say or (lambda _msg: None)

    def __enter__(self):
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")  # noqa: SIM115 (closed in __exit__)
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "another process"
            self.say(f"{self.stem}: waiting for another render of it (pid {holder})")
            fcntl.flock(self.fh, fcntl.LOCK_EX)
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        import fcntl

        self.fh.seek(0)
        self.fh.truncate()
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()
        return False


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def replace_folder(work: Path, dest: Path) -> None:
    """Put the finished folder ``work`` at ``dest`` (same filesystem), replacing what was there whole: a reader
    sees the old folder or the new one, never a mix (the deck, the article)."""
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    work.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
