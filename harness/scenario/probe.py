"""The probe_self_start step: stop the app, send common system broadcasts, see what starts.

Self-start (自启动, MIIT No. 164 type 6) is the system starting the app's process without the
user: a manifest receiver for BOOT_COMPLETED, CONNECTIVITY_CHANGE, USER_PRESENT,
PACKAGE_ADDED … (harness/data/self-start.yaml), a service or provider. The step keeps the
last screen, ends every process of the app (`app_stopped`, and `background_start` at the same
instant: from now on the app is not what the user sees), then sends each broadcast, waits
`watch` seconds, and marks every process of the app the system started meanwhile as
`app_self_started`, its detail the ActivityManager line ("Start proc 5120:com.x:core/u0a201
for broadcast {com.x/com.x.BootReceiver}"). What those processes read is in the timeline like
any hook event (they are hooked from their first instruction), for the self-start rule and
background-collection. The app is left stopped: later steps see it gone, so the probe goes
last (before `stop`).

The device does the work (`SystemBroadcasts`): the host lab's system model
(harness.hostlab.broadcasts). A target without it gets a `step_failed` marker saying so.

On a phone (harness.android.broadcasts): HOME and `am kill` (never force-stop: a force-stopped
app gets no broadcast), `am broadcast` as root, and logcat's "Start proc" lines
(harness.android.logcat). A broadcast the device refuses (no root for a protected one) is a
`step_failed` marker with am's message, and the probe goes on with the next.

Known gaps: a process already running is not started again, so a broadcast it receives is
not seen.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from harness.model import MarkerKind, ProcessStart
from harness.scenario.context import StepContext
from harness.scenario.language import ProbeSelfStart
from harness.selfstart import BroadcastRefused, load_self_start_table


@runtime_checkable
class SystemBroadcasts(Protocol):
    """What a device offers the probe (host clock throughout)."""

    def stop_app(self) -> float:
        """End every process of the app, as the system does for an app swiped away (not a
        force-stop: a force-stopped app gets no broadcast until the user opens it)."""
        ...

    def send_broadcast(self, action: str) -> float:
        """Send the broadcast as the system does; returns when it was sent."""
        ...

    def process_starts(self, since: float) -> list[ProcessStart]:
        """The processes the system started since `since`, any app's."""
        ...


def run_probe(ctx: StepContext, step: ProbeSelfStart) -> None:
    system = ctx.app
    last = ctx.settle("probe-self-start", need_app=False)
    if not isinstance(system, SystemBroadcasts):
        ctx.mark(
            MarkerKind.STEP_FAILED,
            last.ts,
            f"line {step.line}: probe_self_start: this device cannot stop the app and send "
            "system broadcasts",
            last.evidence,
        )
        return
    stopped = system.stop_app()
    ctx.app_stopped = True
    ctx.mark(
        MarkerKind.APP_STOPPED,
        stopped,
        f"line {step.line}: probe_self_start: every process of the app ended",
        last.evidence,
    )
    ctx.went_background(stopped, f"line {step.line}: the app was stopped by the probe")
    actions = step.broadcasts or load_self_start_table().default_broadcasts
    for action in actions:
        try:
            sent = system.send_broadcast(action)
        except BroadcastRefused as exc:
            ctx.mark(
                MarkerKind.STEP_FAILED, ctx.wall(), f"line {step.line}: broadcast {action}: {exc}"
            )
            continue
        ctx.sleep(step.watch)
        started = [s for s in system.process_starts(sent) if s.package == ctx.package]
        if not started:
            ctx.mark(
                MarkerKind.STEP,
                sent,
                f"line {step.line}: broadcast {action}: no process of the app started "
                f"within {step.watch:g} s",
            )
        for start in started:
            ctx.mark(
                MarkerKind.APP_SELF_STARTED,
                start.ts,
                f"line {step.line}: broadcast {action}: {start.log_message()}",
            )
