"""A whole session: proxy up, app spawned under hooks, scenario driven, scored, sealed.

The app runs on a target opened by a factory chosen by the device's kind (harness.session
.target): a lab app as a JVM on this host, or an APK on an Android device. Everything after
the scenario (timeline, rules, bundle) is the same for both.

The bundle is written aside and renamed into place only at the end (harness.evidence); any
failure leaves a `.failed` folder with the error, never something that looks finished.
"""

from __future__ import annotations

import enum
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mitmproxy.net import local_ip

from harness import __version__
from harness.agent.build import build_agent, source_digest
from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage, EventBatch
from harness.agent.processes import RESTART_WINDOW_S, restarts_of
from harness.config.devices import CaptureMode, DeviceConfig, DeviceKind
from harness.errors import AppFault, InfrastructureError, InputError
from harness.evidence.bundle import BundleWriter, new_run_id
from harness.evidence.events import EVENTS_FILE
from harness.evidence.facts import tool_versions, utc_iso
from harness.evidence.manifest import IDENTITY_KEY, AppIdentity
from harness.evidence.report import write_reports
from harness.hostlab import LabApp
from harness.model import (
    FlowRecord,
    HookInstallReport,
    Marker,
    MarkerKind,
    OutcomeKind,  # re-exported: it lived here before harness.model
    PermissionAnswer,
)
from harness.policy.source import PolicyText
from harness.profile import DeclaredPolicy
from harness.rules.pack import RulePack
from harness.rules.scoring import SCORING_FILE, ScoringInputs, score_timeline
from harness.scenario.runner import RunnerSettings, ScenarioRunner
from harness.scenario.steps import Background, Consent, Scenario, Step, Wait
from harness.sdk import SdkDatabase
from harness.session import netns_capture
from harness.session.agent_reports import AgentReports
from harness.session.apkapp import ApkApp
from harness.session.hostlab import open_hostlab_target
from harness.session.journal import JOURNAL_FILE, Journal
from harness.session.policy import capture_before_consent, given_policy, judged_profile
from harness.session.target import (
    ANDROID_KINDS,
    SessionApp,
    SessionTarget,
    TargetFactory,
    TargetSpec,
)
from harness.timeline import build_timeline
from harness.traffic.analysis import analyse_timeline, device_identifiers
from harness.traffic.capture import capture_facts, wireguard_client_config_for
from harness.traffic.observed import ValueLearner
from harness.traffic.proxy import ProxyServer


@dataclass(frozen=True, slots=True)
class RunRequest:
    app: SessionApp  # a lab app (host-lab devices) or an APK (Android devices)
    scenario: Scenario
    device: DeviceConfig
    out_dir: Path
    catalog: Catalog
    rule_pack: RulePack
    # Called on the session's thread as it moves on (suite progress display); must not raise.
    on_progress: ProgressCallback | None = None
    # The answer to runtime-permission dialogs no step asked for (a scenario may override it).
    permission_policy: PermissionAnswer = PermissionAnswer.DENY
    # Where the app's profile came from, when not its own (a lab app's app.yaml, an APK's
    # profile file): `harness run --profile FILE` for a lab app.
    profile_source: str | None = None
    # Opens the app's target; None: the one for the device's kind (default_targets).
    targets: TargetFactory | None = None
    # `harness run --policy FILE|URL`: the privacy policy to judge by (harness.session.policy);
    # a file is read by the command, a URL fetched through the session's proxy.
    policy: str | None = None
    policy_text: PolicyText | None = None
    # Counted as the session runs (`harness run`'s live progress); None: not counted.
    tally: SessionTally | None = None


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


@dataclass(slots=True)
class SessionTally:
    """What a session has gathered so far, for a live display to read while it runs.

    Written through `add` from the agents' message threads (one per hooked process) and the
    proxy's thread; read without the lock (a display may show a count one behind).
    """

    hook_events: int = 0
    flows: int = 0
    rejected: int = 0  # what the proxy could not record (rejected.jsonl)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, *, hook_events: int = 0, flows: int = 0, rejected: int = 0) -> None:
        with self._lock:
            self.hook_events += hook_events
            self.flows += flows
            self.rejected += rejected


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


def default_targets(kind: DeviceKind) -> TargetFactory:
    """How a session opens its app on a device of this kind."""
    if kind in ANDROID_KINDS:
        # Imported here: the device layer (adbutils, uiautomator2, apkInspector) is loaded by
        # sessions on Android devices only, not by every host-lab run and suite worker.
        from harness.session.android import AndroidTargets

        return AndroidTargets()
    return open_hostlab_target


