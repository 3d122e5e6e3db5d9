"""A whole session: proxy up, app spawned under hooks, scenario driven, scored, sealed.

The bundle is written aside and renamed into place only at the end (harness.evidence); any
failure leaves a `.failed` folder with the error, never something that looks finished.
"""

from __future__ import annotations

import enum
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import __version__
from harness.agent.build import build_agent, source_digest
from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage, EventBatch
from harness.config.devices import DeviceConfig, DeviceKind
from harness.errors import AppFault, InfrastructureError, InputError
from harness.evidence.bundle import BundleWriter, new_run_id
from harness.evidence.facts import host_fingerprint, tool_versions, utc_iso
from harness.evidence.report import write_reports
from harness.hostlab import LabApp
from harness.model import FlowRecord, HookInstallReport, PermissionAnswer
from harness.rules.engine import identifiers_from_events, observed_identifiers
from harness.rules.pack import RulePack
from harness.rules.scoring import SCORING_FILE, ScoringInputs, score_timeline
from harness.scenario.runner import RunnerSettings, ScenarioRunner
from harness.scenario.steps import Background, Consent, Scenario, Step, Wait
from harness.session.collector import AgentCollector
from harness.session.hostlab import HostLabTarget
from harness.timeline import build_timeline
from harness.traffic import ProxyServer
from harness.traffic.analysis import analyze_flows, with_analyses


@dataclass(frozen=True, slots=True)
class RunRequest:
    app: LabApp
    scenario: Scenario
    device: DeviceConfig
    out_dir: Path
    catalog: Catalog
    rule_pack: RulePack
    # Called on the session's thread as it moves on (suite progress display); must not raise.
    on_progress: ProgressCallback | None = None
    # The answer to runtime-permission dialogs no step asked for (a scenario may override it).
    permission_policy: PermissionAnswer = PermissionAnswer.DENY


class SessionStage(enum.StrEnum):
    PREPARE = "prepare"  # agent, proxy
    STEP = "step"  # a scenario step is about to run
    SCORE = "score"
    SEAL = "seal"


@dataclass(frozen=True, slots=True)
class SessionProgress:
    stage: SessionStage
    detail: str = ""  # the step, e.g. "consent accept"
    index: int = 0  # 1-based step number (STEP only)
    total: int = 0  # steps in the scenario
    waited_s: float = 0.0  # SCORE only: seconds the scenario slept (waits, polls, pauses)


ProgressCallback = Callable[[SessionProgress], None]


class OutcomeKind(enum.StrEnum):
    """How a session ended: app faults are results; infrastructure faults are retried."""

    OK = "ok"
    APP_FAULT = "app_fault"
    INFRA_FAULT = "infra_fault"


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    kind: OutcomeKind
    bundle: Path  # the sealed bundle (ok), else the `.failed` folder holding ERROR.txt
    error: str = ""


