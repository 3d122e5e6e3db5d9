"""The scenario runner over a scripted phone: markers, evidence, dialogs, leaving, dying."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.model import MarkerKind, PermissionAnswer
from harness.scenario.context import RunnerSettings
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from tests.scenario.fakes import (
    ABOUT,
    MAIN,
    PKG,
    PRIVACY,
    Evidence,
    FakeApp,
    FakePhone,
    FakeTime,
    permission_dialog,
)


def phone(**kwargs: object) -> FakePhone:
    made = FakePhone(
        screens={"privacy": PRIVACY, "main": MAIN, "about": ABOUT, "refused": MAIN},
        taps={
            "privacy": {f"{PKG}:id/yes": "main", f"{PKG}:id/no": "refused"},
            "main": {f"{PKG}:id/about": "about"},
        },
        on_back={"about": "main"},
    )
    for key, value in kwargs.items():
        setattr(made, key, value)
    return made


def run(
    tmp_path: Path, body: str, device: FakePhone, settings: RunnerSettings | None = None
) -> tuple[ScenarioRunner, Evidence]:
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nsteps:\n" + body, encoding="utf-8")
    scenario = load_scenario(path)
    clock = FakeTime()
    evidence = Evidence()
    runner = ScenarioRunner(
        FakeApp(device), evidence, settings, clock.sleep, clock.monotonic, lambda: device.clock
    )
    runner.run(scenario)
    return runner, evidence


def kinds(runner: ScenarioRunner) -> list[MarkerKind]:
    return [m.kind for m in runner.markers]


def test_consent_marker_carries_the_tap_instant_and_its_screen(tmp_path: Path) -> None:
    device = phone()
    runner, evidence = run(tmp_path, "  - launch\n  - consent: accept\n  - stop\n", device)
    assert kinds(runner) == [MarkerKind.LAUNCH, MarkerKind.CONSENT_ACCEPT, MarkerKind.STOP]
    launch, accept, stop = runner.markers
    assert launch.ts == 500.0 and stop.ts == 9999.0
    click = next(i for i, a in enumerate(device.actions) if a[0] == "click")
    assert device.actions[click] == ("click", (780, 1550))  # the centre of 同意
    assert accept.ts == 1000.0 + click + 1  # the instant the click returned, not "now"
    assert "'同意'" in accept.detail and "line 4" in accept.detail
    xml, png = accept.evidence
    assert xml.endswith("-consent-accept.xml") and png.endswith("-consent-accept.png")
    assert "同意" in evidence.files[xml].decode() and evidence.files[png].startswith(b"\x89PNG")
    assert device.current == "main"


def test_refuse_taps_the_refuse_button(tmp_path: Path) -> None:
    device = phone()
    runner, _ = run(tmp_path, "  - launch\n  - consent: refuse\n", device)
    assert MarkerKind.CONSENT_REFUSE in kinds(runner)
    assert device.current == "refused"


def test_no_dialog_is_recorded_with_the_screen(tmp_path: Path) -> None:
    device = phone(current="main")
    body = "  - launch\n  - consent: {choice: accept, timeout: 3}\n"
    runner, evidence = run(tmp_path, body, device)
    not_found = next(m for m in runner.markers if m.kind is MarkerKind.CONSENT_NOT_FOUND)
    assert "within 3 s" in not_found.detail
    assert not_found.evidence and "首页" in evidence.files[not_found.evidence[0]].decode()
    assert not [a for a in device.actions if a[0] == "click"]


def test_explicit_button_selector_overrides_detection(tmp_path: Path) -> None:
    # A dialog the detector would not call a consent dialog: the selector finds the button.
    device = phone(current="main")
    body = "  - launch\n  - consent: {choice: accept, button: {resource_id: about}}\n"
    runner, _ = run(tmp_path, body, device)
    assert MarkerKind.CONSENT_ACCEPT in kinds(runner)
    assert device.current == "about"


def test_unasked_permission_dialog_gets_the_policy_and_is_recorded(tmp_path: Path) -> None:
    device = phone(dialog=permission_dialog())
    runner, evidence = run(tmp_path, "  - launch\n  - wait: 1\n  - consent: accept\n", device)
    assert device.dialog_answers == ["permission_deny_button"]  # the default policy: deny
    (prompt,) = runner.prompts
    assert prompt.permission == "android.permission-group.LOCATION"
    assert prompt.answer is PermissionAnswer.DENY
    assert prompt.package == "com.google.android.permissioncontroller"
    accept = next(m for m in runner.markers if m.kind is MarkerKind.CONSENT_ACCEPT)
    assert prompt.answered_ts is not None and prompt.ts < prompt.answered_ts < accept.ts
    assert any("permission_message" in evidence.files[f].decode() for f in prompt.evidence)


@pytest.mark.parametrize(
    ("policy", "button"),
    [
        ("allow", "permission_allow_foreground_only_button"),  # no plain "allow": closest
        ("allow_foreground", "permission_allow_foreground_only_button"),
    ],
)
def test_scenario_policy_overrides_the_session_default(
    tmp_path: Path, policy: str, button: str
) -> None:
    device = phone(dialog=permission_dialog())
    path = tmp_path / "s.yaml"
    path.write_text(f"name: t\npermission_policy: {policy}\nsteps:\n  - launch\n  - wait: 1\n")
    clock = FakeTime()
    runner = ScenarioRunner(
        FakeApp(device), Evidence(), None, clock.sleep, clock.monotonic, lambda: device.clock
    )
    runner.run(load_scenario(path))
    assert device.dialog_answers == [button]
    assert runner.prompts[0].answer is PermissionAnswer.ALLOW_FOREGROUND


def test_session_default_policy_applies_without_a_scenario_policy(tmp_path: Path) -> None:
    device = phone(dialog=permission_dialog())
    settings = RunnerSettings(permission_policy=PermissionAnswer.ALLOW)
    run(tmp_path, "  - launch\n  - wait: 1\n", device, settings)
    assert device.dialog_answers == ["permission_allow_foreground_only_button"]


def test_permission_step_answers_what_it_was_told(tmp_path: Path) -> None:
    device = phone(dialog=permission_dialog("要允许“示例”录制音频吗？"))
    settings = RunnerSettings(permission_policy=PermissionAnswer.DENY)
    runner, _ = run(tmp_path, "  - launch\n  - permission: allow_foreground\n", device, settings)
    assert device.dialog_answers == ["permission_allow_foreground_only_button"]
    assert runner.prompts[0].permission == "android.permission-group.MICROPHONE"
    assert "asked by the scenario" in runner.markers[1].detail


def test_permission_step_without_a_dialog_says_so(tmp_path: Path) -> None:
    runner, _ = run(tmp_path, "  - launch\n  - permission: {answer: deny, timeout: 2}\n", phone())
    assert not runner.prompts
    assert "no permission dialog within 2 s" in runner.markers[1].detail


def test_missing_target_fails_the_step_not_the_scenario(tmp_path: Path) -> None:
    device = phone(current="main")
    body = "  - launch\n  - tap: {text: 购物车, timeout: 1}\n  - tap: 关于\n"
    runner, _ = run(tmp_path, body, device)
    failed = [m for m in runner.markers if m.kind is MarkerKind.STEP_FAILED]
    assert len(failed) == 1 and "line 4" in failed[0].detail and "购物车" in failed[0].detail
    assert device.current == "about"  # the next step still ran


def test_home_marks_background_and_the_next_tap_brings_the_app_back(tmp_path: Path) -> None:
    device = phone(current="main")
    body = "  - launch\n  - home\n  - wait: 1\n  - tap: 关于\n"
    runner, _ = run(tmp_path, body, device)
    got = kinds(runner)
    start = got.index(MarkerKind.BACKGROUND_START)
    end = got.index(MarkerKind.BACKGROUND_END)
    assert start < end < len(got) - 2
    home = next(a for a in device.actions if a == ("press", "HOME"))
    assert runner.markers[start].ts == 1000.0 + device.actions.index(home) + 1
    assert device.current == "about"


def test_back_that_leaves_the_app_is_marked_at_the_back_press(tmp_path: Path) -> None:
    device = phone(current="main")
    runner, _ = run(tmp_path, "  - launch\n  - back\n  - tap: 关于\n", device)
    start = next(m for m in runner.markers if m.kind is MarkerKind.BACKGROUND_START)
    back = next(m for m in runner.markers if m.detail.endswith(": back"))
    assert start.ts == back.ts and "after back" in start.detail
    assert MarkerKind.BACKGROUND_END in kinds(runner)


def test_background_step_marks_both_ends(tmp_path: Path) -> None:
    device = phone(current="main")
    runner, _ = run(tmp_path, "  - launch\n  - background: 5\n", device)
    start, end = (m for m in runner.markers if m.kind.name.startswith("BACKGROUND"))
    assert start.kind is MarkerKind.BACKGROUND_START and end.kind is MarkerKind.BACKGROUND_END
    assert start.ts < end.ts and device.foreground


def test_app_exit_is_recorded_and_the_rest_skipped(tmp_path: Path) -> None:
    device = phone(current="main")
    device.taps["main"][f"{PKG}:id/exit"] = device.die
    body = "  - launch\n  - tap: 退出\n  - wait: 2\n  - tap: 关于\n  - stop\n"
    runner, _ = run(tmp_path, body, device)
    assert kinds(runner)[-2:] == [MarkerKind.APP_EXITED, MarkerKind.STOP]
    assert not [m for m in runner.markers if "关于" in m.detail]


def test_assert_foreground(tmp_path: Path) -> None:
    device = phone(current="main")
    runner, _ = run(
        tmp_path, "  - launch\n  - assert_foreground\n  - home\n  - assert_foreground\n", device
    )
    asserts = [m for m in runner.markers if "assert_foreground" in m.detail]
    assert [m.kind for m in asserts] == [MarkerKind.STEP, MarkerKind.STEP_FAILED]
    assert "com.android.launcher3" in asserts[1].detail


def test_every_step_leaves_a_dump_and_a_screenshot(tmp_path: Path) -> None:
    device = phone()
    body = (
        "  - launch\n  - wait: 1\n  - consent: accept\n  - tap: 关于\n  - back\n"
        "  - swipe: up\n  - screenshot: mine\n  - input: hello\n  - background: 1\n"
        "  - explore: {duration: 60, max_actions: 2}\n  - stop\n"
    )
    runner, evidence = run(tmp_path, body, device)
    step_markers = [m for m in runner.markers if m.kind is not MarkerKind.BACKGROUND_END]
    # 10 steps, plus the explorer's start, 2 actions and end.
    assert len(step_markers) == 14
    for marker in step_markers:
        names = sorted(marker.evidence)
        assert len(names) == 2, marker
        assert names[0].endswith(".png") and names[1].endswith(".xml")
        assert names[0][:-4] == names[1][:-4]
    assert ("input", "hello") in device.actions
    assert any(a[0] == "swipe" for a in device.actions)
    assert any(n.endswith("-mine.png") for n in evidence.files)


def test_scroll_until_found_and_until_the_end(tmp_path: Path) -> None:
    device = phone(current="main")
    device.screens["main"] = MAIN.replace(
        'scrollable="false" bounds="[0,0][1080,2340]"',
        'scrollable="true" bounds="[0,0][1080,2340]"',
        1,
    )
    body = (
        "  - launch\n  - scroll: {direction: down, until: {text: 关于}}\n"
        "  - scroll: {until: {text: 不存在}, max_swipes: 3}\n"
    )
    runner, _ = run(tmp_path, body, device)
    found, missing = runner.markers[1], runner.markers[2]
    assert found.kind is MarkerKind.STEP and "found" in found.detail
    # The screen never changes: the list has ended after one swipe.
    assert missing.kind is MarkerKind.STEP_FAILED and "the list ended" in missing.detail
    assert sum(1 for a in device.actions if a[0] == "swipe") == 1


def test_a_dialog_without_the_wanted_button_is_recorded_once_and_left(tmp_path: Path) -> None:
    # A text-only vendor prompt offering nothing but "allow": `deny` cannot be given.
    only_allow = permission_dialog().replace("permission_deny_button", "permission_other")
    device = phone(dialog=only_allow.replace('text="不允许"', 'text="?"'))
    runner, _ = run(tmp_path, "  - launch\n  - wait: 3\n", device)
    # Looked at again at each poll, recorded once, never tapped.
    assert [p.answer for p in runner.prompts] == [PermissionAnswer.UNANSWERED]
    assert device.dialog_answers == []
    assert runner.prompts[0].answered_ts is None
