"""Scenario files: YAML steps parsed into typed records, checked before anything runs.

A step is a one-key mapping (`- wait: 2`) or a bare name (`- launch`). Every mistake is
reported with the file, the line of the step and what was expected.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from harness.errors import InputError
from harness.yamlfile import line_of, load_yaml


class ConsentChoice(enum.StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Launch:
    line: int


@dataclass(frozen=True, slots=True)
class Wait:
    line: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Consent:
    line: int
    choice: ConsentChoice


@dataclass(frozen=True, slots=True)
class Background:
    line: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Stop:
    line: int


Step = Launch | Wait | Consent | Background | Stop


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    path: Path
    steps: tuple[Step, ...]


def _seconds(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{what} takes a number of seconds >= 0, got {value!r}")
    return float(value)


def _no_arg(value: Any, name: str) -> None:
    if value not in (None, {}):
        raise ValueError(f"'{name}' takes no argument, got {value!r}")


def _launch(line: int, value: Any) -> Step:
    _no_arg(value, "launch")
    return Launch(line)


def _wait(line: int, value: Any) -> Step:
    return Wait(line, _seconds(value, "wait"))


def _consent(line: int, value: Any) -> Step:
    try:
        return Consent(line, ConsentChoice(value))
    except ValueError:
        raise ValueError(f"consent takes 'accept' or 'refuse', got {value!r}") from None


def _background(line: int, value: Any) -> Step:
    return Background(line, _seconds(value, "background"))


def _stop(line: int, value: Any) -> Step:
    _no_arg(value, "stop")
    return Stop(line)


StepParser = Callable[[int, Any], Step]

STEP_PARSERS: dict[str, StepParser] = {
    "launch": _launch,
    "wait": _wait,
    "consent": _consent,
    "background": _background,
    "stop": _stop,
}


def _parse_step(path: Path, document: Any, index: int, raw: Any) -> Step:
    line = line_of(document, ("steps", index)) or 1
    if isinstance(raw, str):
        name, value = raw, None
    elif isinstance(raw, CommentedMap) and len(raw) == 1:
        name, value = next(iter(raw.items()))
    else:
        raise InputError(path, "a step is a step name or a one-key mapping like 'wait: 2'", line)
    parser = STEP_PARSERS.get(str(name))
    if parser is None:
        known = ", ".join(sorted(STEP_PARSERS))
        raise InputError(path, f"unknown step '{name}' (known steps: {known})", line)
    try:
        return parser(line, value)
    except ValueError as exc:
        raise InputError(path, str(exc), line) from None


def load_scenario(path: Path) -> Scenario:
    document = load_yaml(path)
    if not isinstance(document, CommentedMap):
        raise InputError(path, "a scenario is a mapping with 'name' and 'steps'", 1)
    unknown = set(document) - {"name", "description", "steps"}
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(
            path,
            f"unknown key '{key}' (expected name, description, steps)",
            line_of(document, (key,)),
        )
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise InputError(path, "'name' must be a non-empty string", line_of(document, ("name",)))
    steps = document.get("steps")
    if not isinstance(steps, CommentedSeq) or not steps:
        raise InputError(path, "'steps' must be a non-empty list", line_of(document, ("steps",)))
    parsed = tuple(_parse_step(path, document, i, raw) for i, raw in enumerate(steps))
    if not isinstance(parsed[0], Launch):
        raise InputError(path, "the first step must be 'launch'", parsed[0].line)
    return Scenario(name=name, path=path, steps=parsed)
