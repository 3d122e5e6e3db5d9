"""`harness run [APP] [--scenario FILE] [--device NAME] [--profile FILE] [--out DIR]`.

With no arguments: the calibration lab app, first-launch-accept, on the first device of
devices.yaml, into ./evidence. While it works, progress goes to stderr: redrawn in place on
a terminal (phase or step, hook events, flows, rejected requests, time), one timestamped
line per phase and step otherwise (CI logs). At the end, stdout gets a summary (verdict,
violation types with counts, collectors, gaps and warnings, such as a consent dialog that
was never found) and the bundle's path as its last line.

APP is a lab app (name or folder; host-lab devices) or an APK (.apk, .apks, .xapk, .apkm;
Android devices). The profile the rules judge the app by is `--profile FILE` when given,
else the lab app's `app.yaml` profile, or `APP.profile.yaml` beside an APK.

The sealed bundle is added to the results index (`--index`, else $HARNESS_INDEX, else
OUT/index.sqlite: evidence/index.sqlite by default, where suites write), so `harness serve`
and `harness results` see single runs too; a failure to index it exits 3 after the path.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from harness.commands.paths_arg import evidence_folder, scenario_file
from harness.paths import DEFAULT_CATALOG, DEFAULT_RULE_PACK, DEVICES_FILE, SCENARIOS_DIR

if TYPE_CHECKING:
    from harness.session.target import SessionApp

# The session machinery (Frida, mitmproxy, the lab) is imported by `handle`, not here:
# `harness --help` imports every command module and must answer at once.

_PROGRESS = {"auto": None, "always": True, "never": False}


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
        default=str(SCENARIOS_DIR / "first-launch-accept.yaml"),
        help="scenario YAML file, or a standard scenario's name as in suites "
        "(default: first-launch-accept)",
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
    parser.add_argument(
        "--progress",
        choices=sorted(_PROGRESS),
        default="auto",
        help="live progress on stderr (auto: redrawn on a terminal, timestamped lines "
        "otherwise; never: lines only)",
    )
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="hook catalog")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULE_PACK, help="rule pack")
    parser.add_argument(
        "--index",
        default=None,
        help="results index to add the run to: a SQLite file or a postgresql:// URL "
        "(default: $HARNESS_INDEX, else OUT/index.sqlite)",
    )
    parser.add_argument(
        "--frequency-profile",
        metavar="NAME",
        help="judge excessive-frequency by this profile of the rule pack (e.g. store-review: "
        "at most one read a second, an identifier at most 3 times a session)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from harness.console.live import EventLog, LiveDisplay, wants_live
    from harness.console.run_progress import RunProgress
    from harness.console.summary import summarize

    stream = out if out is not None else sys.stdout
    shown = err if err is not None else sys.stderr
    from harness.agent.catalog import load_catalog
    from harness.config.devices import load_devices
    from harness.rules.pack import load_rule_pack
    from harness.scenario.steps import load_scenario
    from harness.session.orchestrator import RunRequest, SessionTally, run_session
    from harness.session.policy import read_given

    # Everything the user gave is read and checked before any process starts.
    lab = load_devices(args.devices)
    app, profile_source = _app(args.app, args.profile)
    scenario = load_scenario(scenario_file(args.scenario))
    device = lab.device(args.device, args.devices)
    tally = SessionTally()
    live = wants_live(shown, _PROGRESS[args.progress])
    log = EventLog(shown, enabled=not live)
    what = f"{app.name} · {scenario.name} on {device.name}"
    progress = RunProgress(what, tally, log=log)
    request = RunRequest(
        app=app,
        profile_source=profile_source,
        scenario=scenario,
        device=device,
        out_dir=evidence_folder(args.out),
        catalog=load_catalog(args.catalog),
        rule_pack=load_rule_pack(args.rules, args.frequency_profile),
        policy=args.policy,
        policy_text=None if args.policy is None else read_given(args.policy),
        on_progress=progress.on_progress,
        tally=tally,
    )
    from harness.results.single import index_single_run, single_run_index

    index = single_run_index(args.index, args.out)
    log.line(f"run {what}")
    with LiveDisplay(progress, shown, enabled=live, name="run-progress"):
        bundle = run_session(request)
    log.line(f"sealed {bundle}")
    stream.writelines(line + "\n" for line in summarize(bundle).lines())
    indexed = index_single_run(index, bundle)
    stream.write(f"{bundle}\n")
    return 0 if indexed else 3


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
