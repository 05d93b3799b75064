"""The accessible HTML edition: one self-contained page per handout (render.py)."""

from .render import render_html

__all__ = ["render_html"]
