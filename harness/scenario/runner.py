"""Runs a scenario's steps over a UiDriver, recording markers, prompts and screen evidence.

Every step leaves the screen it acted on (hierarchy dump and screenshot) in the bundle and a
marker naming it. The marker of a consent or background step carries the instant the driver
reports for the tap or key itself, so a hook event is assigned to the phase in force when it
happened, not to when the harness noticed. If the app's process ends during the scenario,
an app_exited marker says so, the remaining steps are skipped, and the session still stops
and seals its evidence: an app that quits is a result, not a harness failure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from harness.model import Marker, MarkerKind, PermissionPrompt, PermissionUpgrade
from harness.scenario.context import (
    AppGone,
    AppUnderTest,
    EvidenceSink,
    RunnerSettings,
    StepContext,
)
from harness.scenario.dialogs import run_consent, run_permission
from harness.scenario.explore import run_explore
from harness.scenario.gestures import run_input, run_scroll, run_swipe, run_tap, run_wait
from harness.scenario.language import (
    AssertForeground,
    Back,
    Background,
    Consent,
    Explore,
    Home,
    Input,
    Launch,
    LongTap,
    Permission,
    PolicyReach,
    PopupProbe,
    ProbeSelfStart,
    Scenario,
    Screenshot,
    Scroll,
    Step,
    Stop,
    Swipe,
    Tap,
    Upgrade,
    Wait,
    Withdraw,
)
from harness.scenario.probe import run_probe
from harness.scenario.probes import run_policy_reach, run_popup_probe
from harness.scenario.upgrade import run_upgrade
from harness.scenario.withdraw import run_withdraw
from harness.ui.driver import Key

__all__ = ["AppUnderTest", "EvidenceSink", "RunnerSettings", "ScenarioRunner"]


class ScenarioRunner:
    def __init__(
        self,
        app: AppUnderTest,
        evidence: EvidenceSink,
        settings: RunnerSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._app = app
        self._evidence = evidence
        self._settings = settings or RunnerSettings()
        self._sleep = sleep
        self._monotonic = monotonic
        self._wall = wall
        self.markers: list[Marker] = []
        self.prompts: list[PermissionPrompt] = []
        self.upgrades: list[PermissionUpgrade] = []
        self._ctx: StepContext | None = None

    def run(self, scenario: Scenario) -> list[Marker]:
        settings = self._settings
        if scenario.permission_policy is not None:
            settings = replace(settings, permission_policy=scenario.permission_policy)
        ctx = StepContext(
            self._app, self._evidence, settings, self._sleep, self._monotonic, self._wall
        )
        self._ctx = ctx
        # The context's lists are the runner's: a failing step still leaves what was recorded.
        self.markers, self.prompts, self.upgrades = ctx.markers, ctx.prompts, ctx.upgrades
        gone = False
        try:
            for step in scenario.steps:
                if isinstance(step, Stop):
                    break
                self._run_step(step)
        except AppGone as exc:
            gone = True
            ctx.mark(MarkerKind.APP_EXITED, exc.ts, str(exc))
        _stop(ctx, gone)
        return self.markers

    def _run_step(self, step: Step) -> None:
        """One step (subclasses may wrap it, e.g. to report progress)."""
        if self._ctx is None:
            raise RuntimeError("_run_step runs inside run()")
        _dispatch(self._ctx, step)


def _dispatch(ctx: StepContext, step: Step) -> None:
    match step:
        case Launch():
            ts = ctx.app.launch()
            snapshot = ctx.look("launch")
            ctx.mark(MarkerKind.LAUNCH, ts, f"line {step.line}: launch", snapshot.evidence)
        case Wait():
            run_wait(ctx, step)
        case Tap() | LongTap():
            run_tap(ctx, step)
        case Input():
            run_input(ctx, step)
        case Swipe():
            run_swipe(ctx, step)
        case Scroll():
            run_scroll(ctx, step)
        case Back():
            snapshot = ctx.settle("back")
            ts = ctx.act("back", lambda: ctx.ui.press(Key.BACK))
            ctx.mark(MarkerKind.STEP, ts, f"line {step.line}: back", snapshot.evidence)
        case Home():
            ts = ctx.act("home", lambda: ctx.ui.press(Key.HOME))
            snapshot = ctx.look("home")
            ctx.went_background(ts, f"line {step.line}: home", snapshot.evidence)
        case Background(seconds=seconds):
            ts = ctx.act("home", lambda: ctx.ui.press(Key.HOME))
            snapshot = ctx.look("background")
            ctx.went_background(
                ts, f"line {step.line}: background {seconds:g} s", snapshot.evidence
            )
            ctx.sleep(seconds)
            ctx.bring_back(f"line {step.line}: back from the background")
        case Screenshot(name=name):
            snapshot = ctx.settle(name, need_app=False)
            ctx.mark(
                MarkerKind.STEP, snapshot.ts, f"line {step.line}: screenshot", snapshot.evidence
            )
        case Consent():
            run_consent(ctx, step)
        case Permission():
            run_permission(ctx, step)
        case Explore():
            run_explore(ctx, step)
        case Withdraw():
            run_withdraw(ctx, step)
        case ProbeSelfStart():
            run_probe(ctx, step)
        case AssertForeground():
            _assert_foreground(ctx, step)
        case Upgrade():
            run_upgrade(ctx, step)
        case PolicyReach():
            run_policy_reach(ctx, step)
        case PopupProbe():
            run_popup_probe(ctx, step)
        case Stop():
            pass  # handled by the caller


def _assert_foreground(ctx: StepContext, step: AssertForeground) -> None:
    snapshot = ctx.look("assert-foreground")
    if not ctx.ui.is_app_alive():
        ctx.mark(
            MarkerKind.STEP_FAILED,
            snapshot.ts,
            f"line {step.line}: assert_foreground: the app is not running",
            snapshot.evidence,
        )
        raise AppGone("the app's process ended (seen by assert_foreground)", ctx.wall())
    if ctx.app_on_screen(snapshot):
        ctx.mark(
            MarkerKind.STEP,
            snapshot.ts,
            f"line {step.line}: assert_foreground: ok",
            snapshot.evidence,
        )
        return
    on_screen = ", ".join(sorted(snapshot.packages())) or "nothing"
    ctx.mark(
        MarkerKind.STEP_FAILED,
        snapshot.ts,
        f"line {step.line}: assert_foreground: the app is not in the foreground "
        f"(on screen: {on_screen})",
        snapshot.evidence,
    )


def _stop(ctx: StepContext, gone: bool) -> None:
    evidence: tuple[str, ...] = ()
    if not gone and not ctx.app_stopped:  # a probe that stopped the app kept its last screen
        try:
            evidence = ctx.look("final").evidence
        except AppGone as exc:
            ctx.mark(MarkerKind.APP_EXITED, exc.ts, str(exc))
    ctx.mark(MarkerKind.STOP, ctx.app.stop(), "stop", evidence)
