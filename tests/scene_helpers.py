"""Shared helpers for scene tests: tiny render settings and geometry checks."""

from __future__ import annotations

import numpy as np
from manim import Typst, VMobject

from l1l2 import RenderSettings

TINY = RenderSettings(quality="preview", pixel_size=(320, 180), fps=10)


def bbox(mob) -> tuple[float, float, float, float]:
    pts = mob.get_all_points()
    return pts[:, 0].min(), pts[:, 0].max(), pts[:, 1].min(), pts[:, 1].max()


def _visible(mob) -> bool:
    if not isinstance(mob, VMobject) or not mob.get_num_points():
        return False
    stroke = max(np.max(mob.stroke_rgbas[:, 3]) if len(mob.stroke_rgbas) else 0.0, 0.0) if mob.stroke_width > 0 else 0.0
    fill = np.max(mob.fill_rgbas[:, 3]) if len(mob.fill_rgbas) else 0.0
    return max(stroke, fill) > 0.05


def visible_family(scene):
    for top in scene.mobjects:
        for mob in top.get_family():
            if _visible(mob):
                yield mob


def out_of_frame(scene, tol: float = 1e-3) -> list[str]:
    w, h = scene.camera.frame_width / 2, scene.camera.frame_height / 2
    bad = []
    for mob in visible_family(scene):
        x0, x1, y0, y1 = bbox(mob)
        if x0 < -w - tol or x1 > w + tol or y0 < -h - tol or y1 > h + tol:
            bad.append(f"{type(mob).__name__} {mob!r:.60} at x[{x0:.2f},{x1:.2f}] y[{y0:.2f},{y1:.2f}]")
    return bad


def text_overlaps(scene, tol: float = 0.01) -> list[str]:
    """Pairs of visible Typst/MathTypst mobjects whose bounding boxes intersect."""
    texts = [m for top in scene.mobjects for m in top.get_family()
             if isinstance(m, Typst) and any(_visible(s) for s in m.family_members_with_points())]
    boxes = [bbox(m) for m in texts]
    bad = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = boxes[i], boxes[j]
            if a[0] < b[1] - tol and b[0] < a[1] - tol and a[2] < b[3] - tol and b[2] < a[3] - tol:
                bad.append(f"{texts[i]!r:.50} overlaps {texts[j]!r:.50}")
    return bad


def color_centroid(frame: np.ndarray, hex_color: str, region: tuple[int, int, int, int], tol: int = 40):
    """Mean (x, y) pixel of pixels close to ``hex_color`` inside region (x0, x1, y0, y1); None if none."""
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    x0, x1, y0, y1 = region
    patch = frame[y0:y1, x0:x1, :3].astype(int)
    mask = np.abs(patch - rgb).sum(axis=2) < tol
    if not mask.any():
        return None
    ys, xs = np.nonzero(mask)
    return x0 + xs.mean(), y0 + ys.mean()


def scene_to_pixel(scene, frame: np.ndarray, point) -> tuple[float, float]:
    """A scene point's (x, y) pixel position in ``frame`` (y down)."""
    h, w = frame.shape[:2]
    fw, fh = scene.camera.frame_width, scene.camera.frame_height
    return (point[0] + fw / 2) / fw * w, (fh / 2 - point[1]) / fh * h


def pixel_to_scene(scene, frame: np.ndarray, px: tuple[float, float]) -> np.ndarray:
    h, w = frame.shape[:2]
    fw, fh = scene.camera.frame_width, scene.camera.frame_height
    return np.array([px[0] / w * fw - fw / 2, fh / 2 - px[1] / h * fh, 0.0])


def dot_centroid(frame: np.ndarray, hex_color: str, region: tuple[int, int, int, int], *, erode: int = 2,
                 tol: int = 40):
    """Centre (x, y) of the largest solid blob of ``hex_color`` in region (x0, x1, y0, y1).

    Pixels of that colour are eroded ``erode`` times with a 3×3 element first, so
    strokes of the same colour (outlines, glyphs) vanish and only filled dots stay.
    """
    from scipy import ndimage

    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    x0, x1, y0, y1 = (max(0, int(v)) for v in region)
    patch = frame[y0:y1, x0:x1, :3].astype(int)
    mask = ndimage.binary_erosion(np.abs(patch - rgb).sum(axis=2) < tol, np.ones((3, 3)), iterations=erode)
    labels, n = ndimage.label(mask)
    if n == 0:
        return None
    sizes = ndimage.sum(mask, labels, range(1, n + 1))
    ys, xs = np.nonzero(labels == 1 + int(np.argmax(sizes)))
    return x0 + xs.mean(), y0 + ys.mean()


