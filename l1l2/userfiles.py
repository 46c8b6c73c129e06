"""User files checked against their schema at the boundary: ``--config`` files and lecture files.

Every problem is a :class:`~scenes.kit.params.ParamError` whose one line names the file,
the key and what is allowed (the CLI prints it and exits 2, before anything is rendered
or written). Decided and documented in the README:

- a file must be UTF-8 TOML; a folder, another encoding or bad TOML is refused;
- a ``--config`` file holds either top-level ``key = value`` lines (for every scene
  rendered) or one ``[scene]`` table per scene, not both; a table must be named after a
  scene; a table holds ``parameter = value`` only (no nested tables, no arrays);
- titles are text (a number is refused, not turned into its Python repr); ``captions``
  is ``true`` or ``false``; ``card_seconds`` is a number, not a boolean;
- numbers are written with ASCII digits, without ``_`` (see ``scenes.kit.params``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from scenes.kit.params import ParamError

SCALARS = (str, int, float, bool)


def read_toml(path: Path | str, what: str) -> dict[str, Any]:
    """The TOML document in ``path``; ``what`` is how the error names it (``--config``, ``lecture file``)."""
    path = Path(path)
    if path.is_dir():
        raise ParamError(f"{what}: {path} is a folder, not a TOML file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ParamError(f"{what}: no such file {path}") from None
    except OSError as err:
        raise ParamError(f"{what}: cannot read {path} ({err.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ParamError(f"{what}: {path} is not UTF-8 text (byte {err.start} is 0x{raw[err.start]:02x})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ParamError(f"{what}: {path} is not valid TOML ({err})") from None


def kind(value: Any) -> str:
    """How an error names a TOML value's type."""
    return {bool: "true/false", int: "an integer", float: "a number", str: "text", list: "an array",
            dict: "a table"}.get(type(value), type(value).__name__)


def scalar_params(prefix: str, table: dict[str, Any]) -> dict[str, Any]:
    """``table`` if every value is a plain value (number, true/false, text), else a one-line error
    naming ``prefix`` + the key."""
    for key, value in table.items():
        if isinstance(value, dict):
            raise ParamError(f"{prefix}{key}: a nested table is not allowed; give parameter = value lines")
        if not isinstance(value, SCALARS):
            raise ParamError(f"{prefix}{key}: must be a number, true/false or text, got {kind(value)}")
    return table


def config_overrides(path: Path | str, scene: str, scenes: list[str]) -> dict[str, Any]:
    """The parameters a ``--config`` file gives ``scene`` (checked for every scene name in ``scenes``)."""
    data = read_toml(path, "--config")
    where = f"--config {path}"
    for key, value in data.items():
        if key in scenes and not isinstance(value, dict):
            raise ParamError(f"{where}: {key}: must be a [{key}] table of parameter = value lines, got {kind(value)}")
        if isinstance(value, dict) and key not in scenes:
            raise ParamError(f"{where}: [{key}] is not a scene; a table must be named after one of: {', '.join(scenes)}")
    tables = [k for k, v in data.items() if isinstance(v, dict)]
    loose = [k for k, v in data.items() if not isinstance(v, dict)]
    if tables and loose:
        raise ParamError(f"{where}: {loose[0]}: a top-level key beside the [{tables[0]}] table would be ignored; "
                         "put every parameter inside a scene's table")
    for name in tables:
        scalar_params(f"{where}: [{name}].", data[name])
    if tables:
        return dict(data.get(scene, {}))
    return scalar_params(f"{where}: ", data) if data else {}
