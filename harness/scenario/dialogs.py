"""The consent and permission steps.

consent: waits (up to its timeout) for the privacy dialog, found by harness.ui.consent or by
the scenario's own `button` selector, and taps accept or refuse. The marker carries the
instant of the tap itself, so phases change exactly there. `auto` accepts, then keeps
watching briefly and accepts a dialog that follows (apps often chain a summary and a
second confirmation); `refuse` likewise refuses a dialog that follows (the two-step refusal
of Chinese apps: "不同意" opens a second dialog asking again). A dialog whose accept needs its
"I have read and agree" box is ticked first (consent_box_ticked marker); a box ticked before
anyone touched it is recorded (consent_preticked marker). The first dialog of the step is
also judged as a dialog (harness.ui.dialog_quality): one offering no refusal is marked
consent_no_refuse, one that neither shows nor links the privacy policy consent_no_policy,
each with its screen. When no dialog shows, a consent_not_found marker records it, with the
screen as evidence.

permission: waits for the system permission dialog and gives the answer, then answers the
dialogs that follow it straight away (one request, several permission groups).
"""

from __future__ import annotations

from harness.model import MarkerKind, PermissionAnswer
from harness.scenario.context import Snapshot, StepContext
from harness.scenario.language import Consent, ConsentChoice, Permission
from harness.ui.consent import ConsentDialog, TickBox, detect_consent
from harness.ui.dialog_quality import assess_dialog
from harness.ui.permissions import detect_permission_dialog
from harness.ui.selectors import tap_point

_FOLLOW_UPS = 2  # further dialogs `consent: auto` accepts (or `refuse` refuses) after the first


def _target(
    snapshot: Snapshot, step: Consent, choice: ConsentChoice
) -> tuple[int, int, str, ConsentDialog | None] | None:
    """(x, y, what, dialog) of the button to tap, or None when it is not on screen."""
    if snapshot.hierarchy is None:
        return None
    if step.button is not None:
        node = step.button.find(snapshot.hierarchy)
        if node is None:
            return None
        x, y = tap_point(snapshot.hierarchy, node)
        what = f"{node.label!r} ({node.resource_id or 'no id'}) by the scenario's selector"
        return x, y, what, detect_consent(snapshot.hierarchy)
    dialog = detect_consent(snapshot.hierarchy)
    if dialog is None:
        return None
    button = dialog.refuse if choice is ConsentChoice.REFUSE else dialog.accept
    if button is None:
        return None
    x, y = button.center
    what = (
        f"{button.label!r} ({button.resource_id or 'no id'}); confidence {button.confidence}, "
        f"dialog {dialog.confidence}"
    )
    return x, y, what, dialog


def _tick_first(ctx: StepContext, step: Consent, tick: TickBox, evidence: tuple[str, ...]) -> None:
    """Tick the dialog's "I have read and agree" box, and record it."""
    ts = ctx.tap("consent tick box", *tick.center)
    state = "unticked" if tick.ticked is False else "state unknown, accept disabled"
    ctx.mark(
        MarkerKind.CONSENT_BOX_TICKED,
        ts,
        f"line {step.line}: ticked {tick.label!r} ({tick.resource_id or 'no id'}; {state}) "
        f"at {tick.center[0]},{tick.center[1]} before accepting",
        evidence,
    )


def _mark_preticked(
    ctx: StepContext, step: Consent, snapshot: Snapshot, dialog: ConsentDialog
) -> None:
    box = dialog.tick
    assert box is not None  # a preticked dialog has its box
    ctx.mark(
        MarkerKind.CONSENT_PRETICKED,
        snapshot.ts,
        f"line {step.line}: consent box {box.label!r} "
        f"({box.resource_id or 'no id'}) was ticked before any tap",
        snapshot.evidence,
    )


def _judge_dialog(
    ctx: StepContext, step: Consent, snapshot: Snapshot, dialog: ConsentDialog
) -> None:
    """Mark what is wrong with the dialog itself (not the answer the scenario gives it)."""
    if snapshot.hierarchy is None:
        return
    defects = assess_dialog(snapshot.hierarchy, dialog)
    buttons = " / ".join(defects.buttons) or "none"
    if defects.no_refuse:
        ctx.mark(
            MarkerKind.CONSENT_NO_REFUSE,
            snapshot.ts,
            f"line {step.line}: the consent dialog offers no way to refuse (buttons: {buttons})",
            snapshot.evidence,
        )
    if defects.no_policy:
        ctx.mark(
            MarkerKind.CONSENT_NO_POLICY,
            snapshot.ts,
            f"line {step.line}: the consent dialog neither shows nor links the privacy policy "
            f"(it says: {dialog.policy_text[:80]!r})",
            snapshot.evidence,
        )


