"""Recognising the system runtime-permission dialog, across Android versions and vendors.

The table is data/permission-dialogs.yaml. A dialog is a window of a permission controller
package, or any window whose buttons carry the controller's resource ids (matched on the
name after ":id/"). Its buttons are classified by id, else by text; the message names the
permission group. A scenario's answer (allow, allow_foreground, deny) picks a button with
the table's fallbacks, since not every dialog offers every answer.

Vendor controllers (MIUI/HyperOS, ColorOS, OriginOS, EMUI/HarmonyOS, MagicOS) mostly keep no
AOSP ids; their buttons are told by their wording, exactly, else (a short label) by containing
a known wording, deny first. Which permission is asked comes from the message, else from the
dialog's icon descriptions and resource-id names.

Known gaps: a vendor wording not in the table is not a button; a tick box ("不再询问") is never
taken for a button.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from harness.model import PermissionAnswer
from harness.paths import PACKAGE_DATA
from harness.ui.consent import ButtonMatch
from harness.ui.hierarchy import Hierarchy, Node
from harness.yamlfile import load_model


class ButtonKind(enum.StrEnum):
    """What a button of the dialog does."""

    ALLOW = "allow"
    ALLOW_FOREGROUND = "allow_foreground"
    ALLOW_ONE_TIME = "allow_one_time"
    DENY = "deny"


# The answer a tap on each kind of button gives (one-time is a foreground grant).
ANSWER_OF: dict[ButtonKind, PermissionAnswer] = {
    ButtonKind.ALLOW: PermissionAnswer.ALLOW,
    ButtonKind.ALLOW_FOREGROUND: PermissionAnswer.ALLOW_FOREGROUND,
    ButtonKind.ALLOW_ONE_TIME: PermissionAnswer.ALLOW_FOREGROUND,
    ButtonKind.DENY: PermissionAnswer.DENY,
}


class _ButtonSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ids: tuple[str, ...]
    text: tuple[str, ...]


class PermissionDialogTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    controller_packages: tuple[str, ...]
    dialog_ids: tuple[str, ...]
    message_ids: tuple[str, ...]
    buttons: dict[ButtonKind, _ButtonSpec]
    fallbacks: dict[PermissionAnswer, tuple[ButtonKind, ...]]
    groups: dict[str, tuple[str, ...]]


@functools.cache
def load_permission_table(
    path: Path = PACKAGE_DATA / "permission-dialogs.yaml",
) -> PermissionDialogTable:
    return load_model(path, PermissionDialogTable)


@dataclass(frozen=True, slots=True)
class PermissionDialog:
    package: str
    message: str
    group: str | None  # "android.permission-group.LOCATION", when the message names one
    buttons: tuple[tuple[ButtonKind, ButtonMatch], ...]
    confidence: float  # 1.0 when recognised by resource ids, lower by text alone

    @property
    def permission(self) -> str:
        """What the dialog asks for: its permission group, else its message."""
        return self.group or self.message

    def button(self, kind: ButtonKind) -> ButtonMatch | None:
        return next((b for k, b in self.buttons if k is kind), None)

    def button_for(
        self, answer: PermissionAnswer, table: PermissionDialogTable | None = None
    ) -> tuple[ButtonKind, ButtonMatch] | None:
        """The button that gives `answer`, or the closest the dialog offers, or None."""
        table = table or load_permission_table()
        for kind in table.fallbacks.get(answer, ()):
            found = self.button(kind)
            if found is not None:
                return kind, found
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "message": self.message,
            "permission": self.permission,
            "confidence": self.confidence,
            "buttons": {kind.value: b.to_json() for kind, b in self.buttons},
        }


def _id_name(resource_id: str) -> str:
    return resource_id.rsplit(":id/", 1)[-1]


def _norm(text: str) -> str:
    return " ".join(text.split()).lower().replace("\u2019", "'")


_SHORT_LABEL = 16  # a label this short may carry a wording plus a hint ("允许（推荐）")
# Containment is tried in this order: "不允许" contains "允许", "仅本次允许" too.
_CONTAINS_ORDER = (
    ButtonKind.DENY,
    ButtonKind.ALLOW_ONE_TIME,
    ButtonKind.ALLOW_FOREGROUND,
    ButtonKind.ALLOW,
)
_CHECKABLE = ("android.widget.CheckBox", "android.widget.Switch", "android.widget.RadioButton")


def _classify(
    node: Node, table: PermissionDialogTable, in_controller: bool
) -> tuple[ButtonKind, float] | None:
    name = _id_name(node.resource_id)
    for kind, spec in table.buttons.items():
        if name and name in spec.ids:
            return kind, 1.0
    if not (in_controller and node.clickable and node.label):
        return None
    if node.checkable or node.class_name in _CHECKABLE:
        return None  # "不再询问" / "Don't ask again" boxes are not answers
    label = _norm(node.label)
    for kind, spec in table.buttons.items():
        if label in {_norm(t) for t in spec.text}:
            return kind, 0.8
    if len(label) <= _SHORT_LABEL:
        for kind in _CONTAINS_ORDER:
            texts = table.buttons[kind].text if kind in table.buttons else ()
            if any(_norm(t) in label for t in texts):
                return kind, 0.6
    return None


def _group_in(text: str, table: PermissionDialogTable) -> str | None:
    text = text.lower()
    for group, words in table.groups.items():
        if any(w.lower() in text for w in words):
            return group
    return None


def _group(message: str, nodes: list[Node], table: PermissionDialogTable) -> str | None:
    """The group the message names, else one an icon's description or an id names."""
    found = _group_in(message, table)
    if found is not None:
        return found
    for node in nodes:
        hints = " ".join(
            part
            for part in (node.content_desc, _id_name(node.resource_id).replace("_", " "))
            if part
        )
        if hints and not node.clickable:
            found = _group_in(hints, table)
            if found is not None:
                return found
    return None


def _message(nodes: list[Node], table: PermissionDialogTable) -> str:
    """The dialog's question: the first message id of the table's order, else the longest text."""
    for wanted in table.message_ids:
        for node in nodes:
            if _id_name(node.resource_id) == wanted and node.label:
                return node.label
    texts = [n.label for n in nodes if n.label and not n.clickable]
    return max(texts, key=len, default="")


def detect_permission_dialog(
    hierarchy: Hierarchy, table: PermissionDialogTable | None = None
) -> PermissionDialog | None:
    """The runtime-permission dialog on screen, or None."""
    table = table or load_permission_table()
    controllers = set(table.controller_packages)
    for root in hierarchy.roots:
        nodes = list(root.walk())
        in_controller = any(n.package in controllers for n in nodes)
        has_dialog_id = any(_id_name(n.resource_id) in table.dialog_ids for n in nodes)
        if not (in_controller or has_dialog_id):
            continue
        found: list[tuple[ButtonKind, ButtonMatch]] = []
        confidences: list[float] = []
        for node in nodes:
            classified = _classify(node, table, in_controller)
            if classified is None or not node.enabled:
                continue
            kind, confidence = classified
            if any(k is kind for k, _ in found):
                continue  # the first button of a kind is the one shown first
            found.append((kind, ButtonMatch(node.label, node.resource_id, node.bounds, confidence)))
            confidences.append(confidence)
        if not found:
            continue
        message = _message(nodes, table)
        package = next((n.package for n in nodes if n.package in controllers), nodes[0].package)
        return PermissionDialog(
            package=package,
            message=message,
            group=_group(message, nodes, table),
            buttons=tuple(found),
            confidence=min(confidences),
        )
    return None
