"""The records a suite passes between threads, hosts and the results index.

A `Job` is one app with one scenario in one suite run; it is plain strings so it travels
as JSON to another host, where `app` and `scenario` are resolved again. Its `family` says
which devices may run it: a lab app runs on host-lab devices, an APK on Android devices
(usb, tcp, emulator). An `Attempt` is one try of a job on one device; a job ends with its
last attempt (`JobResult.final`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.model import OutcomeKind
from harness.suite.family import DeviceFamily

if TYPE_CHECKING:  # the host lab's loaders (pydantic models) are for the callers, not the records
    from harness.hostlab import LabApp


def new_suite_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return "S" + now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def app_ref(app: LabApp, lab_root: Path) -> str:
    """How another host finds the app: its name under the lab root, else its folder."""
    if app.folder.parent == lab_root.resolve():
        return app.name
    return str(app.folder)


@dataclass(frozen=True, slots=True)
class Job:
    id: str  # "<suite run>/<app>/<scenario>": also the task id on the engine
    suite_run: str
    app: str  # lab app name, or the absolute path of its folder (or of the APK)
    app_name: str  # the lab app's name, or the APK's package
    scenario: str  # absolute path of the scenario file
    scenario_name: str
    max_attempts: int
    timeout_s: float = 600.0  # a session running longer is given up as hung
    family: DeviceFamily = DeviceFamily.HOST_LAB
    profile: str = ""  # an APK's profile file (absolute), "" for the one beside it or none
    min_sdk: int = 0  # an APK's minSdkVersion: phones older than that cannot install it

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"family": self.family.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        # A message from before families existed is a lab app's.
        family = DeviceFamily(data.get("family", DeviceFamily.HOST_LAB))
        return cls(**fields | {"family": family})


@dataclass(frozen=True, slots=True)
class Attempt:
    job_id: str
    number: int  # 1-based
    host: str
    device: str  # "" when no device was used (the app did not build; no device was left)
    outcome: OutcomeKind
    bundle: str  # the sealed bundle, or the `.failed`/`.partial` folder; "" for none
    error: str
    started: float
    ended: float
    # Of the wall time, what the scenario spent waiting on purpose (its waits and polls);
    # the rest is the harness's own overhead and the app's work. 0 when it never ran.
    waited_s: float = 0.0
    setup_s: float = 0.0  # from the start to the first scenario step (proxy, agent, spawn)
    finish_s: float = 0.0  # from the scenario's end to the sealed bundle (score, reports)

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"outcome": self.outcome.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attempt:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**fields | {"outcome": OutcomeKind(data["outcome"])})


@dataclass(frozen=True, slots=True)
class JobResult:
    job: Job
    attempts: tuple[Attempt, ...]  # in order; never empty

    @property
    def final(self) -> Attempt:
        return self.attempts[-1]
