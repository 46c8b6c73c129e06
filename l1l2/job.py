"""One validated job description: which scene, with which parameters, rendered how, to what.

Command-line options, ``--config`` files and lecture files are parsed and checked here,
once, at the boundary; what goes downward (to rendering, parallel workers, the lecture)
is a :class:`RenderJob` whose every field is already valid. Bad input raises
:class:`~scenes.kit.params.ParamError` with one line naming the parameter and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenes.kit.params import ParamError, apply_overrides, parse_assignments
from scenes.kit.registry import SceneSpec, all_specs, get_spec

from .files import output_path
from .formats import check_formats
from .settings import RenderSettings
from .voice import Recording

VOICE_KINDS = ("", "voice", "draft")  # silent; the lecturer's recordings; espeak-ng's draft voice


def voice_tag(voice_kind: str, narrated: bool) -> str:
    """What an output's name says of its sound and captions: ``draft-voice``, ``voice``, ``narration``
    (the lecturer's lines as captions, no sound) or ``""`` (silent, the scene's own captions)."""
    return {"draft": "draft-voice", "voice": "voice"}.get(voice_kind, "narration" if narrated else "")


@dataclass(frozen=True)
class RenderJob:
    scene: str
    params: Any
    settings: RenderSettings
    formats: tuple[str, ...] = ("mp4",)
    poster: bool = False
    force: bool = False
    narration: tuple[tuple[str, str], ...] = ()  # (beat, the lecturer's sentence) replacing captions
    voice: tuple[Recording, ...] = ()  # checked recordings of this scene's beats
    voice_kind: str = ""  # one of VOICE_KINDS

    @property
    def spec(self) -> SceneSpec:
        return get_spec(self.scene)

    @property
    def tag(self) -> str:
        """Part of the output stem saying what is heard and read, so a narrated render never replaces
        the silent one: ``voice``, ``draft-voice``, ``narration`` (new captions, no sound) or ``""``;
        with narration lines, 8 hex digits of their hash follow, so two chapters of one scene with
        different lines (in one lecture) never share files."""
        kind = voice_tag(self.voice_kind, bool(self.narration))
        if not self.narration:
            return kind
        import hashlib
        import json

        return f"{kind}-{hashlib.sha256(json.dumps(self.narration).encode()).hexdigest()[:8]}"

    def output(self, out_dir: Path | str, ext: str) -> Path:
        """Where this job's ``ext`` file goes (see :func:`l1l2.files.output_path`)."""
        return output_path(out_dir, self.scene, self.settings, ext, self.tag, params=self.params)

    @property
    def label(self) -> str:
        """The output stem, e.g. ``shrink-hd``, ``shrink-voice-hd`` or ``odds-shape-orthogonal-draft-9x16``."""
        return self.output(Path("."), "x").stem

    def option_words(self) -> list[str]:
        """The command-line options that give this job's look and parameters (those that differ from the
        defaults): ``-q``, ``--theme``, ``--aspect``, ``--transparent``, ``--no-captions``, ``--set``."""
        from .files import changed_params

        settings = self.settings
        words = ["-q", settings.quality]
        if settings.theme != "dark":
            words += ["--theme", settings.theme]
        if settings.aspect != "16:9":
            words += ["--aspect", settings.aspect]
        if settings.transparent:
            words.append("--transparent")
        if not settings.captions:
            words.append("--no-captions")
        for name, value in changed_params(self.params):
            words += ["--set", f"{name}={str(value).lower() if isinstance(value, bool) else value}"]
        return words

    def cache_key(self) -> str:
        """The key of this job's pixels and sound (:func:`l1l2.cache.cache_key`): its render's manifest,
        its timeline and its stills are cached under it."""
        from .cache import cache_key

        return cache_key(self.scene, self.params, self.settings, self.sound_key())

    def sound_key(self) -> dict[str, Any] | None:
        """What this job's cache key adds for narration: the sentences, each recording by beat and
        content hash (not path: a moved folder keeps the cache), the audio settings."""
        if not self.narration and not self.voice:
            return None
        from .voice import AUDIO_PIPELINE

        return {"narration": [list(n) for n in self.narration], "kind": self.voice_kind,
                "voice": sorted([r.beat, r.digest] for r in self.voice),
                **({"audio": AUDIO_PIPELINE} if self.voice else {})}

    def scene_class(self) -> type:
        """The scene's class for this job: its parameters, look, narration and the beats' least lengths."""
        return self.spec.scene_class.variant(
            params=self.params, theme=self.settings.theme, show_captions=self.settings.captions,
            narration=dict(self.narration), voice_seconds={r.beat: r.seconds for r in self.voice})


