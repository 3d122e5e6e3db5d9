"""A lost agent is the lab's fault, never a quiet gap: real Frida, a real lab app.

The session runs in this process with the host-lab target wrapped so that, at the scenario's
stop step, the main process's real Frida script is unloaded (or its real session detached)
while the app keeps running: what a crashed agent, a frida-server
restart or a USB hiccup does to a phone session. The run must end as an infrastructure fault
(exit 3 for `harness run`, INFRA_FAULT for suites, which retry it), its `.failed` folder must
hold the problem with its time, and `harness report` must call the evidence incomplete.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.config.devices import load_devices
from harness.hostlab import find_lab_app
from harness.paths import DEVICES_FILE, SCENARIOS_DIR
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.scenario.steps import load_scenario
from harness.session.hostlab import HostLabTarget, open_hostlab_target
from harness.session.orchestrator import OutcomeKind, RunRequest, run_session_outcome
from harness.session.target import TargetSpec
from harness.testkit.cli import run_harness

pytestmark = pytest.mark.hostlab


class _LosesItsAgent:
    """The real host-lab target; at the scenario's stop step, before the app is asked to quit,
    its main agent is cut off for real and the app left running unhooked until the session
    has noticed. (Cut earlier, the JVM sometimes dies of it: Frida reverts a Java hook while
    the app is about to call it, and the app's crash is then the result, not this test's.)"""

    def __init__(self, target: HostLabTarget, how: str) -> None:
        self._target = target
        self._how = how

    def stop(self) -> float:
        main = self._target.processes.main
        # The AgentSession's own Frida objects: nothing public cuts them, by design.
        if self._how == "unload":
            main._script.unload()  # type: ignore[union-attr]
        else:
            main._session.detach()  # type: ignore[union-attr]
        assert main.detached.wait(30), "the session never noticed the lost agent"
        return self._target.stop()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


def _losing_targets(how: str) -> Any:
    @contextlib.contextmanager
    def open_target(spec: TargetSpec) -> Iterator[_LosesItsAgent]:
        with open_hostlab_target(spec) as target:
            yield _LosesItsAgent(target, how)

    return open_target


@pytest.mark.parametrize("how", ["unload", "detach"])
def test_a_lost_agent_fails_the_run_and_the_report_says_so(tmp_path: Path, how: str) -> None:
    lab = load_devices(DEVICES_FILE)
    request = RunRequest(
        app=find_lab_app("calibration"),
        scenario=load_scenario(SCENARIOS_DIR / "first-launch-accept.yaml"),
        device=lab.device(None, DEVICES_FILE),
        out_dir=tmp_path / "evidence",
        catalog=load_catalog(DEFAULT_CATALOG),
        rule_pack=load_rule_pack(DEFAULT_RULE_PACK),
        targets=_losing_targets(how),
    )
    outcome = run_session_outcome(request)

    assert outcome.kind is OutcomeKind.INFRA_FAULT, outcome.error
    assert "the agent was lost" in outcome.error
    failed = outcome.bundle
    assert failed.name.endswith(".failed") and not (failed / "manifest.json").exists()
    reason = "script-destroyed" if how == "unload" else "application-requested"
    hooks = json.loads((failed / "hooks.json").read_text())
    assert hooks["processes"][0]["agent"] == f"lost: {reason}"
    lost_at = hooks["processes"][0]["ended"]
    problem = next(p for p in hooks["agent_problems"] if "the agent was lost" in p)
    assert reason in problem and f"{lost_at:.6f}" in problem
    # The scenario went on to its end, and the evidence is all written.
    kinds = [json.loads(r).get("kind") for r in (failed / "events.jsonl").open()]
    assert kinds.count("stop") == 1

    report = run_harness("report", str(failed), "--out", str(tmp_path / "report"))
    assert report.returncode == 0, report.stderr
    completeness = json.loads((tmp_path / "report" / "report.json").read_text())["completeness"]
    assert completeness["complete"] is False
    gaps = {g["kind"]: g["detail"] for g in completeness["gaps"]}
    assert "the agent was lost" in gaps["agent_problem"] and "run_failed" in gaps
