"""What every step works with: the app, its screen, the evidence, the markers and prompts.

A `Snapshot` is one look at the screen (hierarchy dump, and when kept as evidence a PNG
screenshot beside it). `StepContext.settle` is how a step looks: it answers a permission
dialog nobody asked for with the session's policy (recorded as a PermissionPrompt), and
notices when the app has left the screen (a background marker at the instant of the action
that made it leave) or has died (AppGone).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from harness.errors import InfrastructureError
from harness.model import (
    GrantState,
    Marker,
    MarkerKind,
    PermissionAnswer,
    PermissionPrompt,
    PermissionUpgrade,
)
from harness.ui.driver import UiDriver
from harness.ui.hierarchy import Hierarchy, HierarchyError, parse_hierarchy
from harness.ui.permissions import (
    ANSWER_OF,
    PermissionDialog,
    detect_permission_dialog,
    load_permission_table,
)

_SETTLE_ROUNDS = 5  # dialogs answered in a row before a look gives up settling


class AppUnderTest(Protocol):
    """The app on its device, as the runner sees it."""

    @property
    def package(self) -> str: ...

    def launch(self) -> float:
        """Start the app (spawned under the agent); returns the spawn instant."""
        ...

    def ui(self) -> UiDriver: ...

    def stop(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Upgraded:
    """What installing version N+1 did: when, which versions, the runtime grants around it."""

    ts: float  # when the install finished
    from_version: str
    to_version: str
    before: dict[str, GrantState]
    after: dict[str, GrantState]


@runtime_checkable
class UpgradableApp(Protocol):
    """An app whose device can install its next version (the `upgrade` step)."""

    def upgrade(self) -> Upgraded:
        """Stop the app, read its grants, install version N+1, read them again."""
        ...


class EvidenceSink(Protocol):
    def add_file(self, name: str, content: bytes) -> str:
        """Store a file in the bundle; returns its name relative to the bundle."""
        ...


@dataclass(frozen=True, slots=True)
class RunnerSettings:
    poll_interval_s: float = 0.5
    # The answer to permission dialogs no step asked for (the scenario may override it).
    permission_policy: PermissionAnswer = PermissionAnswer.DENY
    # How long `consent: auto` and `permission` keep watching for a dialog that follows.
    follow_up_s: float = 1.5
    # The explorer's pause after each action: screens take a moment to change on a phone,
    # and a person does not tap ten times a second (it also bounds the evidence per second).
    explore_pause_s: float = 0.5


class AppGone(Exception):
    """The app's process ended while the scenario was running."""

    def __init__(self, detail: str, ts: float) -> None:
        super().__init__(detail)
        self.ts = ts  # when the harness found out


@dataclass(frozen=True, slots=True)
class Snapshot:
    xml: str
    hierarchy: Hierarchy | None  # None when the dump did not parse
    ts: float  # when the dump was taken (the midpoint of the request)
    evidence: tuple[str, ...] = ()  # bundle files: the dump, then the screenshot

    def packages(self) -> set[str]:
        return self.hierarchy.packages() if self.hierarchy else set()


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-") or "screen"


