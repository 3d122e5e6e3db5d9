"""Runs a scenario's steps over a UiDriver, recording phase markers and screen evidence.

The marker of a consent or background step carries the instant the driver reports for the
tap or key itself, so a hook event is assigned to the phase in force when it happened, not
to when the harness noticed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from harness.model import Marker, MarkerKind
from harness.scenario.steps import (
    Background,
    Consent,
    ConsentChoice,
    Launch,
    Scenario,
    Step,
    Stop,
    Wait,
)
from harness.ui.consent import detect_consent
from harness.ui.driver import Key, UiDriver
from harness.ui.hierarchy import HierarchyError, parse_hierarchy


class AppUnderTest(Protocol):
    """The app on its device, as the runner sees it."""

    def launch(self) -> float:
        """Start the app (spawned under the agent); returns the spawn instant."""
        ...

    def ui(self) -> UiDriver: ...

    def stop(self) -> float: ...


class EvidenceSink(Protocol):
    def add_file(self, name: str, content: bytes) -> str:
        """Store a file in the bundle; returns its name relative to the bundle."""
        ...


@dataclass(frozen=True, slots=True)
class RunnerSettings:
    consent_timeout_s: float = 10.0
    poll_interval_s: float = 0.25


class ScenarioRunner:
    def __init__(
        self,
        app: AppUnderTest,
        evidence: EvidenceSink,
        settings: RunnerSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._app = app
        self._evidence = evidence
        self._settings = settings or RunnerSettings()
        self._sleep = sleep
        self.markers: list[Marker] = []
        self._dumps = 0

    def run(self, scenario: Scenario) -> list[Marker]:
        for step in scenario.steps:
            self._run_step(step)
        if not isinstance(scenario.steps[-1], Stop):
            self._stop()
        return self.markers

    def _mark(
        self, ts: float, kind: MarkerKind, detail: str = "", evidence: tuple[str, ...] = ()
    ) -> None:
        self.markers.append(
            Marker(
                id=f"m{len(self.markers) + 1:04d}",
                ts=ts,
                kind=kind,
                detail=detail,
                evidence=evidence,
            )
        )

    def _dump(self, label: str) -> str:
        return self._save(label, self._app.ui().dump_hierarchy())

    def _save(self, label: str, xml: str) -> str:
        self._dumps += 1
        return self._evidence.add_file(f"ui/{self._dumps:04d}-{label}.xml", xml.encode("utf-8"))

    def _run_step(self, step: Step) -> None:
        match step:
            case Launch():
                self._mark(self._app.launch(), MarkerKind.LAUNCH)
            case Wait(seconds=seconds):
                self._sleep(seconds)
            case Consent(choice=choice):
                self._consent(choice)
            case Background(seconds=seconds):
                ui = self._app.ui()
                self._mark(ui.press(Key.HOME), MarkerKind.BACKGROUND_START)
                self._dump("background")
                self._sleep(seconds)
                self._mark(ui.bring_to_foreground(), MarkerKind.BACKGROUND_END)
            case Stop():
                self._stop()

    def _stop(self) -> None:
        if self.markers and self.markers[-1].kind is MarkerKind.STOP:
            return
        self._dump("final")
        self._mark(self._app.stop(), MarkerKind.STOP)

    def _consent(self, choice: ConsentChoice) -> None:
        deadline = time.monotonic() + self._settings.consent_timeout_s
        while True:
            xml = self._app.ui().dump_hierarchy()
            label = f"consent-{choice.value}"
            try:
                dialog = detect_consent(parse_hierarchy(xml))
            except HierarchyError as exc:
                name = self._save(label, xml)
                self._mark(
                    time.time(), MarkerKind.CONSENT_NOT_FOUND, f"unreadable screen: {exc}", (name,)
                )
                return
            button = None
            if dialog is not None:
                button = dialog.accept if choice is ConsentChoice.ACCEPT else dialog.refuse
            if button is not None:
                name = self._save(label, xml)
                x, y = button.center
                ts = self._app.ui().click(x, y)
                kind = (
                    MarkerKind.CONSENT_ACCEPT
                    if choice is ConsentChoice.ACCEPT
                    else MarkerKind.CONSENT_REFUSE
                )
                detail = (
                    f"tapped {button.label!r} ({button.resource_id or 'no id'}) at {x},{y}; "
                    f"confidence {button.confidence}"
                )
                self._mark(ts, kind, detail, (name,))
                return
            if time.monotonic() >= deadline:
                name = self._save(label, xml)
                self._mark(
                    time.time(),
                    MarkerKind.CONSENT_NOT_FOUND,
                    f"no privacy dialog with a {choice.value} button on screen",
                    (name,),
                )
                return
            self._sleep(self._settings.poll_interval_s)