def _check_device(request: RunRequest) -> None:
    """Lab apps run on host-lab devices, APKs on Android ones: said before anything starts."""
    device, app = request.device, request.app
    if device.kind in ANDROID_KINDS and isinstance(app, LabApp):
        raise InputError(
            None,
            f"device '{device.name}' is an Android device ({device.kind.value}): it runs APKs "
            f"(`harness run APP.apk --device {device.name}`); '{app.name}' is a lab app, "
            "which runs on a host-lab device",
        )
    if device.kind is DeviceKind.HOST_LAB and isinstance(app, ApkApp):
        raise InputError(
            app.apk,
            f"an APK runs on an Android device (kind usb, tcp or emulator in devices.yaml); "
            f"'{device.name}' is a host-lab device, which runs lab apps",
        )


def _profile_source(request: RunRequest) -> str:
    if request.profile_source is not None:
        return request.profile_source
    return request.app.profile_source if isinstance(request.app, ApkApp) else "app.yaml"


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


_POLICY_WAIT_S = 5.0  # for the consent dialog whose policy links are followed


class _ReportingRunner(ScenarioRunner):
    """A ScenarioRunner that tells the progress callback which step is about to run."""

    def __init__(self, app: SessionTarget, writer: BundleWriter, request: RunRequest) -> None:
        super().__init__(
            app,
            writer,
            RunnerSettings(permission_policy=request.permission_policy),
            sleep=self._sleep_counted,
        )
        self._request = request
        self._index = 0
        self.waited_s = 0.0  # the scenario's own waiting: the rest of a session is overhead
        self._app_target = app
        self._writer = writer
        self._policy_tried = False
        self.policy: DeclaredPolicy | None = None  # read from the dialog's links, if any

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
        if isinstance(step, Consent) and not self._policy_tried:
            # The policy is read before the first answer, while its dialog is up.
            self._policy_tried = True
            self.policy = capture_before_consent(
                self._app_target.ui(), self._writer, min(step.timeout, _POLICY_WAIT_S)
            )
        super()._run_step(step)


def _blame_app_if_gone(target: SessionTarget, wait_s: float = RESTART_WINDOW_S + 2.0) -> None:
    """Raise AppFault if the app's process ended: a lost UI connection is then its doing.

    Frida reports the process's end on its own thread, possibly just after the UI socket
    closed, and an ended main process is the app's end only once the restart window passed
    with no new one, so give it that long before calling the failure the lab's.
    """
    deadline = time.monotonic() + wait_s
    while True:
        target.check_alive()
        if time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def _counted(flows: _FlowLog, tally: SessionTally) -> Callable[[FlowRecord], None]:
    def on_flow(flow: FlowRecord) -> None:
        flows(flow)
        tally.add(flows=1)

    return on_flow


def _count_rejected(tally: SessionTally) -> Callable[[object], None]:
    def on_rejected(_rejected: object) -> None:
        tally.add(rejected=1)

    return on_rejected


def _run(request: RunRequest, writer: BundleWriter) -> Path:
    # What reaches the harness goes to disk as it comes: a kill keeps it (harness.session.journal).
    journal = Journal(writer.path(JOURNAL_FILE))
    with journal:
        return _run_journaled(request, writer, journal)


