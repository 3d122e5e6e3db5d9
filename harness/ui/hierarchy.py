"""uiautomator hierarchy dumps parsed into typed nodes.

The same XML comes from `uiautomator dump` / uiautomator2's `dump_hierarchy()` on Android
and from the host lab's UI server, so everything that reads screens reads these nodes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

_BOUNDS = re.compile(r"^\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]$")


class HierarchyError(ValueError):
    """The text is not a uiautomator hierarchy; `line` is where, when the parser knows."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Bounds:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def center(self) -> tuple[int, int]:
        return ((self.left + self.right) // 2, (self.top + self.bottom) // 2)

    @property
    def area(self) -> int:
        return max(0, self.right - self.left) * max(0, self.bottom - self.top)

    def __str__(self) -> str:
        return f"[{self.left},{self.top}][{self.right},{self.bottom}]"


@dataclass(frozen=True, slots=True)
class Node:
    index: int
    text: str
    resource_id: str
    class_name: str
    package: str
    content_desc: str
    clickable: bool
    long_clickable: bool
    enabled: bool
    scrollable: bool
    bounds: Bounds
    children: tuple[Node, ...]
    # Tick boxes: "checkable" says the node has a ticked state, "checked" what it is. A
    # custom box drawn as an image reports neither (checkable="false").
    checkable: bool = False
    checked: bool = False

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label(self) -> str:
        """What a person sees on the node: its text, else its content description."""
        return self.text or self.content_desc


@dataclass(frozen=True, slots=True)
class Hierarchy:
    rotation: int
    roots: tuple[Node, ...]

    def walk(self) -> Iterator[Node]:
        for root in self.roots:
            yield from root.walk()

    def packages(self) -> set[str]:
        return {n.package for n in self.walk() if n.package}


def _bool(element: ET.Element, name: str) -> bool:
    return element.get(name, "false") == "true"


def _bounds(raw: str) -> Bounds:
    match = _BOUNDS.match(raw.strip())
    if match is None:
        raise HierarchyError(f"bounds {raw!r} is not of the form [l,t][r,b]")
    left, top, right, bottom = (int(g) for g in match.groups())
    return Bounds(left, top, right, bottom)


def _node(element: ET.Element) -> Node:
    return Node(
        index=int(element.get("index", "0") or 0),
        text=element.get("text", ""),
        resource_id=element.get("resource-id", ""),
        class_name=element.get("class", ""),
        package=element.get("package", ""),
        content_desc=element.get("content-desc", ""),
        clickable=_bool(element, "clickable"),
        long_clickable=_bool(element, "long-clickable"),
        enabled=_bool(element, "enabled"),
        scrollable=_bool(element, "scrollable"),
        bounds=_bounds(element.get("bounds", "[0,0][0,0]")),
        children=tuple(_node(child) for child in element if child.tag == "node"),
        checkable=_bool(element, "checkable"),
        checked=_bool(element, "checked"),
    )


def parse_hierarchy(xml_text: str) -> Hierarchy:
    try:
        root = ET.fromstring(xml_text.encode("utf-8") if isinstance(xml_text, str) else xml_text)
    except ET.ParseError as exc:
        raise HierarchyError(f"not XML: {exc}", exc.position[0]) from None
    if root.tag != "hierarchy":
        raise HierarchyError(f"root element is <{root.tag}>, expected <hierarchy>")
    return Hierarchy(
        rotation=int(root.get("rotation", "0") or 0),
        roots=tuple(_node(child) for child in root if child.tag == "node"),
    )
