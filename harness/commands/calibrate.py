"""`harness calibrate [--device NAME] [--apps A,B] [--jobs N]`: the lab as a calibration suite.

On a host-lab device, runs every lab app (lab/*/app.yaml) through each scenario its
`expected_findings` names and compares the findings with that ground truth. On an Android
device (usb, tcp, emulator), runs the device calibration kit instead (lab/device-kit: a real
APK built here from smali that behaves like the `calibration` lab app, whose ground truth it
shares with a small delta; harness.android.devicekit), after checking that the device is
healthy; its sessions run with the proxy in sinkhole mode, so the kit's identifiers never
reach the SDK's real server. A scenario is looked up in the app's own `scenarios/` folder
first, then in the project's `scenarios/`. Prints a table, the misses and surprises, which
rules of the pack some app trips, and as its last line a JSON object: apps, runs, precision,
recall, counts, rules tripped and untripped.
With `--jobs N` on a host-lab device, N sessions run at once (each has its own JVM, proxy port
and UI port; a session mostly waits on its scenario), in the same order of results.
Every finding must also have all its cited evidence in its bundle (as the report's
completeness check reads it): a run whose findings cite what the bundle lacks is listed as
INCOMPLETE and fails calibration.
Exit status 0 only when precision and recall are 1.0, no run failed, no cited evidence is
missing, and (on the host lab, whose apps together trip the whole pack) every rule of the
pack was tripped by some app; else 1 (3 if the lab's machinery failed, the device is not
healthy, or the kit's privacy dialog never showed on it; 2 for bad input).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.errors import InfrastructureError, InputError
from harness.model import MarkerKind, OutcomeKind
from harness.paths import DEFAULT_CATALOG, DEFAULT_RULE_PACK, DEVICES_FILE, LAB_DIR, SCENARIOS_DIR

if TYPE_CHECKING:
    from harness.config.devices import DeviceConfig
    from harness.hostlab import ExpectedFinding, LabApp
    from harness.hostlab.calibration import RunResult, SuiteResult
    from harness.scenario.steps import Scenario
    from harness.session.orchestrator import SessionOutcome
    from harness.session.target import SessionApp, TargetFactory

# The session machinery (Frida, mitmproxy, the lab) is imported where it is used, not here:
# `harness --help` imports every command module and must answer at once.


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "calibrate",
        help="run every lab app's scenarios and compare the findings with their ground truth",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument(
        "--device",
        default=None,
        help="device name in the devices file (default: the first); on an Android device "
        "the device calibration kit runs instead of the lab apps",
    )
    parser.add_argument(
        "--devices", type=Path, default=DEVICES_FILE, help="devices file (default: devices.yaml)"
    )
    parser.add_argument(
        "--apps", default=None, help="comma-separated lab apps (default: all; host lab only)"
    )
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
    from harness.hostlab import find_lab_app

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


@dataclass(frozen=True, slots=True)
class PlannedRun:
    app: SessionApp  # a lab app (host lab) or the device kit's APK (Android device)
    scenario: Scenario
    scenario_name: str
    expected: tuple[ExpectedFinding, ...]


def handle(args: argparse.Namespace) -> int:
    return calibrate(args)


def calibrate(args: argparse.Namespace, *, targets: TargetFactory | None = None) -> int:
    """The command; `targets` opens the app on its device (None: the device kind's own)."""
    from harness.agent.catalog import load_catalog
    from harness.config.devices import DeviceKind, ProxyMode, load_devices
    from harness.evidence.contents import read_bundle
    from harness.evidence.report.citations import unresolved_citations
    from harness.hostlab.calibration import SuiteResult, compare, failed_run, found_key
    from harness.rules.pack import load_rule_pack
    from harness.sdk import SdkDatabase
    from harness.session.orchestrator import RunRequest, run_session_outcome
    from harness.session.target import ANDROID_KINDS

    # Everything is read and checked before the first session starts.
    lab = load_devices(args.devices)
    device = lab.device(args.device, args.devices)
    pack = load_rule_pack(args.rules)
    catalog = load_catalog(args.catalog)
    if args.jobs > 1 and device.kind is not DeviceKind.HOST_LAB:
        raise InputError(
            args.devices,
            f"--jobs {args.jobs}: device '{device.name}' is a {device.kind.value} device, "
            "which runs one app at a time; more than one job needs a host-lab device",
        )
    on_phone = device.kind in ANDROID_KINDS
    plan = device_kit_plan(args, device) if on_phone else lab_plan(args)
    if on_phone:
        # The kit's traffic needs no real server, and its identifiers must not reach Umeng's
        # real one: the proxy answers every request itself, whatever devices.yaml says.
        device = device.model_copy(update={"proxy_mode": ProxyMode.SINKHOLE})

    def run(number: int, planned: PlannedRun) -> SessionOutcome:
        print(
            f"[{number}/{len(plan)}] {planned.app.name} / {planned.scenario_name} ...",
            file=sys.stderr,
            flush=True,
        )
        request = RunRequest(
            app=planned.app,
            scenario=planned.scenario,
            device=device,
            out_dir=args.out,
            catalog=catalog,
            rule_pack=pack,
            targets=targets,
        )
        return run_session_outcome(request)

    with ThreadPoolExecutor(max_workers=args.jobs, thread_name_prefix="calibrate") as pool:
        futures = [
            pool.submit(run, number, planned) for number, planned in enumerate(plan, start=1)
        ]
        outcomes = [future.result() for future in futures]
    results: list[RunResult] = []
    infra_failed = False
    same_sdk = SdkDatabase.load().same_sdk  # ground truth may name an SDK by any of its names
    for planned, outcome in zip(plan, outcomes, strict=True):
        app, name, expected = planned.app.name, planned.scenario_name, planned.expected
        if outcome.kind is not OutcomeKind.OK:
            infra_failed |= outcome.kind is OutcomeKind.INFRA_FAULT
            error = f"{outcome.kind.value}: {outcome.error}"
            results.append(failed_run(app, name, expected, error, str(outcome.bundle)))
            continue
        unseen = on_phone and _consent_not_found(outcome.bundle)
        if unseen:
            # The kit always shows its dialog: not seeing it means the screen was off, locked
            # or covered, and every phase of the run is wrong however the counts look.
            error = f"the kit's privacy dialog was not found on screen: {unseen}"
            infra_failed = True  # the phone's state, not the harness's judgement
            results.append(failed_run(app, name, expected, error, str(outcome.bundle)))
            continue
        rows = json.loads((outcome.bundle / "findings.json").read_text(encoding="utf-8"))
        found = [found_key(row) for row in rows]
        # Every finding's evidence must be in its bundle, as the report checks it.
        dangling = unresolved_citations(read_bundle(outcome.bundle))
        results.append(
            compare(
                app,
                name,
                expected,
                found,
                bundle=str(outcome.bundle),
                same=same_sdk,
                dangling=dangling,
            )
        )
    suite = SuiteResult(
        tuple(results),
        tuple(pack.rules),
        {
            "device": device.name,
            "rule_pack": pack.version,
            "proxy_mode": device.resolved_proxy_mode().value,
            **_kit_info(plan),
        },
        # The lab apps together trip every rule; the kit alone trips only its own.
        every_rule=not on_phone,
    )
    print(render(suite))
    print(json.dumps(suite.summary_json(), ensure_ascii=False))
    if suite.passed:
        return 0
    return 3 if infra_failed else 1


def _consent_not_found(bundle: Path) -> str:
    """The detail of the bundle's first consent_not_found marker, or "" when it has none."""
    from harness.evidence.contents import EVENTS_FILE

    with (bundle / EVENTS_FILE).open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            if row.get("type") == "marker" and row.get("kind") == MarkerKind.CONSENT_NOT_FOUND:
                return str(row.get("detail", ""))
    return ""


def _kit_info(plan: list[PlannedRun]) -> dict[str, Any]:
    """Which build of the device kit ran (its sha256 also sits in each bundle's manifest)."""
    from harness.session.apkapp import ApkApp

    kit = next((p.app for p in plan if isinstance(p.app, ApkApp)), None)
    return {} if kit is None else {"kit": {"package": kit.package, "sha256": kit.sha256}}


def lab_plan(args: argparse.Namespace) -> list[PlannedRun]:
    from harness.scenario.steps import load_scenario

    plan = [
        PlannedRun(app, load_scenario(scenario_path(app, name)), name, expected)
        for app in lab_apps(args.lab, args.apps)
        for name, expected in app.expected_findings
    ]
    if not plan:
        raise InputError(args.lab, "lab apps with expected_findings: found none")
    return plan


def device_kit_plan(args: argparse.Namespace, device: DeviceConfig) -> list[PlannedRun]:
    """The kit through its base app's scenarios, once the device is known to be healthy."""
    # Imported here: the device layer (adbutils, apkInspector) loads for phones only.
    from harness.android.devicekit import build_kit_apk, kit_app, load_device_kit
    from harness.scenario.steps import load_scenario

    if args.apps:
        raise InputError(
            None,
            f"--apps {args.apps}: lab apps run on a host-lab device; on the Android device "
            f"'{device.name}' calibrate runs the device calibration kit (lab/device-kit)",
        )
    kit = load_device_kit(args.lab / "device-kit", lab_root=args.lab)
    plan_scenarios = [
        (name, load_scenario(scenario_path(kit.base, name)), expected)
        for name, expected in kit.expected_findings
    ]
    require_healthy(device)
    app = kit_app(kit, build_kit_apk(kit))
    return [
        PlannedRun(app, scenario, name, expected) for name, scenario, expected in plan_scenarios
    ]


def require_healthy(device: DeviceConfig) -> None:
    """`harness devices`'s checks for this one device; a failed one stops calibration."""
    from harness.android.adb import AdbEndpoint, adb_session, list_devices
    from harness.android.health import check_device

    endpoint = AdbEndpoint.from_env()
    with adb_session(endpoint) as client:
        health = check_device(device, list_devices(client), client, endpoint)
    failed = [c for c in health.checks if c.ok is False]
    if failed:
        lines = [
            f"  {c.name}: {c.detail}" + (f"\n    fix: {c.fix}" if c.fix else "") for c in failed
        ]
        raise InfrastructureError(
            f"device '{device.name}' is not ready for calibration:\n"
            + "\n".join(lines)
            + "\n(`harness devices` lists every check; harness/android/README.md explains them)"
        )


def render(suite: SuiteResult) -> str:
    from harness.hostlab.calibration import describe

    width = max([len(r.app) for r in suite.runs] + [3])
    swidth = max([len(r.scenario) for r in suite.runs] + [8])
    head = f"{'app':<{width}}  {'scenario':<{swidth}}  expected  found  tp  fp  fn  result"
    lines = [head, "-" * len(head)]
    for run in suite.runs:
        result = "ok" if run.ok else ("ERROR" if run.error else "MISMATCH")
        if run.dangling and not (run.error or run.missing or run.extra):
            result = "INCOMPLETE"
        lines.append(
            f"{run.app:<{width}}  {run.scenario:<{swidth}}  {len(run.expected):>8}  "
            f"{len(run.found):>5}  {run.true_positives:>2}  {len(run.extra):>2}  "
            f"{len(run.missing):>2}  {result}"
        )
        if run.error:
            lines.append(f"    error: {run.error.splitlines()[0] if run.error else ''}")
        lines.extend(f"    missed:     {describe(m)}" for m in run.missing)
        lines.extend(f"    unexpected: {describe(x)}" for x in run.extra)
        lines.extend(f"    cites what the bundle lacks: {d}" for d in run.dangling)
        if not run.ok and run.bundle:
            lines.append(f"    bundle: {run.bundle}")
    tripped, untripped = suite.rules_tripped(), suite.rules_untripped()
    lines.append(f"rules tripped by some app: {len(tripped)}/{len(suite.rules)}")
    if suite.every_rule:
        lines.extend(f"    NOT TRIPPED: {rule}" for rule in untripped)
    else:
        lines.append(f"    not tripped (not required on a device): {', '.join(untripped) or '-'}")
    lines.append(
        f"precision {suite.precision:.3f}  recall {suite.recall:.3f}  "
        f"(tp {suite.tp}, fp {suite.fp}, fn {suite.fn})"
    )
    return "\n".join(lines)
