"""`harness run [APP] [--scenario FILE] [--device NAME] [--out DIR]`.

With no arguments: the calibration lab app, first-launch-accept, on the first device of
devices.yaml, into ./evidence. Prints the bundle's path as its last line.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.config.devices import load_devices
from harness.hostlab import find_lab_app
from harness.paths import DEVICES_FILE, SCENARIOS_DIR
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.scenario.steps import load_scenario
from harness.session.orchestrator import RunRequest, run_session


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run", help="run one app through a scenario on a device and write an evidence bundle"
    )
    parser.add_argument(
        "app",
        nargs="?",
        default="calibration",
        help="a lab app name or folder (default: calibration)",
    )
    parser.add_argument(
        "--scenario",
        type=Path,
        default=SCENARIOS_DIR / "first-launch-accept.yaml",
        help="scenario YAML file (default: scenarios/first-launch-accept.yaml)",
    )
    parser.add_argument(
        "--device", default=None, help="device name in the devices file (default: the first)"
    )
    parser.add_argument(
        "--devices", type=Path, default=DEVICES_FILE, help="devices file (default: devices.yaml)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("evidence"), help="evidence folder (default: ./evidence)"
    )
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="hook catalog")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULE_PACK, help="rule pack")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # Everything the user gave is read and checked before any process starts.
    lab = load_devices(args.devices)
    request = RunRequest(
        app=find_lab_app(args.app),
        scenario=load_scenario(args.scenario),
        device=lab.device(args.device, args.devices),
        out_dir=args.out,
        catalog=load_catalog(args.catalog),
        rule_pack=load_rule_pack(args.rules),
    )
    bundle = run_session(request)
    print(f"findings: {_count_findings(bundle)}")
    print(bundle)
    return 0


def _count_findings(bundle: Path) -> int:
    import json

    return len(json.loads((bundle / "findings.json").read_text(encoding="utf-8")))
