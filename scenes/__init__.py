"""Manim scenes, the scene registry, styling and the l1l2 CLI."""
