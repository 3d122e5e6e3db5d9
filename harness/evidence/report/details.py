"""A finding's `details` as rows a person reads: a label, then the values, never raw JSON.

`{"necessary": [], "permissions": ["android.permission.X"], "phases": {"a": 1}}` becomes
rows "necessary: none", "permissions: android.permission.X", and a nested row for "phases".
The label is the catalogue's `detail.<key>` message when it has one (the template asks),
else the key with its underscores as spaces. Values stay the bundle's own text: escaped
when rendered, never interpreted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_ITEMS = 50  # values shown per row; the rest are counted
MAX_DEPTH = 4  # deeper nesting is shown as compact JSON text
_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class DetailRow:
    key: str
    label: str  # the key as words: "requested at runtime"
    items: tuple[str, ...]  # the values, as text
    children: tuple[DetailRow, ...] = ()  # a mapping's own rows
    more: int = 0  # values left out after MAX_ITEMS
    kind: str = "text"  # "text" | "list" | "empty" | "yes" | "no" | "mapping"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row(key: str, value: Any, depth: int) -> DetailRow:
    # A rule's own snake_case key reads as words; any other key (a permission, an SDK
    # name, a host) is data and is shown as it is.
    label = key.replace("_", " ") if _SNAKE.fullmatch(key) else key
    if isinstance(value, bool):
        return DetailRow(key, label, (), kind="yes" if value else "no")
    if isinstance(value, Mapping) and depth < MAX_DEPTH:
        if not value:
            return DetailRow(key, label, (), kind="empty")
        children = tuple(_row(str(k), v, depth + 1) for k, v in value.items())
        return DetailRow(key, label, (), children, kind="mapping")
    if isinstance(value, list | tuple):
        if not value:
            return DetailRow(key, label, (), kind="empty")
        shown = tuple(_text(v) for v in value[:MAX_ITEMS])
        return DetailRow(key, label, shown, more=max(len(value) - MAX_ITEMS, 0), kind="list")
    if value is None or value == "":
        return DetailRow(key, label, (), kind="empty")
    return DetailRow(key, label, (_text(value),))


def detail_rows(details: Mapping[str, Any]) -> tuple[DetailRow, ...]:
    return tuple(_row(str(key), value, 0) for key, value in details.items())
