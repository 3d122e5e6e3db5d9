"""`harness calibrate [--device NAME] [--apps A,B] [--jobs N]`: the lab as a calibration suite.

Runs every lab app (lab/*/app.yaml) through each scenario its `expected_findings` names, on
one device, and compares the findings with that ground truth. A scenario is looked up in the
app's own `scenarios/` folder first, then in the project's `scenarios/`. Prints a table, the
misses and surprises, which rules of the pack some app trips, and as its last line a JSON
object: apps, runs, precision, recall, counts, rules tripped and untripped.
With `--jobs N` on a host-lab device, N sessions run at once (each has its own JVM, proxy port
and UI port; a session mostly waits on its scenario), in the same order of results.
Exit status 0 only when precision and recall are 1.0, no run failed, and every rule of the
pack was tripped by some app; else 1 (3 if the lab's machinery failed).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.config.devices import DeviceKind, load_devices
from harness.errors import InputError
from harness.hostlab import LabApp, find_lab_app
from harness.paths import DEVICES_FILE, LAB_DIR, SCENARIOS_DIR
from harness.rules.calibration import (
    RunResult,
    SuiteResult,
    compare,
    describe,
    failed_run,
    found_key,
)
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.scenario.steps import Scenario, load_scenario
from harness.session.orchestrator import (
    OutcomeKind,
    RunRequest,
    SessionOutcome,
    run_session_outcome,
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "calibrate",
        help="run every lab app's scenarios and compare the findings with their ground truth",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument(
        "--device", default=None, help="device name in the devices file (default: the first)"
    )
    parser.add_argument(
        "--devices", type=Path, default=DEVICES_FILE, help="devices file (default: devices.yaml)"
    )
    parser.add_argument("--apps", default=None, help="comma-separated lab apps (default: all)")
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        help="sessions at once on a host-lab device (default: 1)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("evidence"), help="evidence folder (default: ./evidence)"
    )
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULE_PACK, help="rule pack")
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="hook catalog")
    parser.add_argument("--lab", type=Path, default=LAB_DIR, help=argparse.SUPPRESS)
    parser.set_defaults(handler=handle)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def lab_apps(lab_root: Path, names: str | None) -> list[LabApp]:
    if names:
        return [find_lab_app(n.strip(), lab_root=lab_root) for n in names.split(",") if n.strip()]
    folders = sorted(p.parent for p in lab_root.glob("*/app.yaml"))
    return [find_lab_app(f.name, lab_root=lab_root) for f in folders]


def scenario_path(app: LabApp, name: str) -> Path:
    for candidate in (app.folder / "scenarios" / f"{name}.yaml", SCENARIOS_DIR / f"{name}.yaml"):
        if candidate.is_file():
            return candidate
    raise InputError(
        app.folder / "app.yaml",
        f"expected_findings names scenario '{name}': no scenarios/{name}.yaml in the app's "
        f"folder or in {SCENARIOS_DIR}",
    )


def handle(args: argparse.Namespace) -> int:
    # Everything is read and checked before the first session starts.
    lab = load_devices(args.devices)
    device = lab.device(args.device, args.devices)
    pack = load_rule_pack(args.rules)
    catalog = load_catalog(args.catalog)
    plan = []
    for app in lab_apps(args.lab, args.apps):
        for name, expected in app.expected_findings:
            plan.append((app, load_scenario(scenario_path(app, name)), name, expected))
    if not plan:
        raise InputError(args.lab, "lab apps with expected_findings: found none")
    if args.jobs > 1 and device.kind is not DeviceKind.HOST_LAB:
        raise InputError(
            args.devices,
            f"--jobs {args.jobs}: device '{device.name}' is a {device.kind.value} device, "
            "which runs one app at a time; more than one job needs a host-lab device",
        )

    def run(number: int, app: LabApp, scenario: Scenario, name: str) -> SessionOutcome:
        print(f"[{number}/{len(plan)}] {app.name} / {name} ...", file=sys.stderr, flush=True)
        request = RunRequest(
            app=app,
            scenario=scenario,
            device=device,
            out_dir=args.out,
            catalog=catalog,
            rule_pack=pack,
        )
        return run_session_outcome(request)

    with ThreadPoolExecutor(max_workers=args.jobs, thread_name_prefix="calibrate") as pool:
        futures = [
            pool.submit(run, number, app, scenario, name)
            for number, (app, scenario, name, _expected) in enumerate(plan, start=1)
        ]
        outcomes = [future.result() for future in futures]
    results: list[RunResult] = []
    infra_failed = False
    for (app, _scenario, name, expected), outcome in zip(plan, outcomes, strict=True):
        if outcome.kind is not OutcomeKind.OK:
            infra_failed |= outcome.kind is OutcomeKind.INFRA_FAULT
            error = f"{outcome.kind.value}: {outcome.error}"
            results.append(failed_run(app.name, name, expected, error, str(outcome.bundle)))
            continue
        rows = json.loads((outcome.bundle / "findings.json").read_text(encoding="utf-8"))
        found = [found_key(row) for row in rows]
        results.append(compare(app.name, name, expected, found, bundle=str(outcome.bundle)))
    suite = SuiteResult(
        tuple(results),
        tuple(pack.rules),
        {"device": device.name, "rule_pack": pack.version},
    )
    print(render(suite))
    print(json.dumps(suite.summary_json(), ensure_ascii=False))
    if suite.passed:
        return 0
    return 3 if infra_failed else 1


def render(suite: SuiteResult) -> str:
    width = max([len(r.app) for r in suite.runs] + [3])
    swidth = max([len(r.scenario) for r in suite.runs] + [8])
    head = f"{'app':<{width}}  {'scenario':<{swidth}}  expected  found  tp  fp  fn  result"
    lines = [head, "-" * len(head)]
    for run in suite.runs:
        result = "ok" if run.ok else ("ERROR" if run.error else "MISMATCH")
        lines.append(
            f"{run.app:<{width}}  {run.scenario:<{swidth}}  {len(run.expected):>8}  "
            f"{len(run.found):>5}  {run.true_positives:>2}  {len(run.extra):>2}  "
            f"{len(run.missing):>2}  {result}"
        )
        if run.error:
            lines.append(f"    error: {run.error.splitlines()[0] if run.error else ''}")
        lines.extend(f"    missed:     {describe(m)}" for m in run.missing)
        lines.extend(f"    unexpected: {describe(x)}" for x in run.extra)
        if not run.ok and run.bundle:
            lines.append(f"    bundle: {run.bundle}")
    tripped, untripped = suite.rules_tripped(), suite.rules_untripped()
    lines.append(f"rules tripped by some app: {len(tripped)}/{len(suite.rules)}")
    lines.extend(f"    NOT TRIPPED: {rule}" for rule in untripped)
    lines.append(
        f"precision {suite.precision:.3f}  recall {suite.recall:.3f}  "
        f"(tp {suite.tp}, fp {suite.fp}, fn {suite.fn})"
    )
    return "\n".join(lines)
