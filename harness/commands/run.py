"""`harness run [APP] [--scenario FILE] [--device NAME] [--profile FILE] [--out DIR]`.

With no arguments: the calibration lab app, first-launch-accept, on the first device of
devices.yaml, into ./evidence. Prints the bundle's path as its last line.

APP is a lab app (name or folder; host-lab devices) or an APK (.apk, .apks, .xapk, .apkm;
Android devices). The profile the rules judge the app by is `--profile FILE` when given,
else the lab app's `app.yaml` profile, or `APP.profile.yaml` beside an APK.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.paths import DEFAULT_CATALOG, DEFAULT_RULE_PACK, DEVICES_FILE, SCENARIOS_DIR

if TYPE_CHECKING:
    from harness.session.target import SessionApp

# The session machinery (Frida, mitmproxy, the lab) is imported by `handle`, not here:
# `harness --help` imports every command module and must answer at once.


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run", help="run one app through a scenario on a device and write an evidence bundle"
    )
    parser.add_argument(
        "app",
        nargs="?",
        default="calibration",
        help="a lab app name or folder, or an APK for an Android device (default: calibration)",
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
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="app profile YAML (default: a lab app's app.yaml profile, APP.profile.yaml "
        "beside an APK)",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE|URL",
        help="the privacy policy to judge the app by (a URL is fetched through the session's "
        "proxy); default: the one its consent dialog links to, if its profile declares nothing",
    )
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="hook catalog")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULE_PACK, help="rule pack")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from harness.agent.catalog import load_catalog
    from harness.config.devices import load_devices
    from harness.rules.pack import load_rule_pack
    from harness.scenario.steps import load_scenario
    from harness.session.orchestrator import RunRequest, run_session
    from harness.session.policy import read_given

    # Everything the user gave is read and checked before any process starts.
    lab = load_devices(args.devices)
    app, profile_source = _app(args.app, args.profile)
    request = RunRequest(
        app=app,
        profile_source=profile_source,
        scenario=load_scenario(args.scenario),
        device=lab.device(args.device, args.devices),
        out_dir=args.out,
        catalog=load_catalog(args.catalog),
        rule_pack=load_rule_pack(args.rules),
        policy=args.policy,
        policy_text=None if args.policy is None else read_given(args.policy),
    )
    bundle = run_session(request)
    print(f"findings: {_count_findings(bundle)}")
    print(bundle)
    return 0


def _app(ref: str, profile: Path | None) -> tuple[SessionApp, str | None]:
    """The app named on the command line, and where its profile came from if not its own."""
    from harness.hostlab import find_lab_app
    from harness.session.apkapp import checked_profile, is_apk_ref, load_apk_app

    if is_apk_ref(ref):
        return load_apk_app(Path(ref), profile), None
    lab_app = find_lab_app(ref)
    if profile is None:
        return lab_app, None
    return replace(lab_app, profile=checked_profile(profile, lab_app.package)), str(profile)


def _count_findings(bundle: Path) -> int:
    import json

    return len(json.loads((bundle / "findings.json").read_text(encoding="utf-8")))
