"""Selectors: how a scenario names a node on screen (text, id, description, class, ...).

All the given criteria must hold. `text`, `description`, `class_name` and `package` compare
exactly; `text_contains` is a substring test; `text_matches` a regular expression that must
match the whole text (as uiautomator's textMatches). `resource_id` compares exactly when it
has a package part (`com.x:id/btn`), and otherwise matches the id's name under any package
(`btn_agree` matches `com.x:id/btn_agree`). `index` picks one of several matches: 0 is the
first in screen (document) order; it is not the dump's `index` attribute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from harness.ui.hierarchy import Hierarchy, Node


class SelectorError(ValueError):
    """A selector is wrong; `key` names the selector key at fault, when one is."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


SELECTOR_KEYS = (
    "text",
    "text_contains",
    "text_matches",
    "resource_id",
    "description",
    "class_name",
    "package",
    "index",
)


@dataclass(frozen=True, slots=True)
class Selector:
    text: str | None = None
    text_contains: str | None = None
    text_matches: str | None = None
    resource_id: str | None = None
    description: str | None = None
    class_name: str | None = None
    package: str | None = None
    index: int = 0

    def matches(self, node: Node) -> bool:
        if self.text is not None and node.text != self.text:
            return False
        if self.text_contains is not None and self.text_contains not in node.text:
            return False
        if self.text_matches is not None and not re.fullmatch(
            self.text_matches, node.text, re.DOTALL
        ):
            return False
        if self.resource_id is not None and not _id_matches(self.resource_id, node.resource_id):
            return False
        if self.description is not None and node.content_desc != self.description:
            return False
        if self.class_name is not None and node.class_name != self.class_name:
            return False
        return self.package is None or node.package == self.package

    def find_all(self, hierarchy: Hierarchy) -> list[Node]:
        return [n for n in hierarchy.walk() if self.matches(n)]

    def find(self, hierarchy: Hierarchy) -> Node | None:
        """The `index`-th matching node, or None."""
        found = self.find_all(hierarchy)
        return found[self.index] if self.index < len(found) else None

    def describe(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and not (f.name == "index" and value == 0):
                parts.append(f"{f.name}={value!r}")
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _id_matches(wanted: str, resource_id: str) -> bool:
    if ":" in wanted:
        return resource_id == wanted
    return resource_id.endswith(f":id/{wanted}") or resource_id == wanted


def parse_selector(raw: Any, *, extra: tuple[str, ...] = ()) -> tuple[Selector, dict[str, Any]]:
    """A selector from a step's value: a string (exact text) or a mapping of SELECTOR_KEYS.

    Keys in `extra` (a step's own options, such as `timeout`) are returned apart. Raises
    SelectorError saying what was expected.
    """
    if isinstance(raw, str):
        if not raw:
            raise SelectorError("a selector text must not be empty")
        return Selector(text=raw), {}
    if not isinstance(raw, Mapping) or not raw:
        keys = ", ".join(SELECTOR_KEYS)
        raise SelectorError(f"a selector is a text or a mapping with one or more of: {keys}")
    criteria: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, value in raw.items():
        key = str(key)
        if key in extra:
            options[key] = value
        elif key in SELECTOR_KEYS:
            try:
                criteria[key] = _criterion(key, value)
            except ValueError as exc:
                raise SelectorError(str(exc), key) from None
        else:
            known = ", ".join((*SELECTOR_KEYS, *extra))
            raise SelectorError(f"unknown selector key '{key}' (expected {known})", key)
    if not set(criteria) - {"index"}:
        raise SelectorError("a selector needs at least one of: " + ", ".join(SELECTOR_KEYS[:-1]))
    return Selector(**criteria), options


def _criterion(key: str, value: Any) -> Any:
    if key == "index":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"selector 'index' takes a whole number >= 0, got {value!r}")
        return value
    if not isinstance(value, str) or not value:
        raise ValueError(f"selector '{key}' takes a non-empty text, got {value!r}")
    if key == "text_matches":
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(
                f"selector 'text_matches' is not a regular expression: {exc}"
            ) from None
    return value


def tap_point(hierarchy: Hierarchy, node: Node) -> tuple[int, int]:
    """Where to tap for a node: the centre of it, or of its nearest clickable ancestor.

    A label is often a TextView inside a clickable row; tapping the row's centre is what a
    person does, and what reaches the row's handler.
    """
    target = clickable_ancestor(hierarchy, node) or node
    return target.bounds.center


def clickable_ancestor(hierarchy: Hierarchy, node: Node) -> Node | None:
    path = _path_to(hierarchy, node)
    for candidate in reversed(path):
        if candidate.clickable and candidate.enabled:
            return candidate
    return None


def _path_to(hierarchy: Hierarchy, target: Node) -> list[Node]:
    def walk(node: Node, path: list[Node]) -> list[Node] | None:
        path = [*path, node]
        if node is target:
            return path
        for child in node.children:
            found = walk(child, path)
            if found is not None:
                return found
        return None

    for root in hierarchy.roots:
        found = walk(root, [])
        if found is not None:
            return found
    return [target]