class StepContext:
    def __init__(
        self,
        app: AppUnderTest,
        evidence: EvidenceSink,
        settings: RunnerSettings,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.settings = settings
        self.sleep = sleep
        self.monotonic = monotonic
        self.wall = wall  # host-clock epoch seconds, as markers carry
        self.markers: list[Marker] = []
        self.prompts: list[PermissionPrompt] = []
        self.upgrades: list[PermissionUpgrade] = []
        self._evidence = evidence
        self._files = 0
        self._in_background = False
        self._last_action = ("launch", 0.0)
        self._left_alone: PermissionDialog | None = None
        self._controllers = frozenset(load_permission_table().controller_packages)
        # The self-start probe ended the app's processes on purpose: not the app's doing.
        self.app_stopped = False

    @property
    def package(self) -> str:
        return self.app.package

    @property
    def ui(self) -> UiDriver:
        return self.app.ui()

    # --- records ---

    def mark(
        self, kind: MarkerKind, ts: float, detail: str = "", evidence: tuple[str, ...] = ()
    ) -> Marker:
        marker = Marker(f"m{len(self.markers) + 1:04d}", ts, kind, detail, evidence)
        self.markers.append(marker)
        return marker

    def act(self, what: str, action: Callable[[], float]) -> float:
        """Run a driver action; remember it as what the app last saw the harness do."""
        ts = self.guard(action)
        self._last_action = (what, ts)
        return ts

    def tap(self, what: str, x: int, y: int) -> float:
        return self.act(what, lambda: self.ui.click(x, y))

    def swipe(self, what: str, points: tuple[int, int, int, int], duration_s: float) -> float:
        x1, y1, x2, y2 = points
        return self.act(what, lambda: self.ui.swipe(x1, y1, x2, y2, duration_s))

    def guard(self, call: Callable[[], float]) -> float:
        try:
            return call()
        except InfrastructureError as exc:
            if not self._alive():
                raise AppGone(f"the app's process ended ({exc})", self.wall()) from None
            raise

    def _alive(self) -> bool:
        try:
            return self.ui.is_app_alive()
        except InfrastructureError:
            return False

    # --- looking ---

    def look(self, label: str | None = None) -> Snapshot:
        """Dump the screen; with a label, keep the dump and a screenshot as evidence."""
        t0 = self.wall()
        try:
            xml = self.ui.dump_hierarchy()
        except InfrastructureError as exc:
            if not self._alive():
                raise AppGone(f"the app's process ended ({exc})", self.wall()) from None
            raise
        ts = (t0 + self.wall()) / 2
        try:
            hierarchy: Hierarchy | None = parse_hierarchy(xml)
        except HierarchyError:
            hierarchy = None
        evidence: tuple[str, ...] = ()
        if label is not None:
            evidence = self._keep(label, xml)
        return Snapshot(xml, hierarchy, ts, evidence)

    def add_evidence(self, name: str, content: bytes) -> str:
        """Store a file a step made (not a screen) in the bundle; its name there."""
        return self._evidence.add_file(name, content)

    def keep(self, snapshot: Snapshot, label: str) -> Snapshot:
        """The snapshot with its dump (and a screenshot taken now) stored as evidence."""
        if snapshot.evidence:
            return snapshot
        return Snapshot(
            snapshot.xml, snapshot.hierarchy, snapshot.ts, self._keep(label, snapshot.xml)
        )

    def _keep(self, label: str, xml: str) -> tuple[str, ...]:
        self._files += 1
        stem = f"ui/{self._files:04d}-{_slug(label)}"
        names = [self._evidence.add_file(f"{stem}.xml", xml.encode("utf-8"))]
        try:
            png = self.ui.screenshot_png()
        except InfrastructureError:
            png = None  # a dump without its picture is still evidence
        if png is not None:
            names.append(self._evidence.add_file(f"{stem}.png", png))
        return tuple(names)

    def app_on_screen(self, snapshot: Snapshot) -> bool:
        """The app's window (or a permission dialog over it) is what the user sees."""
        if snapshot.hierarchy is None:
            return True  # cannot tell: do not pretend it left
        packages = snapshot.packages()
        return self.package in packages or bool(packages & self._controllers)

    def settle(self, label: str | None, *, need_app: bool = True) -> Snapshot:
        """Look at the screen, answering unasked permission dialogs by policy.

        With `need_app`, an app that has left the screen is brought back first (the
        background it was in is marked); without, its absence is only marked.
        """
        for _ in range(_SETTLE_ROUNDS):
            snapshot = self.look()
            dialog = detect_permission_dialog(snapshot.hierarchy) if snapshot.hierarchy else None
            if dialog is not None:
                if dialog == self._left_alone:
                    break  # still the dialog we could not answer: recorded once already
                prompt = self.answer_permission(
                    snapshot, dialog, self.settings.permission_policy, False
                )
                if prompt.answer is PermissionAnswer.UNANSWERED:
                    self._left_alone = dialog  # no button gives our answer: leave it
                    break
                continue
            self._left_alone = None
            if not self.app_on_screen(snapshot):
                self._left(snapshot)
                if need_app:
                    self.bring_back("brought back to continue the scenario")
                    continue
            break
        return self.keep(snapshot, label) if label is not None else snapshot

    def _left(self, snapshot: Snapshot) -> None:
        if not self._alive():
            raise AppGone("the app's process ended", self.wall())
        if not self._in_background:
            what, ts = self._last_action
            on_screen = ", ".join(sorted(snapshot.packages())) or "nothing"
            self.mark(
                MarkerKind.BACKGROUND_START,
                ts,
                f"the app left the screen after {what} (on screen: {on_screen})",
            )
            self._in_background = True

    def went_background(self, ts: float, detail: str, evidence: tuple[str, ...] = ()) -> None:
        """The harness sent the app away (HOME)."""
        self._last_action = ("home", ts)
        if not self._in_background:
            self.mark(MarkerKind.BACKGROUND_START, ts, detail, evidence)
            self._in_background = True

    def bring_back(self, detail: str) -> float:
        ts = self.act("bring to foreground", self.ui.bring_to_foreground)
        if self._in_background:
            self.mark(MarkerKind.BACKGROUND_END, ts, detail)
            self._in_background = False
        return ts

    # --- permission dialogs ---

    def answer_permission(
        self, snapshot: Snapshot, dialog: PermissionDialog, answer: PermissionAnswer, asked: bool
    ) -> PermissionPrompt:
        """Tap the dialog's button for `answer` and record the prompt."""
        snapshot = self.keep(snapshot, "permission")
        choice = dialog.button_for(answer)
        if choice is None:
            given, answered_ts = PermissionAnswer.UNANSWERED, None
        else:
            kind, button = choice
            given = ANSWER_OF[kind]
            answered_ts = self.tap(f"permission {kind.value}", *button.center)
        prompt = PermissionPrompt(
            id=f"pp{len(self.prompts) + 1:04d}",
            ts=snapshot.ts,
            permission=dialog.permission,
            answer=given,
            answered_ts=answered_ts,
            package=dialog.package,
            evidence=snapshot.evidence,
        )
        self.prompts.append(prompt)
        how = "asked by the scenario" if asked else "by the session policy"
        self.mark(
            MarkerKind.STEP,
            answered_ts if answered_ts is not None else snapshot.ts,
            f"permission dialog for {dialog.permission}: {given.value} ({how})",
            snapshot.evidence,
        )
        return prompt
