"""YAML files read with their line numbers, validated into pydantic models.

Every config the harness reads (devices.yaml, scenarios, app profiles, rule packs) goes
through `load_model`, so a mistake is reported as `file:line: what was expected` and the
CLI can exit 2 with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pydantic
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from harness.errors import InputError

M = TypeVar("M", bound=pydantic.BaseModel)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file keeping line information (ruamel round-trip nodes)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read file: {exc}") from None
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(path, f"not valid YAML: {exc.problem}", line=line) from None


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


def validate(path: Path, document: Any, model: type[M]) -> M:
    """Validate a parsed document, turning the first error into a located InputError."""
    try:
        return model.model_validate(to_plain(document))
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        raise InputError(path, f"{field}: {first['msg']}", line=line_of(document, loc)) from None


def load_model(path: Path, model: type[M]) -> M:
    return validate(path, load_yaml(path), model)