def dot_position(scene, frame: np.ndarray, axes, hex_color: str) -> tuple[np.ndarray, float]:
    """The data coordinates of the solid ``hex_color`` dot inside ``axes``' window, found in the pixels,
    and the data size of one pixel (for tolerances)."""
    (xa, xb), (ya, yb) = axes.x_range[:2], axes.y_range[:2]
    px0, py1 = scene_to_pixel(scene, frame, axes.c2p(xa, ya))
    px1, py0 = scene_to_pixel(scene, frame, axes.c2p(xb, yb))
    c = dot_centroid(frame, hex_color, (px0 - 6, px1 + 6, py0 - 6, py1 + 6))
    assert c is not None, f"no solid {hex_color} dot in the plot"
    return axes.p2c(pixel_to_scene(scene, frame, c))[:2], (xb - xa) / (px1 - px0)


# -- video frames against stills ---------------------------------------------------------

# A ghost glyph is a patch of extra ink: its 3×3 mean luma difference stays high, while x264's
# noise (crf 23, 320×180) is scattered and averages out. Measured: ≤ 15 for a correct render,
# 33–36 for penalties' ghost slope digits (the faintest ghost of issue 9), over 100 for most.
GHOST_LUMA = 24


def luma(rgb: np.ndarray) -> np.ndarray:
    """The Y plane (0–255) that the encoder makes from an RGB(A) frame: PyAV's own rgb → yuv420p."""
    import av

    h = rgb.shape[0]
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(np.asarray(rgb)[..., :3].astype(np.uint8)), format="rgb24")
    return frame.reformat(format="yuv420p").to_ndarray()[:h].astype(np.int16)


def video_lumas(path) -> list[np.ndarray]:
    """Every decoded frame's Y plane. Chroma is subsampled 2×2 by yuv420p, so thin coloured lines
    differ in RGB by design; luma is kept at full resolution and is what a ghost glyph changes."""
    import av

    with av.open(str(path)) as c:
        out = []
        for f in c.decode(c.streams.video[0]):
            y = f.reformat(format="yuv420p").to_ndarray()
            out.append(y[: f.height].astype(np.int16))
    return out


def luma_mismatch(video_y: np.ndarray, still_rgb: np.ndarray, threshold: float = GHOST_LUMA) -> str | None:
    """None when the two frames agree; else where their 3×3-mean luma differs by more than ``threshold``."""
    from scipy import ndimage

    d = np.abs(ndimage.uniform_filter((video_y - luma(still_rgb)).astype(float), size=3))
    bad = d > threshold
    if not bad.any():
        return None
    ys, xs = np.nonzero(bad)
    return f"{int(bad.sum())} px differ (3×3 mean up to {d.max():.0f}) in x {xs.min()}–{xs.max()}, y {ys.min()}–{ys.max()}"
MICRO = RenderSettings(quality="preview", pixel_size=(192, 108), fps=5)


# The smallest em a viewer can read at 480p (the draft quality): 12 px. The frame is 8 units on its
# short side, so 480p is 60 px a unit; Typst sets text at 11 pt and manim maps font_size f to f/960 units
# a point, so an em is 11 · f / 960 · 60 px = 0.6875 · f px (measured: SMALL = 20 is 13.75 px).
MIN_EM_PX = 12.0
EM_PX_PER_FONT_SIZE_AT_480P = 11 / 960 * 60


def small_text(scene, min_em_px: float = MIN_EM_PX) -> list[str]:
    """Visible Typst/MathTypst mobjects whose em (after every scaling the layout did) is under
    ``min_em_px`` at 480p."""
    bad = []
    for top in scene.mobjects:
        for m in top.get_family():
            if isinstance(m, Typst) and m.initial_height > 0 and any(_visible(s) for s in m.family_members_with_points()):
                em = m.font_size * EM_PX_PER_FONT_SIZE_AT_480P
                if em < min_em_px - 1e-6:
                    bad.append(f"{m!r:.60} em {em:.1f} px at 480p")
    return bad


def legend_mismatches(scene) -> list[str]:
    """Visible legend swatches whose linked lines (``plots.link_legend``) look different: another colour,
    or dashed where the swatch is solid (or the other way round). Only lines on screen are compared."""
    from manim.utils.color import ManimColor

    from scenes.kit.plots import DASH, is_dashed

    shown = {id(m) for top in scene.mobjects for m in top.get_family()}
    bad = []
    for top in scene.mobjects:
        for sw in top.get_family():
            lines = getattr(sw, "stands_for", None)
            if not lines or not any(_visible(s) for s in sw.family_members_with_points()):
                continue
            for line in lines:
                pieces = [m for m in line.get_family() if _visible(m)]
                ends = line.get_all_points()
                length = float(np.linalg.norm(np.diff(ends, axis=0), axis=1).sum()) if len(ends) > 1 else 0.0
                if id(line) not in shown or not pieces or length < 2 * DASH:  # too short to show a pattern
                    continue
                color = ManimColor(pieces[0].get_stroke_color()).to_hex().lower()
                if color not in sw.colors:
                    bad.append(f"legend {sw.colors} dashed={sw.dashed}: a line in {color}")
                if is_dashed(line) != sw.dashed:
                    bad.append(f"legend {sw.colors} dashed={sw.dashed}: its {color} line dashed={is_dashed(line)}")
    return bad
