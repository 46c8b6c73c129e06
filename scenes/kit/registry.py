"""The scene registry: short name → scene class, description, chapter title, story position.

Every story file ``scenes/<name>.py`` registers its scene with :func:`register`; the
registry finds the files itself (no list to keep), so the CLI, the lecture, the
tests and the README's scene list all come from here. A story file that registers
nothing is an error (:func:`all_specs` raises), not a scene that silently drops out.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STORIES_PACKAGE = "scenes"
# The lecture's parts, in order: a scene names its part; a lecture spanning several parts opens
# each with a part card.
PARTS = ("Why L1 gives exact zeros", "In practice")
STORIES_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SceneSpec:
    name: str
    scene_class: type
    description: str
    chapter: str  # the lecture's chapter title
    position: int  # place in the story (the lecture's order)
    part: str = PARTS[0]  # the lecture's part (one of PARTS)

    @property
    def params_class(self) -> type:
        return self.scene_class.PARAMS

    @property
    def beats(self) -> dict[str, str]:
        """Beat name → caption template, in story order."""
        return dict(self.scene_class.BEATS)

    def solve(self, params: Any) -> dict[str, Any]:
        """The exact numbers behind the scene (JSON-ready)."""
        return self.scene_class.solve(params)


_REGISTRY: dict[str, SceneSpec] = {}


def register(name: str, description: str, *, chapter: str, position: int, part: str = PARTS[0]):
    """Class decorator on an ExplainerScene subclass:
    ``@register("shrink", "one line", chapter="Same λ, different fate", position=10)``."""

    def wrap(cls: type) -> type:
        taken = {s.position: s.name for s in _REGISTRY.values() if s.name != name}
        if position in taken:
            raise ValueError(f"scene {name!r}: story position {position} is taken by {taken[position]!r}")
        if part not in PARTS:
            raise ValueError(f"scene {name!r}: part {part!r} is not one of {', '.join(PARTS)}")
        _REGISTRY[name] = SceneSpec(name, cls, description, chapter, position, part)
        return cls

    return wrap


def story_modules() -> list[str]:
    """Every story file under ``scenes/`` (not the kit), as module names."""
    return sorted(f"{STORIES_PACKAGE}.{m.name}" for m in pkgutil.iter_modules([str(STORIES_DIR)])
                  if not m.ispkg and not m.name.startswith("_"))


_loaded: list[bool] = []


def _load() -> None:
    if _loaded:
        return
    modules = story_modules()
    for module in modules:
        importlib.import_module(module)
    registered = {spec.scene_class.__module__ for spec in _REGISTRY.values()}
    if missing := [m for m in modules if m not in registered]:
        raise RuntimeError(f"{missing[0]}: a story file must register its scene with @register(...)")
    _loaded.append(True)


def all_specs() -> list[SceneSpec]:
    """Every scene in story order."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda spec: spec.position)


def get_spec(name: str) -> SceneSpec:
    """The scene ``name``: its own story file is imported first (``scenes/<name>.py``, where every story
    registers under its file's name), so one scene's command does not import all the others; any other
    name loads every story file before it is refused."""
    if name not in _REGISTRY and name.isidentifier() and not name.startswith("_") \
            and (STORIES_DIR / f"{name}.py").is_file():
        importlib.import_module(f"{STORIES_PACKAGE}.{name}")
    if name not in _REGISTRY:
        _load()
    if name not in _REGISTRY:
        raise KeyError(name)
    return _REGISTRY[name]