def _run_journaled(request: RunRequest, writer: BundleWriter, journal: Journal) -> Path:
    agent_script = build_agent()  # the compiled agent (JavaScript), not the evidence bundle
    collector = AgentReports()
    hooks_ready = threading.Event()

    flows = _FlowLog()
    capture = request.device.resolved_capture()
    if capture is CaptureMode.TRANSPARENT and request.device.kind is DeviceKind.HOST_LAB:
        netns_capture.prepare_namespace()  # before the proxy binds its listeners
    proxy = ProxyServer(
        writer.staging,
        mode=request.device.resolved_proxy_mode(),
        capture=capture,
        # The host lab's namespace has no resolver: the proxy answers its lookups.
        dns=capture is CaptureMode.TRANSPARENT and request.device.kind is DeviceKind.HOST_LAB,
        # The phone's tunnel reaches the lab host over the network, on a port it imported.
        host="0.0.0.0" if capture is CaptureMode.WIREGUARD else "127.0.0.1",
        port=request.device.wireguard_port if capture is CaptureMode.WIREGUARD else 0,
        on_flow=flows if request.tally is None else _counted(flows, request.tally),
        known=request.device.known_identifiers(),
        profile=request.app.profile,
        on_rejected=None if request.tally is None else _count_rejected(request.tally),
    )

    learner = ValueLearner(own_package=request.app.profile.package)

    def on_message(message: AgentMessage) -> None:
        journal.on_message(message)
        collector(message)
        # The app's first process decides when it may be driven; a later process's report
        # (a `:push` process, a restarted app) arrives while the scenario runs.
        if isinstance(message, HookInstallReport) and message.process in ("", request.app.package):
            hooks_ready.set()
        elif isinstance(message, EventBatch):
            if request.tally is not None:
                request.tally.add(hook_events=len(message.events))
            # Values the app reads are looked for in the flows it sends from now on.
            proxy.learn(learner.values(message.events))

    started = time.time()
    _report(request, SessionProgress(SessionStage.PREPARE, "proxy and agent"))
    targets = request.targets or default_targets(request.device.kind)
    with proxy:
        spec = TargetSpec(
            app=request.app,
            device=request.device,
            proxy_port=proxy.port,
            agent_script=agent_script,
            catalog=request.catalog,
            on_message=on_message,
            hooks_ready=hooks_ready,
            evidence_dir=writer.staging,
            capture=capture,
            dns_port=proxy.dns_port if proxy.dns else None,
            wireguard_config=_wireguard_config(request, proxy),
        )
        with targets(spec) as target:
            # What the device itself shows (an Android device's IMEI, ...) is looked for too.
            proxy.learn(target.known)
            given = (
                None
                if request.policy is None
                else given_policy(
                    request.policy, request.policy_text, proxy.port, proxy.confdir, writer
                )
            )
            try:
                runner = _ReportingRunner(target, writer, request)
                journal.watch(lambda: runner.markers)
                journal.watch(lambda: runner.prompts)
                markers = runner.run(request.scenario)
            except InfrastructureError:
                _blame_app_if_gone(target)
                raise
    ended = time.time()
    _report(
        request,
        SessionProgress(SessionStage.SCORE, "timeline and rules", waited_s=runner.waited_s),
    )

    built = build_timeline(
        [*markers, *_session_markers(collector, len(markers))],
        collector.events,
        flows.snapshot(),
        target.clock,
        started,
        ended,
        permission_prompts=runner.prompts,
        permission_requests=collector.permission_requests,
        context_events=collector.context_events,
        upgrades=runner.upgrades,
    )
    # A profile declaring nothing is judged by the policy captured from the app's dialog.
    profile, profile_source = judged_profile(
        request.app.profile, _profile_source(request), runner.policy, given
    )
    # The device's identifiers; a placeholder it shows (02:00:00:00:00:00) is never one.
    known = device_identifiers(target.known)
    sdk_db = SdkDatabase.load()  # one load for the analysis and the rules
    # The one pass over the flows (with those and the values the app read): who received
    # each and which identifiers it carried, read by the rules and written on its row.
    timeline = analyse_timeline(built, known, profile, sdk_db)
    inputs = ScoringInputs(
        profile=profile,
        profile_source=profile_source,
        known=known,
        manifest_permissions=request.app.manifest_permissions,
    )
    scoring = score_timeline(timeline, inputs, request.rule_pack, sdk_db=sdk_db)
    findings = scoring.scored.findings

    writer.add_jsonl(EVENTS_FILE, timeline.records_json())
    writer.add_json("findings.json", [f.to_json() for f in findings])
    # What the capture could not see: no finding (nor its absence) is about that traffic.
    captured = capture_facts(capture).with_detail(*target.capture_detail).to_json()
    # Which pack judged the bundle, by which inputs; rules skipped and why (harness score).
    writer.add_json(SCORING_FILE, scoring.record | {"capture": captured})
    writer.add_json("hooks.json", collector.report_json() | {"boot_mode": target.boot_mode})
    writer.add_json("stacks.json", collector.stacks.to_json())  # events' stack_id -> frames
    for name, content in target.evidence().items():
        writer.add_file(name, content)
    _fail_if_agent_lost(collector, markers)
    # events.jsonl now holds every record the journal kept, placed on the timeline.
    journal.close()
    writer.path(JOURNAL_FILE).unlink()
    _report(request, SessionProgress(SessionStage.SEAL, "manifest"))
    info = _manifest_info(request, target, started, ended, len(findings))
    info["capture"] = captured
    info["rules"] = list(scoring.scored.ran)  # the rules that ran; skipped ones: scoring.json
    info["rules_skipped"] = [s.to_json() for s in scoring.scored.skipped]
    # The reports are evidence too: built from the staged files, then sealed with them.
    write_reports(writer, info)
    return writer.finish(info)


