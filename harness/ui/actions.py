"""What can be done on a screen: its actionable nodes, each as a stable, named action.

Shared by the explorer (which tries them) and `harness ui inspect` (which lists them for a
technician). A node is actionable when it is enabled, visible (non-empty bounds) and
clickable, long-clickable, scrollable or a text field. An action's `key` names it within its
screen without its position, so the same button on the same screen is the same action in
every run.
"""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from harness.ui.hierarchy import Bounds, Hierarchy, Node

EDIT_TEXT_CLASSES = ("android.widget.EditText", "android.widget.AutoCompleteTextView")


class ActionKind(enum.StrEnum):
    TAP = "tap"
    LONG_TAP = "long_tap"
    INPUT = "input"  # tap the field, type, press ENTER
    SCROLL = "scroll"  # swipe up inside the container: its content moves down the list
    BACK = "back"


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    key: str
    label: str = ""
    resource_id: str = ""
    class_name: str = ""
    bounds: Bounds | None = None

    def describe(self) -> str:
        if self.kind is ActionKind.BACK:
            return "back"
        what = self.label or self.resource_id or self.class_name
        return f"{self.kind.value} {what!r} at {self.bounds}"

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.kind.value,
            "text": self.label,
            "resource_id": self.resource_id,
            "class": self.class_name,
            "bounds": str(self.bounds) if self.bounds else None,
            "center": list(self.bounds.center) if self.bounds else None,
        }


BACK = Action(ActionKind.BACK, "back")


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def is_avoided(label: str, avoid_words: Collection[str]) -> bool:
    norm = _norm(label)
    if not norm:
        return False
    words = [_norm(w) for w in avoid_words]
    return norm in words or (len(norm) <= 12 and any(w in norm for w in words))


def _kinds(node: Node) -> list[ActionKind]:
    if node.class_name in EDIT_TEXT_CLASSES:
        return [ActionKind.INPUT]
    kinds = []
    if node.clickable:
        kinds.append(ActionKind.TAP)
    if node.long_clickable:
        kinds.append(ActionKind.LONG_TAP)
    if node.scrollable:
        kinds.append(ActionKind.SCROLL)
    return kinds


def _own_label(node: Node) -> str:
    """A node's label, else the first label inside it (a row's title names the row)."""
    return next((n.label for n in node.walk() if n.label), "")


def actionable(
    hierarchy: Hierarchy,
    package: str | None = None,
    *,
    avoid_words: Collection[str] = (),
    exclude: Collection[Bounds] = (),
) -> list[Action]:
    """The actions of the screen, in document order; only `package`'s nodes when given."""
    found: list[Action] = []
    seen: Counter[str] = Counter()
    for node in hierarchy.walk():
        if not node.enabled or node.bounds.area == 0:
            continue
        if package is not None and node.package != package:
            continue
        if node.bounds in exclude:
            continue
        label = _own_label(node)
        if is_avoided(label, avoid_words):
            continue
        for kind in _kinds(node):
            base = f"{kind.value}|{node.resource_id}|{node.class_name}|{label}"
            seen[base] += 1
            found.append(
                Action(
                    kind=kind,
                    key=f"{base}|{seen[base]}",
                    label=label,
                    resource_id=node.resource_id,
                    class_name=node.class_name,
                    bounds=node.bounds,
                )
            )
    return found


def screen_signature(hierarchy: Hierarchy, package: str | None = None) -> str:
    """A name for "which screen this is": its structure, not its changing text or scroll.

    Class and resource id of every node of the app, in order, hashed. Two product pages
    differing only in their texts are the same screen; a list scrolled further is too.
    """
    parts = [
        f"{n.class_name}#{n.resource_id}"
        for n in hierarchy.walk()
        if package is None or n.package == package
    ]
    # Lists differ in length as they scroll; the set of distinct parts does not.
    digest = hashlib.sha256("\n".join(sorted(set(parts))).encode("utf-8"))
    return digest.hexdigest()[:16]
