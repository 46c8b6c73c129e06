"""Scene parameters: frozen dataclasses whose fields carry type, range and help.

A field is declared with :func:`param`; :func:`apply_overrides` turns CLI/TOML
``key=value`` strings into a validated params object and raises
:class:`ParamError` (one line naming the parameter and what is allowed).
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field, fields
from typing import Any


class ParamError(ValueError):
    """Bad parameter: the message names it and says what is allowed."""


# Numbers given as text are written with ASCII digits, no "_" separators: Python's int() and
# float() also take "１１", "٠.٢" and "1_000", which a reader of the command line would not expect.
INT_TEXT = re.compile(r"[+-]?[0-9]+")
FLOAT_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|infinity|nan)", re.I)


def param(default: Any, help: str, *, min: float | None = None, max: float | None = None,
          min_exclusive: bool = False, choices: tuple | None = None, file: bool = False) -> Any:
    """A dataclass field with the metadata the CLI and validation use. ``file=True`` marks a path to a
    user's file: its content, not only its name, is part of a render's cache key."""
    return field(default=default, metadata={"help": help, "min": min, "max": max,
                                             "min_exclusive": min_exclusive, "choices": choices, "file": file})


def file_params(params: Any) -> dict[str, str]:
    """``{name: path}`` of the parameters that name a user's file and are set."""
    return {f.name: getattr(params, f.name) for f in fields(params)
            if f.metadata.get("file") and getattr(params, f.name)}


@dataclass(frozen=True)
class ParamInfo:
    name: str
    type: str
    default: Any
    help: str
    min: float | None
    max: float | None
    min_exclusive: bool
    choices: tuple | None

    @property
    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        def num(x: float) -> str:
            return str(int(x)) if self.type == "int" else f"{x:g}"

        lo = "" if self.min is None else (f"> {num(self.min)}" if self.min_exclusive else f">= {num(self.min)}")
        hi = "" if self.max is None else f"<= {num(self.max)}"
        kind = {"int": "an integer", "float": "a finite number", "bool": "true or false", "str": "text"}[self.type]
        return kind + (" " + " and ".join(x for x in (lo, hi) if x) if (lo or hi) else "")

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["allowed"] = self.allowed
        return d


def describe(params_cls: type) -> list[ParamInfo]:
    """Every parameter of a params dataclass, in declaration order."""
    out = []
    for f in fields(params_cls):
        m = f.metadata
        out.append(ParamInfo(f.name, f.type if isinstance(f.type, str) else f.type.__name__, f.default,
                             m.get("help", ""), m.get("min"), m.get("max"), m.get("min_exclusive", False),
                             m.get("choices")))
    return out


def convert(info: ParamInfo, raw: Any) -> Any:
    """``raw`` (text from the command line or a form, or a TOML value) as the parameter's value, checked
    against its type, range and choices; else a ParamError naming the parameter and what is allowed."""
    bad = ParamError(f"{info.name}: must be {info.allowed}, got {raw!r}")
    if info.type == "bool":
        if isinstance(raw, bool):
            return raw
        s = str(raw).strip().lower()
        if s in ("1", "true", "yes", "on"):
            return True
        if s in ("0", "false", "no", "off"):
            return False
        raise bad
    if info.type == "int":
        if isinstance(raw, bool):
            raise bad
        if not isinstance(raw, int):
            text = str(raw).strip()
            if not INT_TEXT.fullmatch(text):
                raise bad
            raw = int(text)
        value = raw
    elif info.type == "float":
        if isinstance(raw, bool):
            raise bad
        if isinstance(raw, str) and not FLOAT_TEXT.fullmatch(raw.strip()):
            raise bad
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise bad from None
        if not math.isfinite(value):
            raise bad
    else:
        value = str(raw)
    if info.choices and value not in info.choices:
        raise bad
    if info.min is not None and (value < info.min or (info.min_exclusive and value == info.min)):
        raise bad
    if info.max is not None and value > info.max:
        raise bad
    return value


def validate(params: Any) -> Any:
    """Check every field of an existing params object (also runs cross-field checks)."""
    for info in describe(type(params)):
        convert(info, getattr(params, info.name))
    check = getattr(params, "check", None)
    if check is not None:
        try:
            check()
        except ValueError as err:
            raise ParamError(str(err)) from None
    return params


def apply_overrides(params_cls: type, overrides: dict[str, Any] | None = None, base: Any = None) -> Any:
    """A validated params object: ``base`` (or the defaults) with ``overrides`` applied."""
    infos = {i.name: i for i in describe(params_cls)}
    values = {}
    for key, raw in (overrides or {}).items():
        if key not in infos:
            raise ParamError(f"{key}: unknown parameter; allowed: {', '.join(infos)}")
        values[key] = convert(infos[key], raw)
    obj = dataclasses.replace(base if base is not None else params_cls(), **values)
    return validate(obj)


def shown_bound(x: float, *, lower: bool) -> float:
    """``x`` to 3 significant digits, rounded so that the number a message shows is itself allowed: up for a
    lower bound (``>= 2.83e-07`` for 2.8217e-07), down for an upper one (``< 0.517`` for 0.5178)."""
    if x <= 0 or not math.isfinite(x):
        return x
    unit = 10.0 ** (math.floor(math.log10(x)) - 2)
    return (math.ceil(x / unit) if lower else math.floor(x / unit)) * unit


def number(name: str, text: str) -> float:
    """One number as the command line writes it (ASCII digits, sign, point, exponent; no ``_``, no other
    scripts' digits): the rule ``--set``, ``--at`` and comma lists share. Raises ValueError naming ``name``."""
    t = text.strip()
    if not FLOAT_TEXT.fullmatch(t) or not math.isfinite(value := float(t)):
        raise ValueError(f"{name}: must be a finite number written with ASCII digits (like 0.25 or 1e-3), "
                         f"got {text!r}")
    return value


def number_list(name: str, text: str) -> list[float]:
    """Comma-separated numbers, each by :func:`number`; an empty item (``2,,1`` or a trailing comma) is an
    error, not skipped."""
    items = text.split(",")
    for k, item in enumerate(items, 1):
        if not item.strip():
            raise ValueError(f"{name}: item {k} of {text!r} is empty; give numbers separated by single commas")
    return [number(name, item) for item in items]


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["a=1", "b=x"]`` → ``{"a": "1", "b": "x"}``."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"--set: expected key=value, got {item!r}")
        out[key.strip()] = value.strip()
    return out
