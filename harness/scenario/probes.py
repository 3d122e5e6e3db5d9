"""Probe steps: how far the privacy policy is, and how the app's pop-ups behave.

policy_reach: from the screen the step starts on (the main screen, after consent), a
depth-first search for a screen showing the privacy policy (harness.ui.policy_reach): tap a
control (the likely ones first), look, go deeper up to `max_taps`, press BACK and check the
screen is the one it left. The shortest path found wins; deeper paths than it are not tried.
A policy_reach marker records the taps (or none), how deep the search looked and whether it
looked everywhere (a budget of actions and time, or a BACK that did not lead back, cuts it
short), with the start screen and the policy screen as evidence. Every tap is a step marker.
Consent dialog buttons are never tapped (the phase would change), nor the explorer's
avoided controls (退出, 注销, …).

popup_probe: waits (up to `timeout`) for a pop-up of the app (harness.ui.popups), keeps its
screen, then taps its body away from every button once: another app in front, or the page
under it changed, is a jump (popup_jump marker, both screens). Then, if the pop-up is still
there, presses BACK once and records whether that dismissed it. A pop-up without a close
mark is marked popup_no_close, the BACK result in its detail. Bounded: one pop-up, one
body tap, at most two BACKs per step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.model import MarkerKind
from harness.reach import Reach, reach_detail
from harness.scenario.context import Snapshot, StepContext
from harness.scenario.language import PolicyReach, PopupProbe
from harness.ui.actions import screen_signature
from harness.ui.consent import detect_consent
from harness.ui.dialog_quality import load_dialog_words
from harness.ui.driver import Key
from harness.ui.explorer import load_explorer_manners
from harness.ui.hierarchy import Bounds
from harness.ui.policy_reach import policy_paths, shows_policy
from harness.ui.popups import Popup, find_popups, popup_free_signature

_SPACES = re.compile(r"\s+")


def _signature(ctx: StepContext, snapshot: Snapshot) -> str:
    if snapshot.hierarchy is None:
        return ""
    return screen_signature(snapshot.hierarchy, ctx.package)


def _consent_buttons(snapshot: Snapshot) -> tuple[Bounds, ...]:
    dialog = detect_consent(snapshot.hierarchy) if snapshot.hierarchy else None
    return tuple(b.bounds for b in dialog.buttons()) if dialog else ()


Trail = tuple[tuple[tuple[int, int], str], ...]  # the taps from the start, each screen's signature


@dataclass
class _Search:
    ctx: StepContext
    step: PolicyReach
    deadline: float
    start: str  # the start screen's signature
    actions: int = 0
    best: tuple[str, ...] | None = None
    found_evidence: tuple[str, ...] = ()
    complete: bool = True
    expanded: dict[str, int] = field(default_factory=dict)

    def budget_left(self) -> bool:
        if self.actions >= self.step.max_actions or self.ctx.monotonic() >= self.deadline:
            self.complete = False
            return False
        return True

    def useful(self, depth: int) -> bool:
        """A path of `depth` taps could still beat the best found so far."""
        return depth <= self.step.max_taps and (self.best is None or depth < len(self.best))

    def visit(self, snapshot: Snapshot, path: tuple[str, ...], trail: Trail) -> bool:
        """Try the screen's taps; False when the way back was lost (the search ends)."""
        ctx, package = self.ctx, self.ctx.package
        assert snapshot.hierarchy is not None
        signature = trail[-1][1] if trail else self.start
        words = load_dialog_words()
        avoid = (*load_explorer_manners().avoid_words, *words.back_words)
        actions = policy_paths(
            snapshot.hierarchy, package, avoid, words, exclude=_consent_buttons(snapshot)
        )
        for action in actions:
            depth = len(path) + 1
            if not self.useful(depth) or not self.budget_left():
                return True
            assert action.bounds is not None
            label = _SPACES.sub(" ", action.label or action.resource_id or action.class_name)
            label = label.replace(">", "›")[:40]
            self.actions += 1
            point = action.bounds.center
            ts = ctx.tap(f"policy_reach tap {label!r}", *point)
            ctx.mark(
                MarkerKind.STEP,
                ts,
                f"line {self.step.line}: policy_reach: tap {label!r} at depth {depth}",
            )
            after = ctx.settle(None)
            after_sig = _signature(ctx, after)
            if after.hierarchy is None or after_sig == signature:
                continue  # nothing changed: nothing to go back from
            if shows_policy(after.hierarchy, package):
                self.best = (*path, label)
                self.found_evidence = ctx.keep(after, "policy-reach-found").evidence
            elif self.useful(depth + 1) and self.expanded.get(after_sig, depth + 1) > depth:
                self.expanded[after_sig] = depth  # reached in fewer taps: worth a look
                if not self.visit(after, (*path, label), (*trail, (point, after_sig))):
                    return False
            if not self.back_to(signature, trail):
                return False
        return True

    def _press_back(self) -> str:
        self.actions += 1
        self.ctx.act("policy_reach back", lambda: self.ctx.ui.press(Key.BACK))
        return _signature(self.ctx, self.ctx.settle(None))

    def back_to(self, signature: str, trail: Trail) -> bool:
        """BACK to the screen at the end of `trail`; else BACK to the start and tap the
        trail again (a tap that went up, or a BACK that skipped a screen)."""
        if self._press_back() == signature:
            return True
        seen = ""
        for _ in range(len(trail) + 2):
            seen = self._press_back()
            if seen == signature:
                return True
            if seen == self.start:
                break
        if seen == self.start:
            for point, expected in trail:
                self.actions += 1
                self.ctx.tap("policy_reach retrace", *point)
                if _signature(self.ctx, self.ctx.settle(None)) != expected:
                    break
            else:
                return True
        self.complete = False
        return False


