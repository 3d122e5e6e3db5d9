"""The `upgrade` step: parsed (a `launch` may follow it), run against an app that can
install its next version (grants recorded before and after) and one that cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import GrantState, MarkerKind
from harness.scenario.context import Upgraded
from harness.scenario.language import Launch, Upgrade
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from tests.scenario.fakes import MAIN, Evidence, FakeApp, FakePhone, FakeTime

LOC = "android.permission.ACCESS_FINE_LOCATION"
BODY = "  - launch\n  - upgrade\n  - launch\n  - stop\n"


class UpgradableFakeApp(FakeApp):
    def __init__(self, phone: FakePhone) -> None:
        super().__init__(phone)
        self.upgrades = 0

    def upgrade(self) -> Upgraded:
        self.upgrades += 1
        return Upgraded(
            700.0, "1.0", "2.0", {LOC: GrantState(True, True)}, {LOC: GrantState(False, False)}
        )


def _scenario(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nsteps:\n" + body, encoding="utf-8")
    return path


def _run(tmp_path: Path, app: FakeApp) -> tuple[ScenarioRunner, Evidence]:
    clock = FakeTime()
    evidence = Evidence()
    runner = ScenarioRunner(
        app, evidence, None, clock.sleep, clock.monotonic, lambda: app.phone.clock
    )
    runner.run(load_scenario(_scenario(tmp_path, BODY)))
    return runner, evidence


def _phone() -> FakePhone:
    return FakePhone(screens={"main": MAIN}, taps={}, current="main")


def test_a_launch_may_follow_an_upgrade_and_nothing_else(tmp_path: Path) -> None:
    steps = load_scenario(_scenario(tmp_path, BODY)).steps
    assert [type(s) for s in steps[:3]] == [Launch, Upgrade, Launch]
    with pytest.raises(InputError, match="'launch' may only be the first step, or follow"):
        load_scenario(_scenario(tmp_path, "  - launch\n  - wait: 1\n  - launch\n"))


def test_the_upgrade_is_recorded_with_both_grant_tables(tmp_path: Path) -> None:
    app = UpgradableFakeApp(_phone())
    runner, evidence = _run(tmp_path, app)
    assert app.upgrades == 1
    (upgrade,) = runner.upgrades
    assert (upgrade.from_version, upgrade.to_version, upgrade.ts) == ("1.0", "2.0", 700.0)
    assert upgrade.before == ((LOC, GrantState(True, True)),)
    assert upgrade.after == ((LOC, GrantState(False, False)),)
    (marker,) = [m for m in runner.markers if m.kind is MarkerKind.APP_UPGRADED]
    assert marker.ts == 700.0 and "1.0 -> 2.0" in marker.detail
    assert marker.evidence == upgrade.evidence
    table = json.loads(evidence.files["upgrade/01-grants.json"])
    assert table["before"][LOC] == {"granted": True, "user_set": True}
    assert any(name.endswith("-upgrade.xml") for name in marker.evidence)
    launches = [m for m in runner.markers if m.kind is MarkerKind.LAUNCH]
    assert len(launches) == 2


def test_an_app_that_cannot_upgrade_fails_the_step_and_goes_on(tmp_path: Path) -> None:
    runner, _ = _run(tmp_path, FakeApp(_phone()))
    assert runner.upgrades == []
    failed = [m for m in runner.markers if m.kind is MarkerKind.STEP_FAILED]
    assert len(failed) == 1 and "cannot install another version" in failed[0].detail
    assert [m.kind for m in runner.markers][-1] is MarkerKind.STOP