def _tap_consent(
    ctx: StepContext, step: Consent, timeout: float, label: str, first: bool = False
) -> bool:
    choice = ConsentChoice.REFUSE if step.choice is ConsentChoice.REFUSE else ConsentChoice.ACCEPT
    deadline = ctx.monotonic() + timeout
    ticked = preticked_noted = judged = False
    while True:
        snapshot = ctx.settle(None)
        target = _target(snapshot, step, choice)
        if target is not None:
            snapshot = ctx.keep(snapshot, label)
            x, y, what, dialog = target
            # Ticked before any tap of ours: once the runner ticked the box, it is not.
            box = dialog.tick if dialog is not None else None
            if dialog is not None and dialog.preticked and not (preticked_noted or ticked):
                _mark_preticked(ctx, step, snapshot, dialog)
                preticked_noted = True
            if first and dialog is not None and not judged:
                _judge_dialog(ctx, step, snapshot, dialog)
                judged = True
            accepting = choice is ConsentChoice.ACCEPT and step.button is None
            # Ticked once only: a second tap would untick the box.
            needs_tick = dialog is not None and dialog.needs_tick and not ticked
            if accepting and box is not None and needs_tick:
                _tick_first(ctx, step, box, snapshot.evidence)
                ticked = True
                continue  # look again: the accept button answers now
            if accepting and dialog is not None and dialog.accept and not dialog.accept.enabled:
                # Still disabled (the box did not take yet): wait for it, within the timeout.
                if ctx.monotonic() >= deadline:
                    return False
                ctx.sleep(ctx.settings.poll_interval_s)
                continue
            ts = ctx.tap(f"consent {choice.value}", x, y)
            kind = (
                MarkerKind.CONSENT_REFUSE
                if choice is ConsentChoice.REFUSE
                else MarkerKind.CONSENT_ACCEPT
            )
            ctx.mark(kind, ts, f"line {step.line}: tapped {what} at {x},{y}", snapshot.evidence)
            return True
        if first and not judged and snapshot.hierarchy is not None:
            # The dialog lacks the button this step wants (a refusal): still judge it.
            shown = detect_consent(snapshot.hierarchy)
            if shown is not None:
                kept = ctx.keep(snapshot, label)
                if shown.preticked and not preticked_noted:
                    _mark_preticked(ctx, step, kept, shown)
                    preticked_noted = True
                _judge_dialog(ctx, step, kept, shown)
                judged = True
        if ctx.monotonic() >= deadline:
            return False
        ctx.sleep(ctx.settings.poll_interval_s)


def run_consent(ctx: StepContext, step: Consent) -> None:
    label = f"consent-{step.choice.value}"
    if not _tap_consent(ctx, step, step.timeout, label, first=True):
        snapshot = ctx.settle(label)
        wanted = "the scenario's button" if step.button else f"a {step.choice.value} button"
        ctx.mark(
            MarkerKind.CONSENT_NOT_FOUND,
            snapshot.ts,
            f"line {step.line}: no privacy dialog with {wanted} within {step.timeout:g} s",
            snapshot.evidence,
        )
        return
    if step.choice is ConsentChoice.AUTO or (
        step.choice is ConsentChoice.REFUSE and step.button is None
    ):
        for _ in range(_FOLLOW_UPS):
            if not _tap_consent(ctx, step, ctx.settings.follow_up_s, label):
                break


def run_permission(ctx: StepContext, step: Permission) -> None:
    deadline = ctx.monotonic() + step.timeout
    answered = 0
    while True:
        snapshot = ctx.look()
        dialog = detect_permission_dialog(snapshot.hierarchy) if snapshot.hierarchy else None
        if dialog is not None:
            prompt = ctx.answer_permission(snapshot, dialog, step.answer, True)
            answered += 1
            if prompt.answer is PermissionAnswer.UNANSWERED:
                break  # the dialog offers no button for this answer: recorded, left alone
            deadline = ctx.monotonic() + ctx.settings.follow_up_s
            continue
        if ctx.monotonic() >= deadline:
            break
        ctx.sleep(ctx.settings.poll_interval_s)
    if answered == 0:
        kept = ctx.keep(snapshot, "permission-none")
        ctx.mark(
            MarkerKind.STEP,
            kept.ts,
            f"line {step.line}: permission {step.answer.value}: no permission dialog within "
            f"{step.timeout:g} s",
            kept.evidence,
        )
