"""The renderer-neutral handout: typed blocks (blocks.py) built once from a prepared
handout (builder.py), then turned into PDF or HTML by a renderer."""

from .blocks import Document
from .builder import build_document

__all__ = ["Document", "build_document"]
