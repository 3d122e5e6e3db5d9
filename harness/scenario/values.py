"""The values a scenario step takes, checked one by one: seconds, counts, flags, directions,
points, selectors, consent and permission answers, and the option mappings that hold them.

Each check raises StepError saying what was expected; `key` is the path of the option at
fault, so the error can name its line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from harness.model import PermissionAnswer
from harness.scenario.language import PERMISSION_CHOICES, ConsentChoice, Direction
from harness.ui.selectors import Selector, SelectorError, parse_selector

_MAX_SECONDS = 3600.0


class StepError(ValueError):
    """A step's value is wrong; `key` is the path to the option at fault, for its line."""

    def __init__(self, message: str, key: str | tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.key: tuple[str, ...] = (key,) if isinstance(key, str) else (key or ())


def option(
    opts: Mapping[str, Any], key: str, convert: Callable[[Any], Any], default: Any = None
) -> Any:
    """opts[key] converted (or the default when absent); an error names the key's line."""
    if key not in opts:
        return default
    try:
        return convert(opts[key])
    except StepError as exc:
        raise StepError(str(exc), (key, *exc.key)) from None


def as_seconds(value: Any, what: str, *, positive: bool = False) -> float:
    ok = not isinstance(value, bool) and isinstance(value, int | float)
    if not ok or value < 0 or (positive and value == 0) or value > _MAX_SECONDS:
        low = "> 0" if positive else ">= 0"
        raise StepError(f"{what} takes a number of seconds {low} and <= 3600, got {value!r}")
    return float(value)


def opt_seconds(opts: Mapping[str, Any], key: str, what: str, default: float) -> float:
    value: float = option(opts, key, lambda v: as_seconds(v, what, positive=True), float(default))
    return value


def opt_whole(opts: Mapping[str, Any], key: str, what: str, minimum: int, default: int) -> int:
    value: int = option(opts, key, lambda v: as_whole(v, what, minimum), default)
    return value


def opt_bool(opts: Mapping[str, Any], key: str, what: str, default: bool) -> bool:
    value: bool = option(opts, key, lambda v: as_flag(v, what), default)
    return value


def as_whole(value: Any, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise StepError(f"{what} takes a whole number >= {minimum}, got {value!r}")
    return value


def as_options(
    value: Any, step: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise StepError(f"'{step}' takes a mapping with: {', '.join(allowed)}; got {value!r}")
    options = {str(k): v for k, v in value.items()}
    for key in options:
        if key not in allowed:
            raise StepError(f"'{step}' has no option '{key}' (expected {', '.join(allowed)})", key)
    for key in required:
        if key not in options:
            raise StepError(f"'{step}' needs '{key}'")
    return options


def as_selector(
    value: Any, step: str, key: str | None = None, extra: tuple[str, ...] = ()
) -> tuple[Selector, dict[str, Any]]:
    try:
        return parse_selector(value, extra=extra)
    except SelectorError as exc:
        path = tuple(k for k in (key, exc.key) if k is not None)
        raise StepError(f"{step}: {exc}", path) from None


def as_flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise StepError(f"{what} takes true or false, got {value!r}")
    return value


def as_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise StepError(f"{what} takes a text, got {value!r}")
    return value


def as_direction(value: Any, what: str, allowed: tuple[Direction, ...]) -> Direction:
    names = " | ".join(d.value for d in allowed)
    try:
        direction = Direction(value)
    except ValueError:
        raise StepError(f"{what} takes a direction ({names}), got {value!r}") from None
    if direction not in allowed:
        raise StepError(f"{what} takes a direction ({names}), got {value!r}")
    return direction


def as_point(value: Any, what: str) -> tuple[int, int]:
    ok = isinstance(value, list | tuple) and len(value) == 2
    if not ok or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise StepError(f"swipe '{what}' takes a point [x, y] in pixels, got {value!r}")
    return (value[0], value[1])


def as_choice(value: Any) -> ConsentChoice:
    try:
        return ConsentChoice(value)
    except ValueError:
        raise StepError(f"consent takes 'accept', 'refuse' or 'auto', got {value!r}") from None


def permission_answer(value: Any, what: str = "permission") -> PermissionAnswer:
    names = " | ".join(a.value for a in PERMISSION_CHOICES)
    try:
        answer = PermissionAnswer(value)
    except ValueError:
        raise StepError(f"{what} takes {names}, got {value!r}") from None
    if answer not in PERMISSION_CHOICES:
        raise StepError(f"{what} takes {names}, got {value!r}")
    return answer
