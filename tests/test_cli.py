"""The l1l2 CLI: exit codes, one-line errors, nothing written on bad input, JSON, atomic outputs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from hold_helpers import HANG, HeldRun
from manim import tempconfig
from scene_helpers import TINY

from l1l2 import RenderSettings, render_video, timeline
from l1l2 import render as render_mod
from l1l2.cli import main

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def run(args, cwd, env=None, timeout=HANG):
    return subprocess.run([str(VENV_BIN / "l1l2"), *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=timeout)


@pytest.mark.parametrize(
    "args, names",
    [
        (["render", "nope"], "scene"),
        (["render", "shrink", "--set", "lam=abc"], "lam"),
        (["render", "shrink", "--set", "lam=nan"], "lam"),
        (["render", "shrink", "--set", "lam_max=inf"], "lam_max"),
        (["render", "shrink", "--set", "n_points=1"], "n_points"),
        (["render", "shrink", "--set", "lam_max=0.1"], "lam_max"),
        (["render", "shrink", "--set", "bogus=1"], "bogus"),
        (["render", "shrink", "--set", "novalue"], "--set"),
        (["render", "shrink", "-q", "ultra"], "quality"),
        (["render", "shrink", "--format", "mp4,avi"], "--format"),
        (["still", "shrink", "--beat", "nope"], "--beat"),
        (["still", "shrink", "--at", "-1"], "--at"),
        (["still", "shrink", "--at", "9999"], "--at"),
        (["still", "geometry", "--beat", "edge", "--set", "cases=main", "-q", "preview"], "no beat 'edge' with these"),
        (["solve", "shrink", "--set", "true_w=0"], "true_w"),
        (["params", "nope"], "scene"),
        (["render", "shrink", "--config", "missing.toml"], "--config"),
        (["render", "shrink", "--transparent", "--format", "mp4"], "--transparent"),
        (["render", "shrink", "--format", "mov"], "mov"),
        (["render", "shrink", "-j", "0"], "-j"),
        (["lecture", "missing.toml"], "lecture file"),
        (["lecture", "-q", "ultra"], "quality"),
        ([], "command"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, args, names):
    out = tmp_path / "out"
    extra = ["-o", str(out)] if args and args[0] in ("render", "still", "lecture") else []
    res = run(args + extra, cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr
    assert names in lines[0]
    assert res.stdout == ""
    assert not out.exists() or not any(out.rglob("*"))
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["out"])


def test_list_and_params_json(capsys):
    assert main(["list", "--json"]) == 0
    scenes = json.loads(capsys.readouterr().out)
    shrink = next(s for s in scenes if s["name"] == "shrink")
    assert scenes[0]["name"] == "overfit" and "takeaway" in shrink["beats"]
    assert main(["params", "shrink", "--json"]) == 0
    params = {p["name"]: p for p in json.loads(capsys.readouterr().out)["params"]}
    assert params["true_w"]["default"] == 0.5 and params["lam_max"]["min_exclusive"] is True


def test_solve_json_matches_closed_forms(capsys):
    assert main(["solve", "shrink", "--json", "--set", "true_w=0.8", "--set", "lam=0.3"]) == 0
    out = json.loads(capsys.readouterr().out)
    x = np.linspace(-1, 1, 11)
    a, w0 = np.mean(x**2), 0.8
    nums = out["numbers"]
    assert nums["loss"]["a"] == pytest.approx(a) and nums["loss"]["w0"] == pytest.approx(w0)
    assert nums["lam_star"] == pytest.approx(2 * a * w0)
    assert nums["static"]["w_l1"] == pytest.approx(w0 - 0.3 / (2 * a))
    assert nums["static"]["w_l2"] == pytest.approx(a * w0 / (a + 0.3))
    assert nums["sweep_end"]["w_l1"] == 0.0  # exactly zero, serialised as 0.0
    assert out["params"]["lam"] == 0.3


def test_config_file_sets_params(tmp_path, capsys):
    cfg = tmp_path / "p.toml"
    cfg.write_text("[shrink]\ntrue_w = -0.4\nlam = 0.05\n")
    assert main(["solve", "shrink", "--json", "--config", str(cfg)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["params"]["true_w"] == -0.4 and out["numbers"]["loss"]["w0"] == pytest.approx(-0.4)


@pytest.mark.render
def test_render_writes_stable_names_and_captions_timed_like_the_video(tmp_path):
    res = render_video("shrink", settings=TINY, formats=("mp4", "gif"), out_dir=tmp_path)
    mp4, gif, srt_path = res.outputs["mp4"], res.outputs["gif"], res.outputs["srt"]
    assert mp4 == tmp_path / "shrink" / "shrink-preview.mp4" and gif.name == "shrink-preview.gif"
    with av.open(str(mp4)) as c:
        s = c.streams.video[0]
        frames = sum(1 for _ in c.decode(s))
        assert (s.codec_context.width, s.codec_context.height) == TINY.size
    tl = timeline("shrink", settings=TINY)
    assert frames == round(tl.duration * TINY.frame_rate)  # the dry run predicts the real video to the frame
    subs = list(srt.parse(srt_path.read_text()))
    assert [round(sub.start.total_seconds(), 3) for sub in subs] == [round(b.time, 3) for b in tl.beats]
    assert subs[-1].end.total_seconds() == pytest.approx(tl.duration, abs=1e-3)
    assert "exactly 0" in subs[-1].content
    assert not [p for p in (tmp_path / "shrink").iterdir() if p.name.startswith(".")]  # no temp left


@pytest.mark.render
def test_failed_render_keeps_previous_file_and_leaves_no_partial(tmp_path, monkeypatch):
    dest = tmp_path / "shrink" / "shrink-preview.mp4"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"previous good file")
    real = render_mod.run_scene

    def explode(cls, settings, work, *, dry, output_file="out"):
        if dry:
            return real(cls, settings, work, dry=dry, output_file=output_file)
        (work / "half-written.mp4").write_bytes(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(render_mod, "run_scene", explode)
    with pytest.raises(KeyboardInterrupt):
        render_video("shrink", settings=TINY, formats=("mp4",), out_dir=tmp_path)
    assert dest.read_bytes() == b"previous good file"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["shrink-preview.mp4"]


@pytest.mark.render
def test_ctrl_c_during_cli_render_keeps_previous_file(tmp_path):
    """SIGINT while frames are being drawn and encoded (the render holds in its third animation until the
    signal comes: tests/hold/sitecustomize.py), so the signal always lands mid-render."""
    dest = tmp_path / "out" / "shrink" / "shrink-draft.mp4"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"previous good file")
    run = HeldRun(["render", "shrink", "-q", "draft", "-o", str(tmp_path / "out")], tmp_path)
    run.wait_for_holds()
    run.signal(signal.SIGINT)
    code, err = run.finish()
    assert code == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert dest.read_bytes() == b"previous good file"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["shrink-draft.mp4"]


def test_every_render_in_the_suite_runs_with_failing_fake_latex_first_on_path():
    """conftest puts failing latex/dvisvgm first on PATH for the whole suite (so every scene test also
    proves its scene needs no LaTeX); here: the fakes are what PATH finds, and LaTeX through manim fails."""
    import shutil

    from manim import MathTex

    fake = os.environ["L1L2_FAKE_LATEX"]
    for tool in ("latex", "dvisvgm"):
        assert shutil.which(tool) == os.path.join(fake, tool)
    with tempfile.TemporaryDirectory() as media, tempconfig({"media_dir": media}):
        with pytest.raises(Exception):  # noqa: B017  (manim raises its own LaTeX error types)
            MathTex("x^2")


@pytest.mark.render
def test_stock_manim_renders_the_scene_file(tmp_path):
    res = subprocess.run([str(VENV_BIN / "manim"), "render", "-r", "160,90", "--fps", "4", "--disable_caching",
                          "--media_dir", str(tmp_path), str(ROOT / "scenes" / "shrink.py"), "ShrinkScene"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=HANG)
    assert res.returncode == 0, res.stderr[-2000:]
    video = next(p for p in tmp_path.rglob("ShrinkScene.mp4") if "partial" not in str(p))
    with av.open(str(video)) as c:
        n = sum(1 for _ in c.decode(c.streams.video[0]))
    tl = timeline("shrink", settings=RenderSettings(pixel_size=(160, 90), fps=4))
    assert n == round(tl.duration * 4)


@pytest.mark.render
def test_swallowed_ctrl_c_still_keeps_previous_file(tmp_path, monkeypatch):
    """A KeyboardInterrupt swallowed inside the render (as manim's encoder or a weakref callback can) must
    not let a finished render replace the previous file. The signal is raised in this (the main) thread
    and the handler's KeyboardInterrupt is waited for, then swallowed: no sleep decides whether it came."""
    import threading

    assert threading.current_thread() is threading.main_thread()  # Python runs signal handlers only here
    # a suite started as a background job (`cmd &` without job control) inherits SIGINT ignored, and the render
    # rightly leaves an ignored signal ignored: this test would then wait forever for its interrupt
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    dest = tmp_path / "shrink" / "shrink-preview.mp4"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"previous good file")
    real = render_mod.run_scene

    def swallowing(cls, settings, work, *, dry, output_file="out"):
        if not dry:
            try:
                signal.raise_signal(signal.SIGINT)
                while True:  # until the handler raises (at the latest on the next bytecode)
                    time.sleep(0.001)
            except KeyboardInterrupt:
                pass  # swallowed, like "Exception ignored in ..."
        return real(cls, settings, work, dry=dry, output_file=output_file)

    monkeypatch.setattr(render_mod, "run_scene", swallowing)
    try:
        with pytest.raises(KeyboardInterrupt):
            render_video("shrink", settings=TINY, formats=("mp4",), out_dir=tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert dest.read_bytes() == b"previous good file"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["shrink-preview.mp4"]


def test_variant_tags_name_what_differs_from_the_defaults():
    from l1l2 import RenderSettings, output_path
    from scenes.kit.params import apply_overrides
    from scenes.kit.registry import get_spec

    cls = get_spec("odds").params_class
    s = RenderSettings(quality="hd")
    assert output_path(Path("r"), "odds", s, "png", "last", params=cls()) == Path("r/odds/odds-last-hd.png")
    ortho = apply_overrides(cls, {"shape": "orthogonal"})
    assert output_path(Path("r"), "odds", s, "png", "last", params=ortho) == Path("r/odds/odds-shape-orthogonal-last-hd.png")
    bites = get_spec("bites").params_class
    long = apply_overrides(bites, {"weights": "1,0.33,0.12", "lam": 0.5, "n_steps": 20})
    other = apply_overrides(bites, {"weights": "1,0.33,0.12", "lam": 0.5, "n_steps": 21})
    tags = {output_path(Path("r"), "bites", s, "mp4", params=p).name for p in (bites(), long, other)}
    assert len(tags) == 3 and all(len(t) < 40 for t in tags)


@pytest.mark.render
def test_a_still_with_set_values_does_not_overwrite_the_default_still(tmp_path):
    a = run(["still", "shrink", "-q", "preview", "--beat", "sums", "-o", str(tmp_path)], ROOT)
    b = run(["still", "shrink", "-q", "preview", "--beat", "sums", "--set", "lam=0.3", "-o", str(tmp_path)], ROOT)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    names = sorted(p.name for p in (tmp_path / "shrink").iterdir())
    assert names == ["shrink-lam-0.3-sums-preview.png", "shrink-sums-preview.png"]
