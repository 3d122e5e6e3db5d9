"""The string and number leaves of a JSON text, each with its path and its text as sent.

`json.loads` gives values but forgets how they were written; the matcher needs both: the
leaf as sent ("\\u526a\\u8d34\\u677f", "39.904211") to name the encoding an identifier
travelled in, and its decoded value to find it whatever the escaping. So the text is
validated by `json.loads` (fast, in C) and then tokenised once with a regular expression,
keeping a stack of the keys and indexes above the current token.

Paths are JSONPath-like: `$.device.imei`, `$.events[0].id`, `$["a key"]`. Object keys are
not leaves (an identifier used as a key is not found: a known gap).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r'\s*(?:("[^"\\]*(?:\\.[^"\\]*)*")'  # 1: a string, quotes included (never empty)
    r"|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)"  # 2: a number
    r"|([{}\[\]:,])"  # 3: structure
    r"|(?:true|false|null|NaN|-?Infinity))",  # literals (json.loads accepts the last three)
    re.S,
)
_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")


@dataclass(frozen=True, slots=True)
class Leaf:
    path: str  # "$.device.imei"
    raw: str  # as written between the quotes (or the number's digits)
    decoded: str | None  # the string with its escapes undone, when that differs from raw


def _key_step(key: str) -> str:
    return f".{key}" if _PLAIN_KEY.match(key) else f"[{json.dumps(key, ensure_ascii=False)}]"


class _Frame:
    """An open object or array, and the path step of the value it is at."""

    __slots__ = ("expecting_key", "index", "is_object", "step")

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.index = 0
        self.expecting_key = is_object
        self.step = "" if is_object else "[0]"  # computed once per key or index, not per leaf

    def at_key(self, key: str) -> None:
        self.step = _key_step(key)

    def next_index(self) -> None:
        self.index += 1
        self.step = f"[{self.index}]"


def _path(stack: list[_Frame]) -> str:
    return "$" + "".join([frame.step for frame in stack])


def _unescape(raw: str) -> str:
    # Already validated as part of a JSON document, so this cannot fail.
    return str(json.loads(f'"{raw}"'))


def is_json(text: str) -> bool:
    """Whether `text` is a JSON object or array (what a body or a field holding JSON is)."""
    start = text.lstrip()[:1]
    if start not in ("{", "["):
        return False
    try:
        json.loads(text)
    except ValueError:  # JSONDecodeError, and RecursionError's cousin for absurd nesting
        return False
    except RecursionError:
        return False
    return True


def json_leaves(text: str) -> Iterator[Leaf]:
    """Every string and number leaf of a JSON text that `is_json` accepted, in order."""
    stack: list[_Frame] = []
    # findall: one C-level pass giving plain tuples, far cheaper than a Match per token.
    for string, number, punct in _TOKEN.findall(text):
        if string:
            raw = string[1:-1]
            decoded = _unescape(raw) if "\\" in raw else None
            if stack and stack[-1].expecting_key:
                stack[-1].at_key(decoded if decoded is not None else raw)
            else:
                yield Leaf(_path(stack), raw, decoded)
        elif number:
            yield Leaf(_path(stack), number, None)
        elif punct == ",":
            top = stack[-1]
            if top.is_object:
                top.expecting_key = True
            else:
                top.next_index()
        elif punct == ":":
            stack[-1].expecting_key = False
        elif punct == "{" or punct == "[":
            stack.append(_Frame(is_object=punct == "{"))
        elif punct:  # "}" or "]"
            stack.pop()
