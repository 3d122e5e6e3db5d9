"""One job on one device: resolve its app and scenario, build the app, run the session.

Used by `harness suite` on this host and by each engine worker on its own host; a job
travels as strings (`Job`), so apps and scenarios are resolved here, once per process. A
lab app is found and built (javac); an APK is read (package, permissions, SDKs) with its
profile, and has nothing to build. The session's target is the one for the device's kind
(harness.session.orchestrator.default_targets) unless the runner was given `targets`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from harness.agent.catalog import Catalog
from harness.config.devices import DeviceConfig
from harness.errors import InfrastructureError, InputError
from harness.evidence.events import EVENTS_FILE, decode_line
from harness.hostlab import LabApp, build_lab_app, find_lab_app
from harness.hostlab.build import find_javac
from harness.model import MarkerKind
from harness.rules.pack import RulePack
from harness.scenario.steps import Scenario, load_scenario
from harness.session.apkapp import load_apk_app
from harness.session.orchestrator import (
    OutcomeKind,
    ProgressCallback,
    RunRequest,
    SessionProgress,
    SessionStage,
    run_session_outcome,
)
from harness.session.target import SessionApp, TargetFactory
from harness.suite.family import DeviceFamily
from harness.suite.jobs import Attempt, Job

# The target factory a device's sessions use; None for the default of its kind.
TargetChooser = Callable[[DeviceConfig], TargetFactory | None]


@dataclass(frozen=True, slots=True)
class SessionKit:
    """What every session of a suite shares."""

    out_dir: Path  # where bundles go: storage every host and the index can reach
    catalog: Catalog
    rule_pack: RulePack
    host: str = socket.gethostname()


class JobRunner:
    """Runs jobs in this process; safe to share between device threads."""

    def __init__(
        self, kit: SessionKit, lab_root: Path | None = None, targets: TargetChooser | None = None
    ) -> None:
        self.kit = kit
        self._lab_root = lab_root
        self._targets = targets
        self._lock = threading.Lock()
        self._apps: dict[tuple[str, str], SessionApp] = {}  # (app ref, profile) -> the app
        self._scenarios: dict[str, Scenario] = {}
        self._builds: dict[str, str | None] = {}  # app ref -> why it does not build, or None

    def app(self, job: Job) -> SessionApp:
        key = (job.app, job.profile)
        with self._lock:
            if key not in self._apps:
                self._apps[key] = self._resolve(job)
            return self._apps[key]

    def _resolve(self, job: Job) -> SessionApp:
        if job.family is DeviceFamily.ANDROID:
            return load_apk_app(Path(job.app), Path(job.profile) if job.profile else None)
        ref = Path(job.app) if job.app.startswith("/") else job.app
        return find_lab_app(ref, lab_root=self._lab_root)

    def scenario(self, job: Job) -> Scenario:
        with self._lock:
            if job.scenario not in self._scenarios:
                self._scenarios[job.scenario] = load_scenario(Path(job.scenario))
            return self._scenarios[job.scenario]

    def build_error(self, job: Job) -> str | None:
        """Build the job's app once; why it does not build (an app fault), or None."""
        app = self.app(job)
        if not isinstance(app, LabApp):
            return None  # an APK is built already; its install is the session's business
        with self._lock:
            if job.app not in self._builds:
                self._builds[job.app] = _build(app)
            return self._builds[job.app]

    def run(
        self,
        job: Job,
        number: int,
        device: DeviceConfig,
        on_progress: ProgressCallback | None = None,
    ) -> Attempt:
        started = time.time()
        app, scenario = self.app(job), self.scenario(job)
        problem = self.build_error(job)
        if problem is not None:
            return self._attempt(
                job, number, device.name, OutcomeKind.APP_FAULT, "", problem, started
            )
        waited: list[float] = []
        first_step: list[float] = []
        scoring: list[float] = []

        def progress(report: SessionProgress) -> None:
            if report.stage is SessionStage.STEP and not first_step:
                first_step.append(time.time())
            elif report.stage is SessionStage.SCORE:
                waited.append(report.waited_s)
                scoring.append(time.time())
            if on_progress is not None:
                on_progress(report)

        outcome = run_session_outcome(
            RunRequest(
                app=app,
                scenario=scenario,
                device=device,
                out_dir=self.kit.out_dir,
                catalog=self.kit.catalog,
                rule_pack=self.kit.rule_pack,
                on_progress=progress,
                targets=self._targets(device) if self._targets is not None else None,
            )
        )
        kind, error = outcome.kind, outcome.error
        if kind is OutcomeKind.OK and (exited := app_exit(outcome.bundle)) is not None:
            # Sealed with what it did until then, but the app ended the session on its own
            # (a crash): a result about the app, never a reason to retry.
            kind, error = OutcomeKind.APP_FAULT, exited
        attempt = self._attempt(
            job, number, device.name, kind, str(outcome.bundle), error, started, sum(waited)
        )
        if first_step and scoring:  # where the time went (benchmarks/suite.py)
            attempt = replace(
                attempt, setup_s=first_step[0] - started, finish_s=attempt.ended - scoring[0]
            )
        return attempt

    def _attempt(
        self,
        job: Job,
        number: int,
        device: str,
        outcome: OutcomeKind,
        bundle: str,
        error: str,
        started: float,
        waited_s: float = 0.0,
    ) -> Attempt:
        return Attempt(
            job_id=job.id,
            number=number,
            host=self.kit.host,
            device=device,
            outcome=outcome,
            bundle=bundle,
            error=error,
            started=started,
            ended=time.time(),
            waited_s=waited_s,
        )


def app_exit(bundle: Path) -> str | None:
    """The `app_exited` marker's detail if the app's process ended before the scenario
    stopped it, else None (read from the sealed timeline)."""
    try:
        with (bundle / EVENTS_FILE).open(encoding="utf-8") as rows:
            for line in rows:
                if '"app_exited"' not in line:  # cheap filter before parsing
                    continue
                row = decode_line(line)
                if row.get("type") == "marker" and row.get("kind") == MarkerKind.APP_EXITED:
                    return f"the app exited during the scenario: {row.get('detail', '')}"
    except (OSError, ValueError):  # ValueError: not a JSON object (JSONDecodeError included)
        return None  # no timeline to tell: the session's own outcome stands
    return None


def _build(app: LabApp) -> str | None:
    find_javac()  # no javac is the lab's problem (InfrastructureError), not the app's
    try:
        build_lab_app(app)
    except InputError as exc:  # no sources: the app is broken
        return f"the app does not build: {exc.describe()}"
    except InfrastructureError as exc:
        # javac ran and rejected the sources: the host lab's "install failure". Anything
        # else (the cache not writable) is the lab's own fault and stays one.
        if str(exc).startswith("javac failed"):
            return f"the app does not build: {exc}"
        raise
    return None
