"""Scenario files: YAML steps parsed into typed records, checked before anything runs.

A step is a one-key mapping (`- wait: 2`) or a bare name (`- launch`). Every mistake is
reported with the file, the line (of the step, or of the option at fault) and what was
expected; nothing runs until the whole file is good.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from harness.errors import InputError
from harness.scenario.language import (
    AssertForeground,
    Back,
    Background,
    Consent,
    ConsentChoice,
    Direction,
    Explore,
    Home,
    Input,
    Launch,
    LongTap,
    Permission,
    PolicyReach,
    PopupProbe,
    ProbeSelfStart,
    Scenario,
    Screenshot,
    Scroll,
    Step,
    Stop,
    Swipe,
    Tap,
    Upgrade,
    Wait,
    Withdraw,
)
from harness.scenario.values import (
    StepError,
    as_choice,
    as_direction,
    as_options,
    as_point,
    as_seconds,
    as_selector,
    as_text,
    as_whole,
    opt_bool,
    opt_seconds,
    opt_whole,
    option,
    permission_answer,
)
from harness.ui.selectors import Selector
from harness.yamlfile import line_of, load_yaml


def _no_arg(name: str) -> Callable[[int, Any], Step]:
    kinds: dict[str, Callable[[int], Step]] = {
        "launch": Launch,
        "back": Back,
        "home": Home,
        "assert_foreground": AssertForeground,
        "upgrade": Upgrade,
        "stop": Stop,
    }

    def parse(line: int, value: Any) -> Step:
        if value not in (None, {}):
            raise StepError(f"'{name}' takes no argument, got {value!r}")
        return kinds[name](line)

    return parse


def _wait(line: int, value: Any) -> Step:
    if not isinstance(value, Mapping):
        return Wait(line, seconds=as_seconds(value, "wait"))
    opts = as_options(value, "wait", ("until", "gone", "timeout"))
    if ("until" in opts) == ("gone" in opts):
        raise StepError("wait takes seconds, or a mapping with one of 'until' or 'gone'")
    timeout = opt_seconds(opts, "timeout", "wait timeout", 10)
    key = "until" if "until" in opts else "gone"
    selector, _ = as_selector(opts[key], f"wait {key}", key)
    if key == "until":
        return Wait(line, until=selector, timeout=timeout)
    return Wait(line, gone=selector, timeout=timeout)


def _tap(line: int, value: Any) -> Step:
    selector, opts = as_selector(value, "tap", extra=("timeout",))
    return Tap(line, selector, opt_seconds(opts, "timeout", "tap timeout", 5))


def _long_tap(line: int, value: Any) -> Step:
    selector, opts = as_selector(value, "long_tap", extra=("timeout", "duration"))
    return LongTap(
        line,
        selector,
        timeout=opt_seconds(opts, "timeout", "long_tap timeout", 5),
        duration=opt_seconds(opts, "duration", "long_tap duration", 0.8),
    )


def _input(line: int, value: Any) -> Step:
    if isinstance(value, str):
        return Input(line, value)
    opts = as_options(value, "input", ("text", "into", "clear", "submit", "timeout"), ("text",))
    into = as_selector(opts["into"], "input into", "into")[0] if "into" in opts else None
    return Input(
        line,
        option(opts, "text", lambda v: as_text(v, "input 'text'")),
        into=into,
        clear=opt_bool(opts, "clear", "input 'clear'", True),
        submit=opt_bool(opts, "submit", "input 'submit'", False),
        timeout=opt_seconds(opts, "timeout", "input timeout", 5),
    )


def _swipe(line: int, value: Any) -> Step:
    every = tuple(Direction)
    if not isinstance(value, Mapping):
        return Swipe(line, direction=as_direction(value, "swipe", every))
    opts = as_options(value, "swipe", ("direction", "from", "to", "on", "duration"))
    duration = opt_seconds(opts, "duration", "swipe duration", 0.3)
    if "direction" in opts:
        if "from" in opts or "to" in opts:
            raise StepError("swipe takes a 'direction' or 'from' and 'to', not both")
        on = as_selector(opts["on"], "swipe on", "on")[0] if "on" in opts else None
        direction = option(opts, "direction", lambda v: as_direction(v, "swipe", every))
        return Swipe(line, direction=direction, on=on, duration=duration)
    if "from" not in opts or "to" not in opts or "on" in opts:
        raise StepError("swipe takes a 'direction' (optionally 'on'), or both 'from' and 'to'")
    start = option(opts, "from", lambda v: as_point(v, "from"))
    end = option(opts, "to", lambda v: as_point(v, "to"))
    return Swipe(line, start=start, end=end, duration=duration)


def _scroll(line: int, value: Any) -> Step:
    vertical = (Direction.DOWN, Direction.UP)
    if not isinstance(value, Mapping):
        return Scroll(line, direction=as_direction(value, "scroll", vertical))
    opts = as_options(value, "scroll", ("direction", "on", "until", "max_swipes"))
    return Scroll(
        line,
        direction=option(
            opts, "direction", lambda v: as_direction(v, "scroll", vertical), Direction.DOWN
        ),
        on=as_selector(opts["on"], "scroll on", "on")[0] if "on" in opts else None,
        until=as_selector(opts["until"], "scroll until", "until")[0] if "until" in opts else None,
        max_swipes=opt_whole(opts, "max_swipes", "scroll max_swipes", 1, 10),
    )


def _background(line: int, value: Any) -> Step:
    return Background(line, as_seconds(value, "background"))


def _screenshot(line: int, value: Any) -> Step:
    if value is None:
        return Screenshot(line)
    if not isinstance(value, str) or not value.replace("-", "").replace("_", "").isalnum():
        raise StepError(f"screenshot takes a name of letters, digits, - and _, got {value!r}")
    return Screenshot(line, value)


def _consent(line: int, value: Any) -> Step:
    if not isinstance(value, Mapping):
        return Consent(line, as_choice(value))
    opts = as_options(value, "consent", ("choice", "button", "timeout"), ("choice",))
    choice = option(opts, "choice", as_choice)
    button = None
    if "button" in opts:
        if choice is ConsentChoice.AUTO:
            raise StepError("consent 'button' needs choice accept or refuse, not auto", "button")
        button = as_selector(opts["button"], "consent button", "button")[0]
    return Consent(line, choice, button, opt_seconds(opts, "timeout", "consent timeout", 10))


def _permission(line: int, value: Any) -> Step:
    if not isinstance(value, Mapping):
        return Permission(line, permission_answer(value))
    opts = as_options(value, "permission", ("answer", "timeout"), ("answer",))
    return Permission(
        line,
        option(opts, "answer", permission_answer),
        opt_seconds(opts, "timeout", "permission timeout", 5),
    )


def _explore(line: int, value: Any) -> Step:
    if not isinstance(value, Mapping):
        return Explore(line, as_seconds(value, "explore", positive=True))
    keys = ("duration", "seed", "max_depth", "max_actions")
    opts = as_options(value, "explore", keys, ("duration",))
    return Explore(
        line,
        duration=opt_seconds(opts, "duration", "explore duration", 0),
        seed=opt_whole(opts, "seed", "explore seed", 0, 0),
        max_depth=opt_whole(opts, "max_depth", "explore max_depth", 1, 3),
        max_actions=option(opts, "max_actions", lambda v: as_whole(v, "explore max_actions", 1)),
    )


def _via(value: Any) -> tuple[Selector, ...]:
    if not isinstance(value, list) or not value:
        raise StepError(f"withdraw 'via' takes a list of selectors, got {value!r}")
    return tuple(as_selector(item, "withdraw via", str(i))[0] for i, item in enumerate(value))


def _withdraw(line: int, value: Any) -> Step:
    if value in (None, {}):
        return Withdraw(line)
    opts = as_options(value, "withdraw", ("via", "button", "max_depth", "max_taps"))
    button = (
        as_selector(opts["button"], "withdraw button", "button")[0] if "button" in opts else None
    )
    return Withdraw(
        line,
        via=option(opts, "via", _via, ()),
        button=button,
        max_depth=option(opts, "max_depth", lambda v: as_whole(v, "withdraw max_depth", 1)),
        max_taps=option(opts, "max_taps", lambda v: as_whole(v, "withdraw max_taps", 1)),
    )


_ACTION = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$")


def _broadcasts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise StepError(f"probe_self_start 'broadcasts' takes a list of actions, got {value!r}")
    for action in value:
        if not isinstance(action, str) or not _ACTION.match(action):
            raise StepError(
                "probe_self_start 'broadcasts' takes intent actions like "
                f"android.intent.action.BOOT_COMPLETED, got {action!r}"
            )
    return tuple(value)


def _probe(line: int, value: Any) -> Step:
    if value in (None, {}):
        return ProbeSelfStart(line)
    opts = as_options(value, "probe_self_start", ("broadcasts", "watch"))
    return ProbeSelfStart(
        line,
        broadcasts=option(opts, "broadcasts", _broadcasts, ()),
        watch=opt_seconds(opts, "watch", "probe_self_start watch", 3),
    )


def _policy_reach(line: int, value: Any) -> Step:
    if value is None:
        return PolicyReach(line)
    opts = as_options(value, "policy_reach", ("max_taps", "max_actions", "duration"))
    return PolicyReach(
        line,
        max_taps=opt_whole(opts, "max_taps", "policy_reach max_taps", 1, 6),
        max_actions=opt_whole(opts, "max_actions", "policy_reach max_actions", 1, 60),
        duration=opt_seconds(opts, "duration", "policy_reach duration", 90),
    )


def _popup_probe(line: int, value: Any) -> Step:
    if value is None:
        return PopupProbe(line)
    opts = as_options(value, "popup_probe", ("timeout",))
    return PopupProbe(line, timeout=opt_seconds(opts, "timeout", "popup_probe timeout", 5))


StepParser = Callable[[int, Any], Step]

STEP_PARSERS: dict[str, StepParser] = {
    "launch": _no_arg("launch"),
    "wait": _wait,
    "tap": _tap,
    "long_tap": _long_tap,
    "input": _input,
    "swipe": _swipe,
    "scroll": _scroll,
    "back": _no_arg("back"),
    "home": _no_arg("home"),
    "background": _background,
    "screenshot": _screenshot,
    "consent": _consent,
    "permission": _permission,
    "explore": _explore,
    "withdraw": _withdraw,
    "probe_self_start": _probe,
    "assert_foreground": _no_arg("assert_foreground"),
    "upgrade": _no_arg("upgrade"),
    "stop": _no_arg("stop"),
    "policy_reach": _policy_reach,
    "popup_probe": _popup_probe,
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
    except StepError as exc:
        where = line
        if exc.key:
            where = line_of(document, ("steps", index, str(name), *exc.key)) or line
        raise InputError(path, str(exc), where) from None


_TOP_KEYS = ("name", "description", "permission_policy", "steps")


def load_scenario(path: Path) -> Scenario:
    document = load_yaml(path)
    if not isinstance(document, CommentedMap):
        raise InputError(path, "a scenario is a mapping with 'name' and 'steps'", 1)
    unknown = [k for k in document if k not in _TOP_KEYS]
    if unknown:
        key = unknown[0]
        raise InputError(
            path,
            f"unknown key '{key}' (expected {', '.join(_TOP_KEYS)})",
            line_of(document, (key,)),
        )
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise InputError(path, "'name' must be a non-empty string", line_of(document, ("name",)))
    description = document.get("description", "")
    if not isinstance(description, str):
        raise InputError(path, "'description' must be a text", line_of(document, ("description",)))
    policy = None
    if "permission_policy" in document:
        try:
            policy = permission_answer(document["permission_policy"], "permission_policy")
        except StepError as exc:
            raise InputError(path, str(exc), line_of(document, ("permission_policy",))) from None
    steps = document.get("steps")
    if not isinstance(steps, CommentedSeq) or not steps:
        raise InputError(path, "'steps' must be a non-empty list", line_of(document, ("steps",)))
    parsed = tuple(_parse_step(path, document, i, raw) for i, raw in enumerate(steps))
    if not isinstance(parsed[0], Launch):
        raise InputError(path, "the first step must be 'launch'", parsed[0].line)
    for previous, step in itertools.pairwise(parsed):
        # After an upgrade the app is stopped: a launch starts version N+1.
        if isinstance(step, Launch) and not isinstance(previous, Upgrade):
            raise InputError(
                path, "'launch' may only be the first step, or follow 'upgrade'", step.line
            )
    probes = [i for i, step in enumerate(parsed) if isinstance(step, ProbeSelfStart)]
    if probes and any(not isinstance(step, Stop) for step in parsed[probes[0] + 1 :]):
        raise InputError(
            path,
            "probe_self_start leaves the app stopped: it must be the last step (only 'stop' "
            "may follow)",
            parsed[probes[0]].line,
        )
    return Scenario(
        name=name,
        path=path,
        steps=parsed,
        description=description.strip(),
        permission_policy=policy,
    )
