from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.scenario.steps import (
    Background,
    Consent,
    ConsentChoice,
    Launch,
    Stop,
    Wait,
    load_scenario,
)
from tests.conftest import REPO_ROOT


def test_standard_scenarios_parse() -> None:
    accept = load_scenario(REPO_ROOT / "scenarios" / "first-launch-accept.yaml")
    assert accept.name == "first-launch-accept"
    kinds = [type(s) for s in accept.steps]
    assert kinds == [Launch, Wait, Consent, Wait, Background, Wait, Stop]
    consent = accept.steps[2]
    assert isinstance(consent, Consent) and consent.choice is ConsentChoice.ACCEPT
    refuse = load_scenario(REPO_ROOT / "scenarios" / "first-launch-refuse.yaml")
    assert any(isinstance(s, Consent) and s.choice is ConsentChoice.REFUSE for s in refuse.steps)


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("name: x\nsteps:\n  - launch\n  - tap: ok\n", 4, "unknown step 'tap'"),
        ("name: x\nsteps:\n  - launch\n  - wait: soon\n", 4, "number of seconds"),
        ("name: x\nsteps:\n  - launch\n  - consent: maybe\n", 4, "'accept' or 'refuse'"),
        ("name: x\nsteps:\n  - launch\n  - {wait: 1, stop: null}\n", 4, "one-key mapping"),
        ("name: x\nsteps:\n  - wait: 1\n", 3, "first step must be 'launch'"),
        ("name: x\nsteps: []\n", 2, "non-empty list"),
        ("steps:\n  - launch\n", 1, "'name'"),
        ("name: x\nsteps:\n  - launch\nextra: 1\n", 4, "unknown key 'extra'"),
        ("name: x\nsteps:\n  - launch\n  - launch: now\n", 4, "takes no argument"),
    ],
)
def test_malformed_scenario_names_its_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert caught.value.line == line
    assert fragment in caught.value.describe()
