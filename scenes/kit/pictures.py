"""Pictures (raster frames, such as a scene's built frame) inside a manim video.

manim's Cairo camera draws an ``ImageMobject`` on a canvas it makes with
``Image.fromarray(float zeros, mode="RGBA")``, which the Pillow we pin refuses ("Invalid mode for data
type"). ``PictureCamera`` draws pictures itself: upright (never rotated, which is all a card needs),
resized to the mobject's box and alpha-composited with the mobject's opacity, so ``FadeIn`` works.
"""

from __future__ import annotations

import numpy as np
from manim import Camera, Group, ImageMobject, Rectangle
from PIL import Image


class PictureCamera(Camera):
    """A Camera whose ``ImageMobject`` drawing works with current Pillow (see the module)."""

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
        w, h = int(round(x1 - x0)), int(round(y1 - y0))
        if w < 1 or h < 1:
            return
        picture = Image.fromarray(np.asarray(image_mobject.get_pixel_array(), dtype=np.uint8), "RGBA")
        picture = picture.resize((w, h), Image.Resampling.LANCZOS)
        left, top = int(round(x0)), int(round(y0))
        ph, pw = pixel_array.shape[:2]
        crop = (max(0, -left), max(0, -top), min(w, pw - left), min(h, ph - top))  # the part inside the frame
        if crop[0] >= crop[2] or crop[1] >= crop[3]:
            return
        canvas = Image.fromarray(np.ascontiguousarray(pixel_array), "RGBA")
        canvas.alpha_composite(picture.crop(crop), dest=(left + crop[0], top + crop[1]))
        pixel_array[:, :] = np.asarray(canvas)


def framed_picture(rgb: np.ndarray, width: float, height: float, edge: str) -> Group:
    """An RGB frame as a picture fitted inside ``width`` × ``height`` (its aspect kept), with a thin
    ``edge``-coloured border so it reads as a picture on a background of the same colour."""
    rgba = np.dstack([np.asarray(rgb)[..., :3].astype(np.uint8), np.full(rgb.shape[:2], 255, np.uint8)])
    picture = ImageMobject(rgba)
    picture.scale(min(width / picture.width, height / picture.height))
    border = Rectangle(width=picture.width, height=picture.height, stroke_color=edge, stroke_width=2)
    return Group(picture, border.move_to(picture))
