"""Benchmarks, measured in one run on this machine; prints ratios (not a test).

    .venv/bin/python benchmarks/run.py            # preview render + math
    .venv/bin/python benchmarks/run.py --hd       # also a 1080p60 render and its encoding floor
    .venv/bin/python benchmarks/run.py --scenes   # only every scene's preview render / video duration
    .venv/bin/python benchmarks/run.py --voice    # what narration adds to a render (about a minute)
    .venv/bin/python benchmarks/run.py --all      # every item of issue 5 (about 20 minutes):
        per-scene preview ratio, the lecture at hd vs its encoding floor, a cached re-render of the
        lecture, `l1l2 render --all -q hd -j 2` vs stock `manim -qh` one scene after another,
        peak memory

1. render wall time ÷ video duration (per quality);
2. (--hd) render wall time ÷ the encoding floor: encoding the same number of 1080p frames
   with our encoder settings (libx264, l1l2.settings.X264_OPTIONS, yuv420p) through PyAV,
   drawing nothing;
3. mathcore against the references the tests use: the exact lasso vs scikit-learn's
   coordinate descent, the exact disc/diamond solutions vs SLSQP, zero_odds trials per second.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mathcore import Quadratic, constrained_minimizer, penalized_minimizer, zero_odds  # noqa: E402


def timed(fn, repeat=1):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def bench_render(quality: str) -> tuple[float, float, int]:
    from l1l2 import RenderSettings, render_video

    with tempfile.TemporaryDirectory() as tmp:
        res = render_video("shrink", settings=RenderSettings(quality=quality), formats=("mp4",), out_dir=tmp)
        import av

        with av.open(str(res.outputs["mp4"])) as c:
            frames = c.streams.video[0].frames or sum(1 for _ in c.decode(video=0))
    return res.seconds, res.timeline.duration, frames


def encoding_floor(frames: int, size=(1920, 1080), fps=60) -> float:
    import av

    w, h = size
    rng = np.random.default_rng(0)
    base = np.full((h, w, 3), 14, np.uint8)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        with av.open(f"{tmp}/floor.mp4", "w") as out:
            s = out.add_stream("libx264", rate=fps)
            from l1l2.settings import X264_OPTIONS

            s.width, s.height, s.pix_fmt, s.options = w, h, "yuv420p", dict(X264_OPTIONS)
            for k in range(frames):
                frame = base.copy()
                x = int(w * (k % fps) / fps)  # a moving shape, so frames differ like an animation
                frame[h // 3: h // 3 + 200, x: x + 200] = rng.integers(0, 255, 3)
                out.mux(s.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
            out.mux(s.encode())
        return time.perf_counter() - t


def bench_math() -> list[str]:
    from scipy.optimize import minimize
    from sklearn.linear_model import Lasso

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 20))
    y = X @ (rng.normal(size=20) * (rng.uniform(size=20) < 0.3)) + rng.normal(size=200)
    loss = Quadratic.from_data(X, y)
    lam = 0.1
    t_ours, w = timed(lambda: penalized_minimizer(loss, lam, "l1"), 20)
    t_sk, ref = timed(lambda: Lasso(alpha=lam / 2, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_, 5)
    lines = [f"lasso n=200 d=20: exact homotopy {1e3 * t_ours:.2f} ms, scikit-learn (tol 1e-12) {1e3 * t_sk:.2f} ms "
             f"-> {t_sk / t_ours:.1f}x; max |diff| {np.max(np.abs(w - ref)):.1e}; "
             f"exact zeros {int(np.sum(w == 0.0))}, sklearn zeros {int(np.sum(ref == 0.0))}"]
    H = np.array([[2.0, 0.8], [0.8, 1.0]])
    q2 = Quadratic(H, np.array([2.0, 0.3]))
    for norm in ("l1", "l2"):
        t_ours, sol = timed(lambda norm=norm: constrained_minimizer(q2, 1.0, norm), 50)
        if norm == "l1":
            cons = [{"type": "ineq", "fun": lambda z: 1.0 - np.abs(z).sum()}]
        else:
            cons = [{"type": "ineq", "fun": lambda z: 1.0 - z @ z}]
        t_ref, res = timed(lambda cons=cons: minimize(q2.value, np.zeros(2), method="SLSQP", constraints=cons,
                                                      options={"ftol": 1e-14}), 20)
        lines.append(f"constrained {norm} (2-D): exact {1e6 * t_ours:.0f} us, SLSQP {1e6 * t_ref:.0f} us "
                     f"-> {t_ref / t_ours:.1f}x; SLSQP point {np.array2string(res.x, precision=10)} "
                     f"vs exact {np.array2string(sol.point, precision=10)}")
    n = 1_000_000
    t, odds = timed(lambda: zero_odds(n, "general"), 1)
    lines.append(f"zero_odds: {n / t / 1e6:.2f} M trials/s (1e6 trials in {t:.2f} s); "
                 f"L1 zero rate {odds['l1'][0]:.4f}, L2 {odds['l2'][0]:.4f}")
    # The same trials solved one by one with SLSQP (diamond as p − m split, smooth constraints).
    from mathcore.constrained import diamond_minimizer_2d
    from mathcore.odds import random_losses

    H, c = random_losses(300, "general", 1.0, np.random.default_rng(1))
    t0 = time.perf_counter()
    slsqp = []
    for k in range(len(c)):
        q = Quadratic(H[k], c[k])
        res = minimize(lambda z, q=q: q.value(z[:2] - z[2:]), np.full(4, 0.1), method="SLSQP",
                       bounds=[(0, None)] * 4, constraints=[{"type": "ineq", "fun": lambda z: 1.0 - z.sum()}],
                       options={"ftol": 1e-12})
        slsqp.append(res.x[:2] - res.x[2:])
    t_slsqp = (time.perf_counter() - t0) / len(c)
    exact = diamond_minimizer_2d(H, c, 1.0)
    slsqp = np.array(slsqp)
    lines.append(f"zero_odds vs SLSQP per trial: {t / n * 1e6:.2f} us vs {t_slsqp * 1e6:.0f} us -> "
                 f"{t_slsqp / (t / n):,.0f}x; exact zeros {int(np.sum(np.any(exact == 0.0, 1)))}/300, "
                 f"SLSQP exact zeros {int(np.sum(np.any(slsqp == 0.0, 1)))}/300 "
                 f"(|w| < 1e-6: {int(np.sum(np.any(np.abs(slsqp) < 1e-6, 1)))})")
    return lines


def bench_scenes_preview(only: list[str] | None = None) -> None:
    from l1l2 import RenderSettings, render_video
    from scenes.kit.registry import all_specs

    print("== every scene at preview (360p15): render wall time / video duration (target <= 0.5)")
    for spec in all_specs():
        if only and spec.name not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            res = render_video(spec.name, settings=RenderSettings(quality="preview"), out_dir=tmp, force=True)
        print(f"{spec.name:<10} {res.seconds:5.1f} s for {res.timeline.duration:5.1f} s -> "
              f"{res.seconds / res.timeline.duration:.2f}")


def bench_lecture_hd() -> None:
    from l1l2.lecture import load_lecture, render_lecture

    print("== the whole lecture at hd (1080p60), one process")
    with tempfile.TemporaryDirectory() as tmp:
        lecture = load_lecture(quality="hd")
        res = render_lecture(lecture, out_dir=tmp)
        import av

        with av.open(str(res.outputs["mp4"])) as c:
            frames = sum(1 for p in c.demux(c.streams.video[0]) if p.size)
        floor = encoding_floor(frames)
        print(f"lecture: {res.seconds:.1f} s wall for {res.duration:.1f} s of video ({frames} frames); "
              f"encoding floor {floor:.1f} s -> render / floor = {res.seconds / floor:.2f} (target <= 1.25)")
        again = render_lecture(lecture, out_dir=tmp)
        n = len(lecture.chapters)
        print(f"cached re-render of the lecture: {again.seconds:.2f} s for {n} scenes "
              f"-> {again.seconds / n:.2f} s per scene (target < 1); re-rendered: {again.rendered or 'none'}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the hd lecture process: {rss:.0f} MB")


def bench_parallel_vs_stock() -> None:
    import subprocess

    from scenes.kit.registry import all_specs

    root = Path(__file__).resolve().parents[1]
    bin_dir = Path(sys.executable).parent
    print("== `l1l2 render --all -q hd -j 2` vs stock `manim -qh` rendering the same scenes one after another")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run([str(bin_dir / "l1l2"), "render", "--all", "-q", "hd", "-j", "2", "--quiet", "-o",
                        f"{tmp}/ours"], check=True, cwd=root, stdout=subprocess.DEVNULL)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        for spec in all_specs():
            module = Path(sys.modules[spec.scene_class.__module__].__file__)
            subprocess.run([str(bin_dir / "manim"), "render", "-qh", "--media_dir", f"{tmp}/stock",
                            str(module), spec.scene_class.__name__], check=True, cwd=root,
                           env={**__import__("os").environ, "PYTHONPATH": str(root)},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stock = time.perf_counter() - t
    print(f"ours -j 2: {ours:.1f} s; stock manim: {stock:.1f} s -> {stock / ours:.2f}x faster (target >= 1.4)")


def bench_voice(quality: str = "draft") -> None:
    """What narration adds to a render: the scene penalties with a tone on every beat, against the
    same render silent; and the audio steps alone (decode + loudness + limiter per second of
    recording; track mix + AAC mux per second of video)."""
    from fractions import Fraction

    import av

    from l1l2 import RenderSettings, make_job, render_job
    from l1l2.narration import voiced_jobs
    from l1l2.voice import decode, mix, normalized, with_audio

    print(f"== narration (scene penalties at {quality}, a 7 s tone on each of its 5 beats)")
    settings = RenderSettings(quality=quality)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "voice" / "penalties"
        folder.mkdir(parents=True)
        rate = 48_000
        x = (0.3 * np.sin(2 * np.pi * 220 * np.arange(7 * rate) / rate)).astype(np.float32)
        from scenes.kit.registry import get_spec

        for beat in get_spec("penalties").beats:
            with av.open(str(folder / f"{beat}.flac"), "w") as out:
                st = out.add_stream("flac", rate=rate, layout="mono")
                for i in range(0, len(x), 4096):
                    fr = av.AudioFrame.from_ndarray(x[None, i:i + 4096], format="flt", layout="mono")
                    fr.sample_rate, fr.pts, fr.time_base = rate, i, Fraction(1, rate)
                    for pk in st.encode(fr):
                        out.mux(pk)
                for pk in st.encode(None):
                    out.mux(pk)
        silent = render_job(make_job("penalties", settings=settings, force=True), Path(tmp) / "a")
        (job,) = voiced_jobs([make_job("penalties", settings=settings, force=True)], str(folder.parent),
                             Path(tmp) / "b", print)
        voiced = render_job(job, Path(tmp) / "b")
        print(f"silent render {silent.seconds:.1f} s for {silent.timeline.duration:.1f} s; narrated "
              f"{voiced.seconds:.1f} s for {voiced.timeline.duration:.1f} s -> per second of video "
              f"{silent.seconds / silent.timeline.duration:.3f} vs {voiced.seconds / voiced.timeline.duration:.3f}")
        t_norm, _ = timed(lambda: normalized(decode(folder / "shapes.flac")), repeat=3)
        video = silent.outputs["mp4"]
        track = mix([], silent.timeline.duration)
        t_mux, _ = timed(lambda: with_audio(video, track, Path(tmp) / "m.mp4"), repeat=3)
        print(f"decode + loudness + limiter: {t_norm:.3f} s per 7 s recording -> {7 / t_norm:.0f}x real time; "
              f"mix + AAC mux: {t_mux:.3f} s for {silent.timeline.duration:.1f} s of video -> "
              f"{t_mux / silent.seconds:.3f} of the render's time")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hd", action="store_true", help="also render at 1080p60 and measure the encoding floor")
    ap.add_argument("--all", action="store_true", help="every measurement of issue 5 (about 20 minutes)")
    ap.add_argument("--voice", action="store_true", help="only what narration adds to a render (a minute)")
    ap.add_argument("--scenes", nargs="*", metavar="NAME",
                    help="only the per-scene preview ratios (a few minutes), of these scenes or all")
    args = ap.parse_args()
    if args.voice:
        bench_voice()
        return
    if args.scenes is not None:
        bench_scenes_preview(args.scenes)
        return
    if args.all:
        bench_scenes_preview()
        bench_parallel_vs_stock()
        bench_lecture_hd()
    print("== render (scene shrink)")
    for quality in ("preview",) + (("hd",) if args.hd else ()):
        wall, duration, frames = bench_render(quality)
        print(f"{quality}: {wall:.1f} s wall for {duration:.1f} s of video ({frames} frames) "
              f"-> {wall / duration:.2f} x real time")
        if quality == "hd":
            floor = encoding_floor(frames)
            print(f"hd encoding floor: {floor:.1f} s for {frames} frames -> render / floor = {wall / floor:.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {rss:.0f} MB")
    print("== math")
    for line in bench_math():
        print(line)


if __name__ == "__main__":
    main()
