"""The stories: one file per scene (``scenes/<name>.py``), each registering itself.

A story imports ``mathcore`` (the numbers) and ``scenes.kit`` (the drawing kit),
never the production package ``l1l2``. ``manim -ql scenes/shrink.py ShrinkScene``
renders a story with stock manim.
"""
