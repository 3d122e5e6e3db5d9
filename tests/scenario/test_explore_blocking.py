"""The explore step marks an app that blocks (settings or quit only) with its screens."""

from __future__ import annotations

from pathlib import Path

from harness.model import MarkerKind
from tests.scenario.fakes import PKG, button, node, window
from tests.scenario.test_runner import kinds, phone, run

WALL = window(
    node("权限申请", f"{PKG}:id/title", (0, 132, 1080, 250)),
    node("请在设置中开启电话权限，否则无法使用", f"{PKG}:id/message", (0, 300, 1080, 900)),
    button("去设置", f"{PKG}:id/settings", (0, 2000, 1080, 2150)),
    button("退出", f"{PKG}:id/exit", (0, 2180, 1080, 2330)),
)
BODY = "  - launch\n  - consent: accept\n  - explore: {duration: 30, seed: 7}\n  - stop\n"


def test_exploring_a_screen_offering_only_settings_or_quit_marks_app_blocked(
    tmp_path: Path,
) -> None:
    device = phone()
    device.screens["wall"] = WALL
    device.taps["privacy"][f"{PKG}:id/yes"] = "wall"
    device.on_back["wall"] = "wall"  # BACK does nothing, as on such screens
    runner, evidence = run(tmp_path, BODY, device)
    (blocked,) = [m for m in runner.markers if m.kind is MarkerKind.APP_BLOCKED]
    assert "'去设置', '退出'" in blocked.detail
    assert blocked.evidence and all(name in evidence.files for name in blocked.evidence)
    consent = next(m for m in runner.markers if m.kind is MarkerKind.CONSENT_ACCEPT)
    assert blocked.ts >= consent.ts  # the fake clock moves on actions only
    assert ("click", (540, 2075)) not in device.actions  # 去设置 was never tapped


def test_an_app_that_goes_on_is_not_marked_blocked(tmp_path: Path) -> None:
    runner, _ = run(tmp_path, BODY, phone())  # 首页 offers 关于 (a page) besides 退出
    assert MarkerKind.APP_BLOCKED not in kinds(runner)
