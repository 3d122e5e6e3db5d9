"""`harness suite SUITE.yaml`: every app x scenario of a suite over the device pool.

Without `--broker`, sessions run here, one at a time per healthy device of the devices
file: lab apps on host-lab devices, APKs on Android devices (usb, tcp, emulator); a job no
healthy device can run is reported as not runnable (an infrastructure fault). With
`--broker redis://...`, jobs go to `harness worker` processes on the lab hosts (each
serving its own devices) and this command follows them and indexes the results.
Either way every attempt lands in the results index, progress is shown live on a
terminal (off one, each session's start and end is a timestamped line on stderr as it
happens), and the end lists every job, each sealed job's verdict and warnings, the
violation types and collectors over the run, the totals, and last the suite run's id
(`harness diff` takes it).
Exit status: 0 when every job ended in a result (ok or app fault), 3 when a job still
failed for the lab's reasons after its retries, 2 for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from harness.commands.paths_arg import evidence_folder
from harness.errors import InputError
from harness.model import OutcomeKind
from harness.paths import DEFAULT_CATALOG, DEFAULT_RULE_PACK, DEVICES_FILE
from harness.results.location import add_index_option, index_url

if TYPE_CHECKING:
    from harness.suite.record import SuiteRecorder

# The suite and session machinery is imported by `handle`, not here: `harness --help`
# imports every command module and must answer at once.

_PROGRESS = {"auto": None, "always": True, "never": False}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "suite",
        help="run a suite (apps x scenarios) over the device pool, or over lab hosts",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument("suite", type=Path, help="suite file (e.g. suites/nightly-lab.yaml)")
    parser.add_argument(
        "--devices", type=Path, default=DEVICES_FILE, help="devices file (default: devices.yaml)"
    )
    parser.add_argument(
        "--device",
        action="append",
        default=[],
        help="use only this device of the devices file (repeatable; default: every healthy one)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("evidence"), help="evidence folder (default: ./evidence)"
    )
    add_index_option(parser)
    parser.add_argument(
        "--broker",
        default=None,
        help="run on `harness worker` hosts through this broker (redis://host:port/db)",
    )
    parser.add_argument(
        "--progress",
        choices=sorted(_PROGRESS),
        default="auto",
        help="live progress display (auto: only on a terminal; off it, and with never, "
        "timestamped lines per session start and end)",
    )
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="hook catalog")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULE_PACK, help="rule pack")
    parser.add_argument(
        "--frequency-profile",
        metavar="NAME",
        help="judge excessive-frequency by this profile of the rule pack (default: the suite's "
        "frequency_profile; e.g. store-review: at most one read a second, an identifier at "
        "most 3 times a session); local suites only",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from harness.agent.catalog import load_catalog
    from harness.config.devices import load_devices
    from harness.results.store import open_index
    from harness.rules.pack import load_rule_pack
    from harness.suite.adblink import hold_adb
    from harness.suite.pool import needs_adb, survey_pool, unused_families
    from harness.suite.session import JobRunner, SessionKit
    from harness.suite.spec import load_suite

    stream = out if out is not None else sys.stdout
    # Everything the user gave is read and checked before a session starts.
    suite = load_suite(args.suite)
    url = index_url(args.index)
    live = _PROGRESS[args.progress]
    frequency_profile = args.frequency_profile or suite.frequency_profile
    if args.broker and frequency_profile:
        # Workers judge with the pack they were started with (harness worker --rules).
        raise InputError(
            args.suite,
            f"frequency profile '{frequency_profile}' applies to a local suite only: workers "
            "judge with their own rule pack",
        )
    if args.broker:
        from harness.distributed.client import run_suite_on_workers

        with open_index(url) as index:
            run_id, recorder = run_suite_on_workers(
                suite, args.broker, index, sys.stderr, live=live
            )
        return _report(stream, run_id, recorder, index.shown)
    lab = load_devices(args.devices)
    unknown = sorted(set(args.device) - {d.name for d in lab.devices})
    if unknown:
        lab.device(unknown[0], args.devices)  # raises the InputError naming the devices file
    only = tuple(args.device)
    skip = unused_families(suite.families)
    kit = SessionKit(
        out_dir=evidence_folder(args.out),
        catalog=load_catalog(args.catalog),
        rule_pack=load_rule_pack(args.rules, frequency_profile),
    )
    from harness.suite.local import run_suite_here

    with contextlib.ExitStack() as stack:
        # Held for the whole run: see harness.suite.adblink.
        adb = stack.enter_context(hold_adb()) if needs_adb(lab, only, skip) else None
        pool = survey_pool(lab, only, skip=skip, adb=adb)
        for name, why in pool.excluded:
            print(f"harness: device {name} left out: {why}", file=sys.stderr)
        # No healthy device for some (or all) jobs: they are recorded as not runnable.
        with open_index(url) as index:
            run_id, recorder = run_suite_here(
                suite, pool.healthy, JobRunner(kit), index, sys.stderr, live=live
            )
    return _report(stream, run_id, recorder, index.shown)


def _report(stream: TextIO, run_id: str, recorder: SuiteRecorder, index: str) -> int:
    from harness.suite.board import is_not_runnable

    for result in sorted(recorder.results, key=lambda r: r.job.id):
        final = result.final
        retried = f" after {len(result.attempts)} attempts" if len(result.attempts) > 1 else ""
        where = final.device or "-"
        if final.outcome is OutcomeKind.OK:
            what = final.bundle
        else:
            what = (final.error.splitlines() or ["?"])[0]
            what += f" ({final.bundle})" if final.bundle else ""
        stream.write(
            f"{final.outcome.value:<11} {result.job.app_name} {result.job.scenario_name} "
            f"on {where}{retried}: {what}\n"
        )
    from harness.console.suite_summary import suite_summary_lines

    stream.writelines(line + "\n" for line in suite_summary_lines(recorder.results))
    ok = recorder.count(OutcomeKind.OK)
    app = recorder.count(OutcomeKind.APP_FAULT)
    infra = recorder.count(OutcomeKind.INFRA_FAULT)
    stuck = [r.final for r in recorder.results if is_not_runnable(r.final)]
    not_runnable = f" ({len(stuck)} not runnable)" if stuck else ""
    stream.write(
        f"ok {ok}, app faults {app}, infrastructure faults {infra}{not_runnable}; index: {index}\n"
    )
    for reason in sorted({a.error for a in stuck}):
        count = sum(1 for a in stuck if a.error == reason)
        print(f"harness: {count} job(s) {reason}", file=sys.stderr)
    stream.write(f"{run_id}\n")
    return 3 if infra else 0
