"""The explore step: the seeded explorer (harness.ui.explorer) driven over the app.

Each round takes the screen as evidence (dialogs answered by policy, the app brought back if
it left), asks the plan for an action and performs it; every action becomes a step marker
naming the screen it acted on. A consent dialog's buttons are never tapped by the explorer
(the phase would change without a consent marker); its time budget is checked before each
action.
"""

from __future__ import annotations

from harness.model import MarkerKind
from harness.scenario.context import StepContext
from harness.scenario.language import Explore
from harness.ui.actions import Action, ActionKind, screen_signature
from harness.ui.blocking import BlockWatch, load_blocking_words
from harness.ui.consent import detect_consent
from harness.ui.driver import Key
from harness.ui.explorer import ExplorationPlan, load_explorer_manners
from harness.ui.hierarchy import Bounds

_SCROLL_S = 0.3


def _perform(ctx: StepContext, action: Action, text: str) -> float:
    what = f"explore {action.describe()}"
    if action.kind is ActionKind.BACK:
        return ctx.act(what, lambda: ctx.ui.press(Key.BACK))
    bounds = action.bounds
    assert bounds is not None  # every action but BACK has a node
    x, y = bounds.center
    if action.kind is ActionKind.TAP:
        return ctx.tap(what, x, y)
    if action.kind is ActionKind.LONG_TAP:
        return ctx.act(what, lambda: ctx.ui.long_click(x, y, 0.8))
    if action.kind is ActionKind.SCROLL:
        third = (bounds.bottom - bounds.top) // 3
        return ctx.swipe(what, (x, y + third, x, y - third), _SCROLL_S)
    ts = ctx.tap(what, x, y)  # INPUT: focus, type, submit
    ctx.act(what, lambda: ctx.ui.input_text(text, True))
    ctx.act(what, lambda: ctx.ui.press(Key.ENTER))
    return ts


def run_explore(ctx: StepContext, step: Explore) -> None:
    manners = load_explorer_manners()
    plan = ExplorationPlan(ctx.package, step.seed, step.max_depth, manners.avoid_words)
    watch = BlockWatch(ctx.package, load_blocking_words())
    started = ctx.monotonic()
    deadline = started + step.duration
    actions = 0
    reason = "time budget spent"
    first = ctx.settle("explore")
    ctx.mark(
        MarkerKind.STEP,
        first.ts,
        f"line {step.line}: explore for {step.duration:g} s, seed {step.seed}, "
        f"max depth {step.max_depth}",
        first.evidence,
    )
    while ctx.monotonic() < deadline:
        if step.max_actions is not None and actions >= step.max_actions:
            reason = f"{actions} actions"
            break
        snapshot = ctx.settle(f"explore-{actions + 1:03d}")
        if snapshot.hierarchy is None:
            reason = "unreadable screen"
            break
        exclude: tuple[Bounds, ...] = ()
        dialog = detect_consent(snapshot.hierarchy)
        if dialog is not None:
            # Its buttons and its agreement box change consent: only the consent step taps them.
            exclude = tuple(b.bounds for b in dialog.buttons())
            if dialog.tick is not None:
                exclude += (dialog.tick.bounds,)
        else:
            signature = screen_signature(snapshot.hierarchy, ctx.package)
            watch.see(signature, snapshot.ts, snapshot.hierarchy, snapshot.evidence)
        action = plan.next_action(snapshot.hierarchy, exclude)
        if action is None:
            reason = "nothing left to try"
            break
        ts = _perform(ctx, action, manners.input_text)
        actions += 1
        ctx.mark(
            MarkerKind.STEP,
            ts,
            f"line {step.line}: explore #{actions} (depth {plan.depth}): {action.describe()}",
            snapshot.evidence,
        )
        ctx.sleep(ctx.settings.explore_pause_s)
    blocked = watch.verdict(plan)
    if blocked is not None:
        ctx.mark(
            MarkerKind.APP_BLOCKED,
            blocked.since,
            f"line {step.line}: explore: {blocked.describe()}, nothing new to try",
            blocked.evidence,
        )
    end = ctx.settle("explore-end", need_app=False)
    ctx.mark(
        MarkerKind.STEP,
        end.ts,
        f"line {step.line}: explore ended after {actions} actions "
        f"({reason}, {ctx.monotonic() - started:.1f} s)",
        end.evidence,
    )
