"""The `upgrade` step: install version N+1 over the app, and record its runtime-permission
grants just before and just after (a PermissionUpgrade), for permissions-changed-on-update.

The app is stopped by the install (as an app store's update does); the scenario's next
`launch` starts version N+1. The screen before the install is the marker's evidence, and both
grant tables are saved beside it as JSON. A device whose target cannot install another
version (an APK session given one version; a lab app without `upgrade:` in app.yaml) fails the
step with a step_failed marker naming why, and the scenario goes on.
"""

from __future__ import annotations

import json

from harness.errors import InputError
from harness.model import MarkerKind, PermissionUpgrade
from harness.scenario.context import StepContext, UpgradableApp
from harness.scenario.language import Upgrade


def run_upgrade(ctx: StepContext, step: Upgrade) -> None:
    snapshot = ctx.look("upgrade")
    app = ctx.app
    if not isinstance(app, UpgradableApp):
        ctx.mark(
            MarkerKind.STEP_FAILED,
            snapshot.ts,
            f"line {step.line}: upgrade: this device cannot install another version of the app",
            snapshot.evidence,
        )
        return
    try:
        done = app.upgrade()
    except InputError as exc:  # the app has no version N+1
        ctx.mark(MarkerKind.STEP_FAILED, ctx.wall(), f"line {step.line}: upgrade: {exc}")
        return
    number = len(ctx.upgrades) + 1
    grants = {
        "from_version": done.from_version,
        "to_version": done.to_version,
        "before": {p: g.to_json() for p, g in sorted(done.before.items())},
        "after": {p: g.to_json() for p, g in sorted(done.after.items())},
    }
    table = ctx.add_evidence(
        f"upgrade/{number:02d}-grants.json",
        (json.dumps(grants, ensure_ascii=False, indent=2) + "\n").encode(),
    )
    evidence = (*snapshot.evidence, table)
    ctx.upgrades.append(
        PermissionUpgrade(
            id=f"up{number:04d}",
            ts=done.ts,
            from_version=done.from_version,
            to_version=done.to_version,
            before=tuple(sorted(done.before.items())),
            after=tuple(sorted(done.after.items())),
            evidence=evidence,
        )
    )
    ctx.mark(
        MarkerKind.APP_UPGRADED,
        done.ts,
        f"line {step.line}: upgrade {done.from_version} -> {done.to_version}",
        evidence,
    )