def run_policy_reach(ctx: StepContext, step: PolicyReach) -> None:
    start = ctx.settle("policy-reach-start")
    if start.hierarchy is None:
        ctx.mark(
            MarkerKind.STEP_FAILED,
            start.ts,
            f"line {step.line}: policy_reach: the screen could not be read",
            start.evidence,
        )
        return
    if shows_policy(start.hierarchy, ctx.package):
        reach = Reach(0, step.max_taps, True)
        evidence = start.evidence
    else:
        signature = _signature(ctx, start)
        search = _Search(ctx, step, ctx.monotonic() + step.duration, signature)
        search.expanded[signature] = 0
        search.visit(start, (), ())
        best = search.best
        reach = Reach(
            None if best is None else len(best), step.max_taps, search.complete, best or ()
        )
        evidence = (*start.evidence, *search.found_evidence)
    ctx.mark(MarkerKind.POLICY_REACH, ctx.wall(), reach_detail(reach), evidence)


def _wait_for_popup(ctx: StepContext, step: PopupProbe) -> tuple[Snapshot, Popup] | None:
    deadline = ctx.monotonic() + step.timeout
    while True:
        snapshot = ctx.settle(None)
        if snapshot.hierarchy is not None:
            dialog = detect_consent(snapshot.hierarchy)
            exclude = (dialog.bounds,) if dialog else ()
            popups = find_popups(snapshot.hierarchy, ctx.package, exclude=exclude)
            if popups:
                return snapshot, popups[0]
        if ctx.monotonic() >= deadline:
            return None
        ctx.sleep(ctx.settings.poll_interval_s)


def _still_there(ctx: StepContext, snapshot: Snapshot, popup: Popup) -> bool:
    if snapshot.hierarchy is None:
        return False
    return any(p.bounds == popup.bounds for p in find_popups(snapshot.hierarchy, ctx.package))


