"""YAML files read with their line numbers, validated into pydantic models.

Every config the harness reads (devices.yaml, scenarios, app profiles, rule packs, the hook
catalog, suites) goes through `load_yaml`, so a mistake is reported as `file:line: what was
expected` and the CLI can exit 2 with it.

These files come from people and from other labs, so the loader is also a boundary against
hostile input. Before anything is built, one pass over the parser's events (the parser is a
state machine: no recursion, no expansion) refuses what would make loading blow up: nesting
deeper than MAX_DEPTH (the composer recurses: a list nested 2,000 deep is a RecursionError)
and documents whose aliases expand to more than MAX_NODES nodes ("billion laughs": ten
lines that grow into gigabytes once shared nodes are copied out). Anchors and merge keys
(`<<: *base`, as the hook catalog uses) stay legal within that budget. Files larger than
MAX_BYTES and characters YAML forbids (control characters) are refused with their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pydantic
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from harness.errors import InputError

M = TypeVar("M", bound=pydantic.BaseModel)

MAX_BYTES = 4 << 20  # the largest config the harness ships is ~40 KB
MAX_DEPTH = 64  # collections inside collections; real configs need fewer than ten
MAX_NODES = 200_000  # scalars and collections once every alias is counted as its copy


_BRACKETS = re.compile(r"[\[\]{}]")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file keeping line information (ruamel round-trip nodes)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc}") from None
    if len(data) > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES >> 20} MiB: not a configuration file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(path, f"not UTF-8 text: {exc.reason}", line=line) from None
    _screen_brackets(path, text)
    try:
        _screen(path, YAML(typ="rt").parse(text))
        return YAML(typ="rt").load(text)
    except ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise InputError(
            path, f"character U+{code:04X} is not allowed in YAML (a control character?)", line=line
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            path, f"not valid YAML: {exc.problem}", line=mark.line + 1 if mark else None
        ) from None
    except YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from None


def _screen_brackets(path: Path, text: str) -> None:
    """Flow nesting (`[[[[...`) checked on the text first: ruamel's scanner spends time
    quadratic in the open flow levels before the parser yields the events `_screen` counts.
    Brackets inside quoted or plain scalars count too, which only matters past MAX_DEPTH."""
    depth = 0
    for bracket in _BRACKETS.finditer(text):
        depth = depth + 1 if bracket.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, bracket.start()) + 1
            raise InputError(path, f"nested more than {MAX_DEPTH} levels deep", line=line)


def _screen(path: Path, events: Iterable[Event]) -> None:
    """Refuse documents too deep to build or whose aliases expand beyond MAX_NODES."""
    sizes: dict[str, int] = {}  # anchor -> nodes of its value, its own aliases expanded
    open_: list[tuple[str | None, int]] = []  # (anchor, node count at its start)
    total = 0
    for event in events:
        if isinstance(event, ScalarEvent):
            total += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, AliasEvent):
            total += sizes.get(str(event.anchor), 1)  # an undefined one fails when composed
        elif isinstance(event, CollectionStartEvent):
            total += 1
            open_.append((event.anchor, total))
            if len(open_) > MAX_DEPTH:
                raise InputError(
                    path, f"nested more than {MAX_DEPTH} levels deep", line=_line(event)
                )
        elif isinstance(event, CollectionEndEvent):
            anchor, start = open_.pop()
            if anchor:
                sizes[anchor] = total - start + 1
        if total > MAX_NODES:
            raise InputError(
                path,
                f"its aliases expand to more than {MAX_NODES:,} values (an alias bomb?)",
                line=_line(event),
            )


def _line(event: Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def line_of(document: Any, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the node at `loc` (a pydantic error location), or its parent's."""
    node = document
    best: int | None = 1 if isinstance(document, CommentedMap | CommentedSeq) else None
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line, _col = node.lc.key(key)
            best = line + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, _col = node.lc.item(key)
            best = line + 1
            node = node[key]
        else:
            break
    return best


def to_plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists."""
    if isinstance(node, CommentedMap | dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq | list):
        return [to_plain(v) for v in node]
    return node


def validate(
    path: Path,
    document: Any,
    model: type[M],
    *,
    at: tuple[str | int, ...] = (),
    value: Any = None,
) -> M:
    """Validate a parsed document, turning the first error into a located InputError. With
    `at`, validate `value` (the plain data found there) instead of the whole document; the
    error still names its field and line from the document's top."""
    try:
        return model.model_validate(value if at else to_plain(document))
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        loc = (*at, *first["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        raise InputError(path, f"{field}: {first['msg']}", line=line_of(document, loc)) from None


def load_model(path: Path, model: type[M]) -> M:
    return validate(path, load_yaml(path), model)
