"""Every process of an app on an Android device gets the agent (spawn gating), offline.

The same whole `run_session` as tests/android/test_session_android.py (real adb wire protocol
against the stand-in, real agent bundle, mitmproxy, runner, scoring and bundle); only
frida-server is faked (tests/android/session_kit.py), and here it announces the processes
zygote starts once the app runs, as frida-server's spawn gating does: the app's own
`:push` process, and another app of the phone that the harness must let go untouched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.config.devices import DeviceKind
from harness.session.orchestrator import OutcomeKind, run_session, run_session_outcome
from tests.android.session_kit import (
    APP_PID,
    IMEI,
    PACKAGE,
    FakeFridaDevice,
    GatedSpawn,
)
from tests.android.test_session_android import Lab, _assert_left_clean, _lab

PUSH_PID = 4400
OTHER_PID = 4500  # another app zygote started meanwhile
RESTARTED_PID = 4600


@pytest.fixture
def make_lab(tmp_path: Path, frida_peer: tuple[str, int]) -> Iterator[Any]:
    made: list[Lab] = []

    def make(**frida_options: Any) -> Lab:
        lab = _lab(tmp_path, DeviceKind.USB, frida_peer)
        lab.frida = FakeFridaDevice(lab.phone, **frida_options)
        made.append(lab)
        return lab

    yield make
    for lab in made:
        lab.standin.close()


def _rows(bundle: Path) -> list[dict[str, Any]]:
    lines = (bundle / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _hooks(bundle: Path) -> dict[str, Any]:
    hooks: dict[str, Any] = json.loads((bundle / "hooks.json").read_text(encoding="utf-8"))
    return hooks


def _of(calls: list[str], pid: int) -> list[str]:
    """The calls about one process: `attach 4400`, `load @4400`, `resume 4400`, ..."""
    return [c for c in calls if c.endswith(f" {pid}") or c.endswith(f"@{pid}")]


def test_a_push_process_gets_the_agent_and_another_app_is_let_go(make_lab: Any) -> None:
    lab = make_lab(
        spawns=(
            GatedSpawn(PUSH_PID, f"{PACKAGE}:push"),
            GatedSpawn(OTHER_PID, "com.android.vending"),
        )
    )
    bundle = run_session(lab.request())
    calls = lab.frida.calls

    # The app's first process: gating on after its agent is in, before its first instruction.
    main = [c for c in calls if "@" not in c and not c.endswith((f" {PUSH_PID}", f" {OTHER_PID}"))]
    assert main[:8] == [
        f"spawn {PACKAGE}",
        f"attach {APP_PID}",
        "create_script harness-agent",
        "load",
        "init",
        "on spawn-added",
        "enable_spawn_gating",
        f"resume {APP_PID}",
    ]
    # `:push` is held, gets the same agent, and only then runs; at the end it is flushed
    # and unloaded like the first. The other app is resumed at once and never attached.
    assert _of(calls, PUSH_PID) == [
        f"attach {PUSH_PID}",
        f"create_script harness-agent @{PUSH_PID}",
        f"load @{PUSH_PID}",
        f"init @{PUSH_PID}",
        f"resume {PUSH_PID}",
        f"flush @{PUSH_PID}",
        f"unload @{PUSH_PID}",
        f"detach @{PUSH_PID}",
    ]
    assert _of(calls, OTHER_PID) == [f"resume {OTHER_PID}"]
    # Gating is off again when the session ends, before the agents unload.
    assert calls.index("disable_spawn_gating") < calls.index(f"unload @{PUSH_PID}")
    assert "off spawn-added" in calls and not lab.frida.gating
    # The same config, but its own process name.
    first, push = lab.frida.scripts[APP_PID].config, lab.frida.scripts[PUSH_PID].config
    assert first is not None and push is not None
    assert (first["process"], push["process"]) == (PACKAGE, f"{PACKAGE}:push")
    assert {k: v for k, v in first.items() if k != "process"} == {
        k: v for k, v in push.items() if k != "process"
    }

    # Its read is in the same timeline, with its process name, and scored like the first's.
    hooks = [r for r in _rows(bundle) if r["type"] == "hook"]
    by_process = {r["process"]: r for r in hooks}
    assert set(by_process) == {PACKAGE, f"{PACKAGE}:push"}
    read = by_process[f"{PACKAGE}:push"]
    assert (read["id"], read["category"], read["ret"], read["phase"]) == (
        "ev1-0000000",
        "device_id",
        IMEI,
        "pre_consent",
    )
    findings = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    assert any(
        f["rule"] == "collect-before-consent" and f["category"] == "device_id" for f in findings
    )
    report = _hooks(bundle)
    assert [(p["name"], p["pid"], p["role"], p["agent"]) for p in report["processes"]] == [
        (PACKAGE, APP_PID, "main", "hooked"),
        (f"{PACKAGE}:push", PUSH_PID, "secondary", "hooked"),
    ]
    assert [p["lost_sequence_numbers"] for p in report["processes"]] == [[], []]
    assert report["agent_problems"] == []
    _assert_left_clean(lab)


def test_a_push_process_that_loses_its_agent_is_reported(make_lab: Any) -> None:
    lab = make_lab(spawns=(GatedSpawn(PUSH_PID, f"{PACKAGE}:push", lost="connection-terminated"),))
    # A process that ran on unhooked is a gap: the lab's fault, retried (issue 12).
    outcome = run_session_outcome(lab.request())
    assert outcome.kind is OutcomeKind.INFRA_FAULT, outcome.error
    report = _hooks(outcome.bundle)
    push = report["processes"][1]
    assert (push["name"], push["agent"]) == (f"{PACKAGE}:push", "lost: connection-terminated")
    (problem,) = report["agent_problems"]
    assert problem.startswith(
        f"{PACKAGE}:push (pid {PUSH_PID}): the agent was lost (connection-terminated) at "
    )
    assert f"({push['ended']:.6f})" in problem


def test_a_push_process_whose_agent_fails_is_killed_and_reported(make_lab: Any) -> None:
    lab = make_lab(spawns=(GatedSpawn(PUSH_PID, f"{PACKAGE}:push", fail_init=True),))
    bundle = run_session(lab.request())  # the app's main process goes on
    # Never resumed without its hooks: killed instead.
    assert _of(lab.frida.calls, PUSH_PID) == [
        f"attach {PUSH_PID}",
        f"create_script harness-agent @{PUSH_PID}",
        f"load @{PUSH_PID}",
        f"init @{PUSH_PID}",
        f"flush @{PUSH_PID}",
        f"unload @{PUSH_PID}",
        f"detach @{PUSH_PID}",
        f"kill {PUSH_PID}",
    ]
    report = _hooks(bundle)
    main, push = report["processes"]
    # The kill ended the push process only; the main one ran to the scenario's stop.
    assert (main["agent"], main["ended"] > push["ended"]) == ("hooked", True)
    assert [r["kind"] for r in _rows(bundle) if r["type"] == "marker"][-1] == "stop"
    assert push["agent"].startswith("failed: InvalidArgumentError: script error")
    (problem,) = report["agent_problems"]
    assert problem.startswith(f"{PACKAGE}:push (pid {PUSH_PID}): the agent could not be loaded")


def test_an_app_that_restarts_itself_is_hooked_again_and_goes_on(make_lab: Any) -> None:
    # The first process ends right after it runs and zygote starts the package again.
    lab = make_lab(spawns=(GatedSpawn(RESTARTED_PID, PACKAGE),), restarts=True)
    bundle = run_session(lab.request())  # sealed: not an app fault

    assert _of(lab.frida.calls, RESTARTED_PID)[:5] == [
        f"attach {RESTARTED_PID}",
        f"create_script harness-agent @{RESTARTED_PID}",
        f"load @{RESTARTED_PID}",
        f"init @{RESTARTED_PID}",
        f"resume {RESTARTED_PID}",
    ]
    rows = _rows(bundle)
    kinds = [r["kind"] for r in rows if r["type"] == "marker"]
    assert "app_exited" not in kinds and kinds[-1] == "stop"
    (restart,) = [r for r in rows if r["type"] == "marker" and r["kind"] == "app_restarted"]
    assert restart["detail"].startswith(f"pid {APP_PID} ended at ")
    assert f"; pid {RESTARTED_PID} started at " in restart["detail"]
    report = _hooks(bundle)
    first = report["processes"][0]
    assert (first["pid"], first["role"], first["end_reason"]) == (
        APP_PID,
        "main",
        "process-terminated",
    )
    assert report["processes"][1]["pid"] == RESTARTED_PID
    assert report["processes"][1]["role"] == "main"
    # Both processes' reads are in the timeline, each under its own id.
    hooks = sorted(r["id"] for r in rows if r["type"] == "hook")
    assert hooks == ["ev0000000", "ev1-0000000"]