def resolve(name: str, overrides: dict[str, Any] | None = None, params: Any = None) -> tuple[SceneSpec, Any]:
    """The scene spec and validated params (raises ParamError naming the scene or parameter)."""
    try:
        spec = get_spec(name)
    except KeyError:
        raise ParamError(f"scene: unknown scene {name!r}; allowed: {', '.join(s.name for s in all_specs())}") from None
    return spec, apply_overrides(spec.params_class, overrides, base=params)


def checked_numbers(spec: SceneSpec, p: Any) -> dict[str, Any]:
    """The scene's exact numbers (what ``l1l2 solve`` prints), computed before anything renders: a
    ``ValueError`` from the math (a combination of parameters, each in its range, with no exact answer)
    becomes a :class:`ParamError` naming the scene and saying what the math refused."""
    try:
        return spec.solve(p)
    except ValueError as err:
        raise ParamError(f"{spec.name}: these parameters have no exact answer: {err}") from None


def make_job(scene: str, overrides: dict[str, Any] | None = None, *, params: Any = None,
             settings: RenderSettings | None = None, formats: tuple[str, ...] | list[str] = ("mp4",),
             poster: bool = False, force: bool = False, narration: Mapping[str, str] | None = None,
             voice: Sequence[Recording] = (), voice_kind: str = "") -> RenderJob:
    """A render job with everything checked: scene, parameters, settings, formats, narration
    (beat → sentence), recordings (already checked by :mod:`l1l2.voice`)."""
    spec, p = resolve(scene, overrides, params)
    checked_numbers(spec, p)  # the math first: parameters with no answer stop here, before a lock or a folder
    settings = (settings or RenderSettings()).check()
    check_narration(spec, narration or {}, "narration")
    if voice_kind not in VOICE_KINDS:
        raise ParamError(f"voice: must be one of {', '.join(repr(k) for k in VOICE_KINDS)}, got {voice_kind!r}")
    if voice_kind and settings.transparent:
        raise ParamError("--voice: a transparent render (an overlay for your editor) has no sound track; "
                         "render without --transparent, or add the recordings in the editor")
    if stray := [r for r in voice if r.scene != scene or r.beat not in spec.beats]:
        raise ParamError(f"voice: {stray[0].path} is not a recording of a beat of {scene}")
    return RenderJob(scene, p, settings, check_formats(formats, settings.transparent), poster, force,
                     tuple((beat, narration[beat]) for beat in spec.beats if beat in (narration or {})),
                     tuple(sorted(voice, key=lambda r: list(spec.beats).index(r.beat))), voice_kind)


NARRATION_MAX_CHARS = 600  # about 40 s read aloud (15 characters a second), inside a recording's 60 s


def check_narration(spec: SceneSpec, narration: Mapping[str, Any], where: str) -> None:
    """Each key a beat of ``spec`` and each value a sentence (text, not empty, at most
    :data:`NARRATION_MAX_CHARS`); else a :class:`ParamError` naming ``where`` and the beat."""
    for beat, line in narration.items():
        if beat not in spec.beats:
            raise ParamError(f"{where}.{beat}: {spec.name} has no beat {beat!r}; beats: {', '.join(spec.beats)}")
        if not isinstance(line, str):
            from .userfiles import kind

            raise ParamError(f"{where}.{beat}: must be text (in quotes), got {kind(line)}")
        if not line.strip():
            raise ParamError(f"{where}.{beat}: is empty; give the sentence to say, or leave the beat out")
        if len(line) > NARRATION_MAX_CHARS:
            raise ParamError(f"{where}.{beat}: is {len(line)} characters; at most {NARRATION_MAX_CHARS} (about "
                             "40 s read aloud; one beat's recording may last 60 s): say less in this beat")


def scene_overrides(scene: str, config: Path | str | None = None, assignments: list[str] | None = None) -> dict[str, Any]:
    """Parameters for ``scene``: a TOML file's ``[scene]`` table (or its top level), then ``key=value`` strings."""
    from .userfiles import config_overrides

    values: dict[str, Any] = {}
    if config:
        values.update(config_overrides(config, scene, [s.name for s in all_specs()]))
    values.update(parse_assignments(assignments or []))
    return values
