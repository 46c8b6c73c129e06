"""The project's shape: what may import what, one registration per story, one README list, one cache key."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from scenes.kit.registry import all_specs, story_modules

ROOT = Path(__file__).resolve().parents[1]
STORIES = sorted(p.stem for p in (ROOT / "scenes").glob("*.py") if not p.name.startswith("_"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (relative imports resolved against its package)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                out.add(".".join(base + ([node.module] if node.module else [])))
            else:
                out.add(node.module)
    return out


def layer_of(module: str) -> str | None:
    top = module.split(".")[0]
    if top == "mathcore":
        return "mathcore"
    if module == "scenes.kit" or module.startswith("scenes.kit."):
        return "kit"
    if top == "scenes":
        return "stories"
    if top == "l1l2":
        return "l1l2"
    if top == "manim":
        return "manim"
    return None


# mathcore ← scenes.kit ← scenes ← l1l2: each layer may import the layers on its left.
ALLOWED = {"mathcore": {"mathcore"}, "kit": {"mathcore", "kit", "manim"},
           "stories": {"mathcore", "kit", "manim"}, "l1l2": {"mathcore", "kit", "stories", "manim", "l1l2"}}


def test_imports_point_one_way_mathcore_kit_stories_l1l2():
    bad = []
    for folder in ("mathcore", "scenes", "l1l2"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            own = layer_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
            if path.name == "__init__.py" and folder == "scenes" and path.parent.name == "scenes":
                own = "stories"
            for module in imported_modules(path):
                layer = layer_of(module)
                if layer is not None and layer not in ALLOWED[own]:
                    bad.append(f"{path.relative_to(ROOT)} ({own}) imports {module} ({layer})")
    assert not bad, "\n".join(bad)


def test_the_import_check_sees_a_scene_importing_the_production_package(tmp_path):
    """The check above would catch the mistake it exists for."""
    fake = ROOT / "scenes" / "kit" / "_probe_for_test.py"
    try:
        fake.write_text("from l1l2.render import render_video\nfrom ..shrink import ShrinkScene\n")
        mods = imported_modules(fake)
        assert "l1l2.render" in mods and "scenes.shrink" in mods
        assert {layer_of(m) for m in mods} - ALLOWED["kit"] == {"l1l2", "stories"}
    finally:
        fake.unlink()


def test_every_story_file_registers_one_scene_and_only_story_files_do():
    specs = all_specs()
    assert sorted(s.scene_class.__module__ for s in specs) == sorted(f"scenes.{n}" for n in STORIES)
    assert story_modules() == sorted(f"scenes.{n}" for n in STORIES)
    assert [s.position for s in specs] == sorted(s.position for s in specs)
    assert len({s.position for s in specs}) == len(specs)
    assert all(s.chapter and s.description for s in specs)


def test_a_story_file_that_registers_nothing_is_an_error(monkeypatch, tmp_path):
    import scenes.kit.registry as registry

    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "__init__.py").write_text("")
    (stories / "forgotten.py").write_text("X = 1  # a scene someone forgot to @register\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "STORIES_PACKAGE", "stories")
    monkeypatch.setattr(registry, "STORIES_DIR", stories)
    monkeypatch.setattr(registry, "_loaded", [])
    with pytest.raises(RuntimeError, match="stories.forgotten: a story file must register"):
        registry.all_specs()


def test_readme_lists_every_scene_in_story_order():
    readme = (ROOT / "README.md").read_text()
    listed = re.findall(r"^### `(\w+)` — ", readme, flags=re.M)
    assert listed == [s.name for s in all_specs()]


def test_the_lecture_example_needs_no_edit_for_a_new_scene():
    """Without [[chapter]] blocks the lecture plays every registered scene in story order, so the
    example file does not have to list them (a new scene appears by itself)."""
    import tomllib

    from l1l2.lecture import load_lecture

    data = tomllib.loads((ROOT / "lecture.example.toml").read_text())
    assert "chapter" not in data
    lecture = load_lecture(ROOT / "lecture.example.toml")
    assert [c.scene for c in lecture.chapters] == [s.name for s in all_specs()]
    assert [c.title for c in lecture.chapters] == [s.chapter for s in all_specs()]


def test_viewer_facing_text_names_no_seed_files():
    texts = [s.description for s in all_specs()] + [s.chapter for s in all_specs()]
    texts += [caption for s in all_specs() for caption in s.beats.values()]
    assert not [t for t in texts if re.search(r"\bseeds? ?0\d\d", t, flags=re.I)]


# -- the cache key ------------------------------------------------------------------------


@pytest.fixture()
def tree(tmp_path):
    """A copy of the three packages, to edit."""
    for folder in ("mathcore", "scenes", "l1l2"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_cache_key_changes_with_a_scene_the_kit_mathcore_or_a_data_file(tree):
    from l1l2.cache import folder_digest

    before = folder_digest(tree)
    for edit in ("scenes/shrink.py", "scenes/kit/style.py", "mathcore/penalized.py"):
        path = tree / edit
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        assert folder_digest(tree) != before, edit
        path.write_bytes(original)
    assert folder_digest(tree) == before
    data = tree / "mathcore" / "data"
    data.mkdir(exist_ok=True)
    (data / "new.csv").write_text("x,y\n1,2\n")
    assert folder_digest(tree) != before  # a data file of any type is part of the key


def test_cache_key_keeps_when_the_cli_gallery_or_caches_change(tree):
    from l1l2.cache import folder_digest

    before = folder_digest(tree)
    for edit in ("l1l2/cli.py", "l1l2/gallery.py", "l1l2/lecture.py"):
        (tree / edit).write_text((tree / edit).read_text() + "\n# an edit\n")
    (tree / "l1l2" / "new_command.py").write_text("X = 1\n")
    (tree / "scenes" / "__pycache__").mkdir(exist_ok=True)
    (tree / "scenes" / "__pycache__" / "shrink.cpython-311.pyc").write_bytes(b"\0")
    assert folder_digest(tree) == before


def test_cache_key_includes_the_pixel_settings_of_the_pipeline(monkeypatch):
    from l1l2 import cache, settings

    p = all_specs()[0].params_class()
    look = settings.RenderSettings()
    key = cache.cache_key("shrink", p, look)
    monkeypatch.setitem(cache.PIXEL_PIPELINE, "x264", {**settings.X264_OPTIONS, "crf": "18"})
    assert cache.cache_key("shrink", p, look) != key


def test_each_story_file_holds_one_scene_class_named_after_it():
    """What the README promises for ``manim -ql scenes/NAME.py NAMEScene``."""
    for spec in all_specs():
        assert spec.scene_class.__name__ == spec.name.capitalize() + "Scene"
        assert spec.scene_class.__module__ == f"scenes.{spec.name}"


# -- the output-format table ---------------------------------------------------------------


def test_the_format_table_drives_validation_and_the_embed_snippet():
    from l1l2.embed import embed_snippet
    from l1l2.formats import FORMATS, check_formats
    from scenes.kit.params import ParamError

    outputs = {name: Path(f"clip.{f.ext}") for name, f in FORMATS.items()}
    html = embed_snippet(outputs, (640, 360), alt="clip")
    sources = re.findall(r'<source src="clip\.(\w+)" type="([^"]+)"', html)
    assert sources == [(f.ext, f.mime) for f in FORMATS.values() if f.mime]  # one <source> per video entry
    assert check_formats(["mp4", " gif", "mp4"], transparent=False) == ("mp4", "gif")
    for name, f in FORMATS.items():
        if not f.alpha:
            with pytest.raises(ParamError, match="--transparent"):
                check_formats([name], transparent=True)
        if f.transparent_only:
            with pytest.raises(ParamError, match=f"--format: {name}"):
                check_formats([name], transparent=False)
    with pytest.raises(ParamError, match="--format: must be a comma list of " + ", ".join(FORMATS)):
        check_formats(["avi"], transparent=False)


def test_no_story_picks_a_penalty_colour_with_an_if_on_its_name():
    """Colours come from ``palette.of(penalty)``: an if/else on the name would draw an elastic-net
    curve in L2's colour."""
    pattern = re.compile(r"\.(l1|l2)\s+if\b|\belse\s+\w*\.?(palette|pal)\.(l1|l2)\b")
    hits = [f"{p.name}:{k}" for p in sorted((ROOT / "scenes").rglob("*.py"))
            for k, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert not hits
    assert pattern.search('color = pal.l1 if pen == "l1" else pal.l2')  # the check sees the old way


def test_python_dash_m_l1l2_runs_the_cli():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "l1l2", "list"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert [line.split()[0] for line in out.stdout.splitlines()] == [s.name for s in all_specs()]
