"""The step language: every step parses to its record; every mistake names its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import PermissionAnswer
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
    Screenshot,
    Scroll,
    Stop,
    Swipe,
    Tap,
    Wait,
)
from harness.scenario.steps import load_scenario
from harness.ui.selectors import Selector
from tests.conftest import REPO_ROOT
from tests.input_errors import input_error

STANDARD = ["first-launch-refuse", "first-launch-accept", "permissions-deny", "background-idle"]


def parse(tmp_path: Path, steps: str, top: str = "") -> tuple:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: t\n{top}steps:\n  - launch\n{steps}", encoding="utf-8")
    return load_scenario(path).steps[1:]


@pytest.mark.parametrize("name", STANDARD)
def test_standard_scenarios_parse(name: str) -> None:
    scenario = load_scenario(REPO_ROOT / "scenarios" / f"{name}.yaml")
    assert scenario.name == name
    assert isinstance(scenario.steps[0], Launch) and isinstance(scenario.steps[-1], Stop)
    assert scenario.description


def test_standard_scenarios_do_what_their_names_say() -> None:
    def steps(name: str) -> tuple:
        return load_scenario(REPO_ROOT / "scenarios" / f"{name}.yaml").steps

    consents = {n: [s.choice for s in steps(n) if isinstance(s, Consent)] for n in STANDARD}
    assert consents["first-launch-refuse"] == [ConsentChoice.REFUSE]
    assert consents["first-launch-accept"] == [ConsentChoice.ACCEPT]
    assert any(isinstance(s, Explore) for s in steps("first-launch-accept"))
    deny = load_scenario(REPO_ROOT / "scenarios" / "permissions-deny.yaml")
    assert deny.permission_policy is PermissionAnswer.DENY
    idle = [s for s in steps("background-idle") if isinstance(s, Background)]
    assert idle and idle[0].seconds >= 10


def test_every_step_parses(tmp_path: Path) -> None:
    body = """\
  - wait: 1.5
  - wait: {until: {text: 首页}, timeout: 4}
  - wait: {gone: {resource_id: loading}}
  - tap: 同意
  - tap: {resource_id: "com.x:id/ok", index: 1, timeout: 2}
  - long_tap: {text_contains: 商品, duration: 1}
  - input: {text: 手机, into: {class_name: android.widget.EditText}, submit: true}
  - input: hello
  - swipe: left
  - swipe: {from: [540, 1800], to: [540, 600], duration: 0.5}
  - swipe: {direction: up, on: {resource_id: list}}
  - scroll: down
  - scroll:
      {direction: up, on: {description: 列表}, until: {text_matches: "商品 \\\\d+"}, max_swipes: 5}
  - back
  - home
  - background: 3
  - screenshot
  - screenshot: cart-page
  - consent: auto
  - consent: {choice: refuse, button: {text: 暂不使用}, timeout: 5}
  - permission: allow_foreground
  - permission: {answer: deny, timeout: 8}
  - explore: 20
  - explore: {duration: 30, seed: 7, max_depth: 2, max_actions: 50}
  - assert_foreground
  - stop