def _fail_if_agent_lost(collector: AgentReports, markers: list[Marker]) -> None:
    """A process that ran on without its agent leaves a gap no rule can see into: the run is
    the lab's failure (exit 3, retried by suites), with every file written but not sealed.
    If the app itself then died, its exit is the result, as for any app that exits."""
    lost = [p for p in collector.processes if p.agent.startswith("lost")]
    if not lost or any(m.kind is MarkerKind.APP_EXITED for m in markers):
        return
    raise InfrastructureError(
        "the agent was lost while the app ran: "
        + "; ".join(
            f"{p.name} (pid {p.pid}) {p.agent.removeprefix('lost: ')} at "
            f"{utc_iso(p.ended) if p.ended is not None else 'an unknown time'}"
            for p in lost
        )
    )


def _session_markers(collector: AgentReports, numbered: int) -> list[Marker]:
    """What the processes' records tell, as markers numbered after the scenario's: the app
    restarting itself (the new process's start, both pids and times: it was hooked again
    and the session went on, so it is not an app fault), and a process that hung (when it
    was first seen frozen)."""
    found = [
        (restart.new_started, MarkerKind.APP_RESTARTED, restart.detail())
        for restart in restarts_of(collector.processes)
    ]
    found += [
        (p.hung_since, MarkerKind.APP_HUNG, f"{p.name}: {p.hung}")
        for p in collector.processes
        if p.hung_since is not None
    ]
    return [
        Marker(f"m{numbered + i:04d}", ts, kind, detail)
        for i, (ts, kind, detail) in enumerate(found, start=1)
    ]


def _wireguard_config(request: RunRequest, proxy: ProxyServer) -> Path | None:
    """Write the client config the phone's WireGuard app imports, beside mitmproxy's keys
    (not in the bundle: it holds the tunnel's private key); None for other captures."""
    if request.device.resolved_capture() is not CaptureMode.WIREGUARD:
        return None
    # The address the phone reaches this host by: the one used for the default route.
    host = local_ip.get_local_ip() or "LAB-HOST-ADDRESS"
    text = wireguard_client_config_for(
        proxy.wireguard_conf, f"{host}:{proxy.port}", request.app.package
    )
    path = proxy.wireguard_conf.with_name(f"wireguard-{request.device.name}.conf")
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def _manifest_info(
    request: RunRequest, target: SessionTarget, started: float, ended: float, findings: int
) -> dict[str, Any]:
    info: dict[str, Any] = {
        "harness_version": __version__,
        "rule_pack_version": request.rule_pack.version,
        "scenario": request.scenario.name,
        "app_package": request.app.package,
        "app_label": request.app.label,
        "device": {
            "name": request.device.name,
            "kind": request.device.kind.value,
            # This machine for the host lab; model, build, frida-server, CA for Android.
            "fingerprint": target.device_facts(),
        },
        "tools": tool_versions(source_digest()),
        "clock": target.clock.to_json(),
        "started": started,
        "ended": ended,
        "started_utc": utc_iso(started),
        "ended_utc": utc_iso(ended),
        "findings": findings,
    }
    if isinstance(request.app, ApkApp):
        info["apk"] = request.app.to_json()  # which build was tested, and its SDKs
    info[IDENTITY_KEY] = _identity(request.app).to_json()
    return info


def _identity(app: SessionApp) -> AppIdentity:
    """The build tested, for the report's identity block: an APK's facts from its static
    inspection, a host-lab app's from its app.yaml (no APK: no digest, no signer)."""
    if isinstance(app, ApkApp):
        return AppIdentity(
            label=app.label,
            package=app.package,
            source="apk",
            version_name=app.version_name,
            version_code=app.version_code,
            apk_file=app.apk.name,
            apk_sha256=app.sha256,
            signer_sha256=app.signers,
            manifest_permissions=app.manifest_permissions,
        )
    return AppIdentity(
        label=app.label,
        package=app.package,
        source="app.yaml",
        version_name=app.version_name,
        version_code=app.version_code,
        developer=app.developer,
        manifest_permissions=app.manifest_permissions,
    )
