"""`harness calibrate` over every lab app, in shards: one test file per shard, so that
pytest-xdist (`--dist loadfile`) runs the shards on different workers at once instead of one
worker calibrating the whole lab at the end of the run. The shards partition the lab apps
(every app in exactly one; new apps are placed automatically, longest first); together
with `test_every_rule_of_the_pack_has_ground_truth` (tests/rules/test_calibration.py), each
shard being exact means every rule of the pack is tripped by some lab app, as one
`harness calibrate` over the whole lab checks it.
"""

from __future__ import annotations

import json
from pathlib import Path

from harness.commands.calibrate import lab_apps
from harness.paths import LAB_DIR
from harness.testkit.cli import run_harness

SHARDS = 3
# The rescoring test reads tracker's bundles: it is in shard 1 (test_calibration_hostlab_1).
PINNED = {"tracker": 0}


def shard_apps(shard: int) -> list[str]:
    """The lab apps of shard `shard` (0-based): apps with ground truth, balanced by their
    number of sessions (longest-processing-time first), PINNED apps where they are pinned."""
    apps = [app for app in lab_apps(LAB_DIR, None) if app.expected_findings]
    loads = [0] * SHARDS
    members: list[list[str]] = [[] for _ in range(SHARDS)]
    for name, where in PINNED.items():
        pinned = next(app for app in apps if app.name == name)
        members[where].append(name)
        loads[where] += len(pinned.expected_findings)
    rest = sorted(
        (app for app in apps if app.name not in PINNED),
        key=lambda app: (-len(app.expected_findings), app.name),
    )
    for app in rest:
        target = loads.index(min(loads))
        members[target].append(app.name)
        loads[target] += len(app.expected_findings)
    return sorted(members[shard])


def calibrate_shard(shard: int, out: Path) -> tuple[dict[str, object], str]:
    """Calibrate one shard's apps (two sessions at once); its JSON summary and its output."""
    apps = ",".join(shard_apps(shard))
    result = run_harness(
        "calibrate", "--apps", apps, "--jobs", "2", "--out", str(out), timeout=1800
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    return summary, result.stdout + result.stderr


def assert_exact(summary: dict[str, object], output: str, shard: int) -> None:
    assert summary["apps"] == len(shard_apps(shard)), output
    assert summary["precision"] == 1.0 and summary["recall"] == 1.0, output
    assert summary["errors"] == 0, output
    assert summary["incomplete_evidence"] == 0, output
