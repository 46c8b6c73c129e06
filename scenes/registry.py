"""The scene registry: short name → scene class, description, params and beats."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

# Story order; each module registers itself on import.
SCENE_MODULES = ("scenes.shrink", "scenes.penalties", "scenes.gradient", "scenes.bites", "scenes.geometry", "scenes.budget", "scenes.odds")


@dataclass(frozen=True)
class SceneSpec:
    name: str
    scene_class: type
    description: str
    params_class: type

    @property
    def beats(self) -> dict[str, str]:
        """Beat name → caption template, in story order."""
        return dict(self.scene_class.BEATS)

    def solve(self, params: Any) -> dict[str, Any]:
        """The exact numbers behind the scene (JSON-ready)."""
        return self.scene_class.solve(params)


_REGISTRY: dict[str, SceneSpec] = {}


def register(name: str, description: str):
    """Class decorator: ``@register("shrink", "one line")`` on an ExplainerScene subclass."""

    def wrap(cls: type) -> type:
        _REGISTRY[name] = SceneSpec(name, cls, description, cls.PARAMS)
        cls.SCENE_NAME = name
        return cls

    return wrap


def _load() -> None:
    for module in SCENE_MODULES:
        importlib.import_module(module)


def all_specs() -> list[SceneSpec]:
    """Every scene in story order (the order of ``SCENE_MODULES``, whatever was imported first)."""
    _load()
    order = {module: k for k, module in enumerate(SCENE_MODULES)}
    return sorted(_REGISTRY.values(), key=lambda spec: order.get(spec.scene_class.__module__, len(order)))


def get_spec(name: str) -> SceneSpec:
    _load()
    if name not in _REGISTRY:
        raise KeyError(name)
    return _REGISTRY[name]