def _tap_body(
    ctx: StepContext, step: PopupProbe, shown: Snapshot, popup: Popup
) -> tuple[Snapshot, bool]:
    """Tap the pop-up's body once; mark a jump. Returns the screen after it, and the jump."""
    assert popup.body_point is not None and shown.hierarchy is not None
    under = popup_free_signature(shown.hierarchy, ctx.package, popup.bounds)
    x, y = popup.body_point
    ts = ctx.tap("popup body", x, y)
    after = ctx.settle(None, need_app=False)
    jumped = ""
    if not ctx.app_on_screen(after):
        jumped = f"another app came to the front ({', '.join(sorted(after.packages()))})"
    elif (
        after.hierarchy is not None
        and not _still_there(ctx, after, popup)
        and popup_free_signature(after.hierarchy, ctx.package, None) != under
    ):
        jumped = "the app opened another page"
    detail = f"line {step.line}: popup_probe: tapped the pop-up's body at {x},{y}"
    if jumped:
        after = ctx.keep(after, "popup-jump")
        ctx.mark(
            MarkerKind.POPUP_JUMP,
            ts,
            f"{detail}, away from its buttons: {jumped}",
            (*shown.evidence, *after.evidence),
        )
    else:
        ctx.mark(MarkerKind.STEP, ts, f"{detail}: no jump")
    return after, bool(jumped)


def run_popup_probe(ctx: StepContext, step: PopupProbe) -> None:
    found = _wait_for_popup(ctx, step)
    if found is None:
        kept = ctx.keep(ctx.settle(None), "popup-none")
        ctx.mark(
            MarkerKind.STEP,
            kept.ts,
            f"line {step.line}: popup_probe: no pop-up within {step.timeout:g} s",
            kept.evidence,
        )
        return
    shown, popup = found
    shown = ctx.keep(shown, "popup")
    ctx.mark(
        MarkerKind.POPUP_PROBED,
        shown.ts,
        f"line {step.line}: popup_probe: a pop-up at {popup.bounds}",
        shown.evidence,
    )
    after, jumped = _tap_body(ctx, step, shown, popup) if popup.body_point else (shown, False)
    back = "BACK not tried (the pop-up was gone after the tap on its body)"
    back_evidence: tuple[str, ...] = ()
    if not ctx.app_on_screen(after):
        ctx.bring_back(f"line {step.line}: popup_probe: back to the app after the jump")
    elif jumped:
        # Back from the page the tap opened, so the scenario goes on where it was.
        ts = ctx.act("popup back", lambda: ctx.ui.press(Key.BACK))
        ctx.mark(MarkerKind.STEP, ts, f"line {step.line}: popup_probe: BACK from the jump")
        ctx.settle(None)
    elif _still_there(ctx, after, popup):
        ts = ctx.act("popup back", lambda: ctx.ui.press(Key.BACK))
        pressed = ctx.keep(ctx.settle(None, need_app=False), "popup-back")
        back_evidence = pressed.evidence
        if not ctx.app_on_screen(pressed):
            back = "BACK left the app"
            ctx.bring_back(f"line {step.line}: popup_probe: back to the app after BACK")
        elif _still_there(ctx, pressed, popup):
            back = "BACK did not dismiss it"
        else:
            back = "BACK dismissed it"
        ctx.mark(MarkerKind.STEP, ts, f"line {step.line}: popup_probe: {back}", back_evidence)
    name = popup.resource_id or popup.label[:30] or popup.class_name
    if not popup.close_mark:
        ctx.mark(
            MarkerKind.POPUP_NO_CLOSE,
            shown.ts,
            f"line {step.line}: pop-up {name!r} at {popup.bounds} has no close or exit mark; "
            f"{back}",
            (*shown.evidence, *back_evidence),
        )
    else:
        ctx.mark(
            MarkerKind.STEP,
            shown.ts,
            f"line {step.line}: pop-up {name!r} closes by {popup.close_mark!r}",
            shown.evidence,
        )