class _FlowLog:
    """Flows arrive on the proxy's thread as each completes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flows: list[FlowRecord] = []

    def __call__(self, flow: FlowRecord) -> None:
        with self._lock:
            self._flows.append(flow)

    def snapshot(self) -> list[FlowRecord]:
        with self._lock:
            return list(self._flows)


def _check_device(request: RunRequest) -> None:
    if request.device.kind is not DeviceKind.HOST_LAB:
        raise InputError(
            None,
            f"device '{request.device.name}' is of kind {request.device.kind.value}: "
            "`harness run` drives host-lab devices; Android devices come with the device layer",
        )


def run_session(request: RunRequest) -> Path:
    """Run one session and return the path of its sealed bundle."""
    _check_device(request)
    writer = BundleWriter(request.out_dir, request.app.name, new_run_id())
    try:
        return _run(request, writer)
    except BaseException as exc:
        writer.fail("".join(traceback.format_exception(exc)))
        raise


def run_session_outcome(request: RunRequest) -> SessionOutcome:
    """Run one session and say how it ended instead of raising (suites, workers).

    Bad input still raises InputError: no retry can fix it. Any other failure is the lab's
    (InfrastructureError, or a harness bug: retrying elsewhere is harmless and the traceback
    is kept in ERROR.txt) unless it is an AppFault.
    """
    _check_device(request)
    writer = BundleWriter(request.out_dir, request.app.name, new_run_id())
    try:
        return SessionOutcome(OutcomeKind.OK, _run(request, writer))
    except AppFault as exc:
        failed = writer.fail("".join(traceback.format_exception(exc)))
        return SessionOutcome(OutcomeKind.APP_FAULT, failed, str(exc))
    except Exception as exc:
        failed = writer.fail("".join(traceback.format_exception(exc)))
        return SessionOutcome(OutcomeKind.INFRA_FAULT, failed, f"{type(exc).__name__}: {exc}")
    except BaseException as exc:
        writer.fail("".join(traceback.format_exception(exc)))
        raise


def _report(request: RunRequest, progress: SessionProgress) -> None:
    if request.on_progress is not None:
        request.on_progress(progress)


def describe_step(step: Step) -> str:
    """`launch`, `wait 2s`, `consent accept`, `background 2s`, `stop`."""
    name = type(step).__name__.lower()
    match step:
        case Wait(seconds=float() as s) | Background(seconds=float() as s):
            return f"{name} {s:g}s"
        case Consent(choice=choice):
            return f"{name} {choice.value}"
    return name


class _ReportingRunner(ScenarioRunner):
    """A ScenarioRunner that tells the progress callback which step is about to run."""

    def __init__(self, app: HostLabTarget, writer: BundleWriter, request: RunRequest) -> None:
        super().__init__(
            app,
            writer,
            RunnerSettings(permission_policy=request.permission_policy),
            sleep=self._sleep_counted,
        )
        self._request = request
        self._index = 0
        self.waited_s = 0.0  # the scenario's own waiting: the rest of a session is overhead

    def _sleep_counted(self, seconds: float) -> None:
        started = time.monotonic()
        time.sleep(seconds)
        self.waited_s += time.monotonic() - started

    def _run_step(self, step: Step) -> None:
        self._index += 1
        total = len(self._request.scenario.steps)
        _report(
            self._request,
            SessionProgress(SessionStage.STEP, describe_step(step), self._index, total),
        )
        super()._run_step(step)


def _blame_app_if_gone(target: HostLabTarget, wait_s: float = 2.0) -> None:
    """Raise AppFault if the app's process ended: a lost UI connection is then its doing.

    Frida reports the process's end on its own thread, possibly just after the UI socket
    closed, so give it a moment before calling the failure the lab's.
    """
    deadline = time.monotonic() + wait_s
    while True:
        target.check_alive()
        if time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def _run(request: RunRequest, writer: BundleWriter) -> Path:
    bundle = build_agent()
    collector = AgentCollector()
    hooks_ready = threading.Event()

    flows = _FlowLog()
    proxy = ProxyServer(
        writer.staging,
        mode=request.device.proxy_mode,
        on_flow=flows,
        known=request.device.known_identifiers(),
        profile=request.app.profile,
    )

    def on_message(message: AgentMessage) -> None:
        collector(message)
        if isinstance(message, HookInstallReport):
            hooks_ready.set()
        elif isinstance(message, EventBatch):
            # Values the app reads are looked for in the flows it sends from now on.
            proxy.learn(identifiers_from_events(message.events))

    started = time.time()
    _report(request, SessionProgress(SessionStage.PREPARE, "proxy and agent"))
    with proxy:
        target = HostLabTarget(
            request.app,
            request.device,
            proxy.port,
            bundle,
            request.catalog,
            on_message,
            hooks_ready,
        )
        try:
            runner = _ReportingRunner(target, writer, request)
            markers = runner.run(request.scenario)
        except InfrastructureError:
            _blame_app_if_gone(target)
            raise
        finally:
            target.close()
    ended = time.time()
    _report(
        request,
        SessionProgress(SessionStage.SCORE, "timeline and rules", waited_s=runner.waited_s),
    )

    timeline = build_timeline(
        markers,
        collector.events,
        flows.snapshot(),
        target.clock,
        started,
        ended,
        permission_prompts=runner.prompts,
        permission_requests=collector.permission_requests,
        context_events=collector.context_events,
    )
    inputs = ScoringInputs(
        profile=request.app.profile,
        profile_source="app.yaml",
        known=tuple(request.device.known_identifiers()),
        manifest_permissions=request.app.manifest_permissions,
    )
    scoring = score_timeline(timeline, inputs, request.rule_pack)
    findings = scoring.scored.findings

    # Who received each flow and which identifiers it carried, on the flow rows.
    analyses = analyze_flows(
        (timed.flow for timed in timeline.flows),
        [*inputs.known, *observed_identifiers(timeline)],
        request.app.profile,
    )
    writer.add_jsonl("events.jsonl", with_analyses(timeline.records_json(), analyses))
    writer.add_json("findings.json", [f.to_json() for f in findings])
    # Which pack judged the bundle, by which inputs; rules skipped and why (harness score).
    writer.add_json(SCORING_FILE, scoring.record)
    writer.add_json("hooks.json", collector.report_json() | {"boot_mode": target.boot_mode})
    writer.add_json("stacks.json", collector.stacks.to_json())  # events' stack_id -> frames
    writer.add_file("app-output.log", target.output)
    _report(request, SessionProgress(SessionStage.SEAL, "manifest"))
    info = _manifest_info(request, target.clock.to_json(), started, ended, len(findings))
    info["rules"] = list(scoring.scored.ran)  # the rules that ran; skipped ones: scoring.json
    info["rules_skipped"] = [s.to_json() for s in scoring.scored.skipped]
    # The reports are evidence too: built from the staged files, then sealed with them.
    write_reports(writer, info)
    return writer.finish(info)


def _manifest_info(
    request: RunRequest, clock: dict[str, Any], started: float, ended: float, findings: int
) -> dict[str, Any]:
    return {
        "harness_version": __version__,
        "rule_pack_version": request.rule_pack.version,
        "scenario": request.scenario.name,
        "app_package": request.app.package,
        "app_label": request.app.label,
        "device": {
            "name": request.device.name,
            "kind": request.device.kind.value,
            # The host lab's device is this machine (harness.evidence.facts).
            "fingerprint": host_fingerprint(request.device.model_dump(mode="json")),
        },
        "tools": tool_versions(source_digest()),
        "clock": clock,
        "started": started,
        "ended": ended,
        "started_utc": utc_iso(started),
        "ended_utc": utc_iso(ended),
        "findings": findings,
    }
