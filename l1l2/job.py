"""One validated job description: which scene, with which parameters, rendered how, to what.

Command-line options, ``--config`` files and lecture files are parsed and checked here,
once, at the boundary; what goes downward (to rendering, parallel workers, the lecture)
is a :class:`RenderJob` whose every field is already valid. Bad input raises
:class:`~scenes.kit.params.ParamError` with one line naming the parameter and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.kit.params import ParamError, apply_overrides, parse_assignments
from scenes.kit.registry import SceneSpec, all_specs, get_spec

from .files import output_path
from .formats import check_formats
from .settings import RenderSettings


@dataclass(frozen=True)
class RenderJob:
    scene: str
    params: Any
    settings: RenderSettings
    formats: tuple[str, ...] = ("mp4",)
    poster: bool = False
    force: bool = False

    @property
    def spec(self) -> SceneSpec:
        return get_spec(self.scene)

    @property
    def label(self) -> str:
        """The output stem, e.g. ``shrink-hd`` or ``odds-shape-orthogonal-draft-9x16``."""
        return output_path(Path("."), self.scene, self.settings, "x", params=self.params).stem


def resolve(name: str, overrides: dict[str, Any] | None = None, params: Any = None) -> tuple[SceneSpec, Any]:
    """The scene spec and validated params (raises ParamError naming the scene or parameter)."""
    try:
        spec = get_spec(name)
    except KeyError:
        raise ParamError(f"scene: unknown scene {name!r}; allowed: {', '.join(s.name for s in all_specs())}") from None
    return spec, apply_overrides(spec.params_class, overrides, base=params)


def make_job(scene: str, overrides: dict[str, Any] | None = None, *, params: Any = None,
             settings: RenderSettings | None = None, formats: tuple[str, ...] | list[str] = ("mp4",),
             poster: bool = False, force: bool = False) -> RenderJob:
    """A render job with everything checked: scene, parameters, settings, formats."""
    _, p = resolve(scene, overrides, params)
    settings = (settings or RenderSettings()).check()
    return RenderJob(scene, p, settings, check_formats(formats, settings.transparent), poster, force)


def scene_overrides(scene: str, config: Path | str | None = None, assignments: list[str] | None = None) -> dict[str, Any]:
    """Parameters for ``scene``: a TOML file's ``[scene]`` table (or its top level), then ``key=value`` strings."""
    from .userfiles import config_overrides

    values: dict[str, Any] = {}
    if config:
        values.update(config_overrides(config, scene, [s.name for s in all_specs()]))
    values.update(parse_assignments(assignments or []))
    return values