"""
    steps = parse(tmp_path, body)
    expected = [
        Wait(4, seconds=1.5),
        Wait(5, until=Selector(text="首页"), timeout=4.0),
        Wait(6, gone=Selector(resource_id="loading")),
        Tap(7, Selector(text="同意")),
        Tap(8, Selector(resource_id="com.x:id/ok", index=1), timeout=2.0),
        LongTap(9, Selector(text_contains="商品"), duration=1.0),
        Input(10, "手机", into=Selector(class_name="android.widget.EditText"), submit=True),
        Input(11, "hello"),
        Swipe(12, direction=Direction.LEFT),
        Swipe(13, start=(540, 1800), end=(540, 600), duration=0.5),
        Swipe(14, direction=Direction.UP, on=Selector(resource_id="list")),
        Scroll(15),
        Scroll(
            16,
            direction=Direction.UP,
            on=Selector(description="列表"),
            until=Selector(text_matches=r"商品 \d+"),
            max_swipes=5,
        ),
        Back(18),
        Home(19),
        Background(20, 3.0),
        Screenshot(21),
        Screenshot(22, "cart-page"),
        Consent(23, ConsentChoice.AUTO),
        Consent(24, ConsentChoice.REFUSE, Selector(text="暂不使用"), 5.0),
        Permission(25, PermissionAnswer.ALLOW_FOREGROUND),
        Permission(26, PermissionAnswer.DENY, 8.0),
        Explore(27, 20.0),
        Explore(28, 30.0, seed=7, max_depth=2, max_actions=50),
        AssertForeground(29),
        Stop(30),
    ]
    assert list(steps) == expected


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("  - fly: 1\n", 4, "unknown step 'fly'"),
        ("  - wait: soon\n", 4, "number of seconds"),
        ("  - wait: -1\n", 4, "number of seconds"),
        ("  - wait: {until: {text: a}, gone: {text: b}}\n", 4, "one of 'until' or 'gone'"),
        ("  - consent: maybe\n", 4, "'accept', 'refuse' or 'auto'"),
        ("  - consent: {choice: auto, button: {text: 好}}\n", 4, "not auto"),
        ("  - {wait: 1, stop: null}\n", 4, "one-key mapping"),
        ("  - launch: now\n", 4, "takes no argument"),
        ("  - launch\n", 4, "only be the first step"),
        ("  - tap: {txt: 同意}\n", 4, "unknown selector key 'txt'"),
        ("  - tap: {index: 2}\n", 4, "needs at least one of"),
        ("  - tap: {text_matches: '('}\n", 4, "not a regular expression"),
        ("  - tap: {text: ''}\n", 4, "non-empty text"),
        ("  - tap: {text: a, index: -1}\n", 4, "whole number >= 0"),
        ("  - permission: maybe\n", 4, "allow | deny | allow_foreground"),
        ("  - permission: unanswered\n", 4, "allow | deny | allow_foreground"),
        ("  - swipe: sideways\n", 4, "up | down | left | right"),
        ("  - swipe: {from: [1, 2]}\n", 4, "both 'from' and 'to'"),
        ("  - scroll: left\n", 4, "down | up"),
        ("  - explore: {seed: 1}\n", 4, "needs 'duration'"),
        ("  - explore: {duration: 0}\n", 4, "> 0"),
        ("  - screenshot: a/b\n", 4, "letters, digits"),
        ("  - input: {into: {text: a}}\n", 4, "needs 'text'"),
        # Options on their own lines: the line of the option at fault.
        ("  - explore:\n      duration: 5\n      max_depth: 0\n", 6, "max_depth takes a whole"),
        ("  - swipe:\n      from: [1, 2]\n      to: [1]\n", 6, "'to' takes a point"),
        ("  - input:\n      text: a\n      submit: yes please\n", 6, "true or false"),
        ("  - tap:\n      text: a\n      colour: red\n", 6, "unknown selector key 'colour'"),
    ],
)
def test_malformed_step_names_its_line(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(tmp_path, body)
    assert caught.value.line == line, caught.value.describe()
    assert fragment in caught.value.describe()


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("name: x\nsteps:\n  - wait: 1\n", 3, "first step must be 'launch'"),
        ("name: x\nsteps: []\n", 2, "non-empty list"),
        ("steps:\n  - launch\n", 1, "'name'"),
        ("name: x\nsteps:\n  - launch\nextra: 1\n", 4, "unknown key 'extra'"),
        ("name: x\npermission_policy: ask\nsteps:\n  - launch\n", 2, "permission_policy takes"),
        ("name: x\nsteps:\n  - launch\n  - wait: [1\n", 5, "not valid YAML"),
    ],
)
def test_malformed_scenario_names_its_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    error = input_error(load_scenario, tmp_path / "bad.yaml", text)
    assert error.line == line
    assert fragment in error.describe()


def test_cli_exits_2_naming_file_and_line_before_anything_runs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - launch\n  - wait: 1\n  - tapp: 同意\n", encoding="utf-8")
    out = tmp_path / "evidence"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness",
            "run",
            "calibration",
            "--scenario",
            str(bad),
            "--out",
            str(out),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"{bad}:5: unknown step 'tapp'" in result.stderr
    assert not out.exists()  # nothing ran, nothing was written
