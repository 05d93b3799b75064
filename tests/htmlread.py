"""Read built HTML pages back: text as a reader sees it, elements and attributes."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from fontTools.ttLib import TTFont

VOID = {"meta", "img", "input", "br", "hr", "link", "source", "wbr", "area", "base", "col", "embed", "track"}
HIDDEN = {"head", "style", "script", "template", "title", "svg"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children if _shown(c))

    def walk(self) -> list[Element]:
        out = [self]
        for c in self.children:
            if isinstance(c, Element):
                out += c.walk()
        return out

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag]


def _shown(c: Element | str) -> bool:
    return isinstance(c, str) or c.tag not in HIDDEN


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(el)
        if tag not in VOID:
            self.at = el

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"</{tag}> closes nothing"
        self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def parse(page: bytes) -> Element:
    tree = _Tree()
    tree.feed(page.decode("utf-8"))
    tree.close()
    assert tree.at is tree.root, f"<{tree.at.tag}> is never closed"
    return tree.root


def body_text(page: bytes) -> str:
    """The text a reader sees: the body's text nodes, no styles, no icons."""
    return parse(page).find_all("body")[0].text()


def element(root: Element, tag: str) -> Element:
    (found,) = root.find_all(tag)
    return found


def by_id(root: Element) -> dict[str, Element]:
    return {e.attrs["id"]: e for e in root.walk() if "id" in e.attrs}


def font_faces(page: bytes) -> list[tuple[int, TTFont]]:
    """(weight, font) for every @font-face embedded in the page."""
    css = "".join(str(c) for s in parse(page).find_all("style") for c in s.children)
    out = []
    for weight, data in re.findall(
        r"@font-face\s*{[^}]*font-weight:\s*(\d+);[^}]*url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", css
    ):
        out.append((int(weight), TTFont(io.BytesIO(base64.b64decode(data)))))
    return out
