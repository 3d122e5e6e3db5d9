"""`harness export BUNDLE [--out FILE.zip]`: one zip of a sealed bundle, manifest inside.
`harness export BUNDLE --xlsx FILE.xlsx`, `harness export --run RUN|--night DAY --xlsx FILE`:
the findings of one run, of a suite run or of a whole night (every run that started on a UTC
day) from the results index, as an Excel workbook.

The bundle is verified first; an altered bundle is not exported (exit 1, each differing
file named), and an unfinished one is an input error (exit 2). Prints the file's path last.
Check a zip with `harness verify FILE.zip`, or unzip it and verify the folder. `--run`
takes a suite run id (a single `harness run` is `R-<its run id>`), `latest`, or a UTC day
YYYY-MM-DD (that day's last suite run); its sessions' bundles are read for the findings.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.commands.verify import print_result
from harness.errors import InputError


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write a verified bundle into one zip, or findings into an Excel workbook",
    )
    parser.add_argument("bundle", type=Path, nargs="?", help="the bundle folder")
    parser.add_argument(
        "--out", type=Path, default=None, help="the zip to write (default: ./<app>-<run-id>.zip)"
    )
    parser.add_argument(
        "--xlsx",
        type=Path,
        default=None,
        metavar="FILE.xlsx",
        help="write the findings as an Excel workbook instead of a zip",
    )
    parser.add_argument(
        "--run",
        default=None,
        metavar="RUN|latest|YYYY-MM-DD",
        help="with --xlsx: a suite run (or R-<run id>) from the results index instead of BUNDLE",
    )
    parser.add_argument(
        "--night",
        default=None,
        metavar="YYYY-MM-DD",
        help="with --xlsx: every run (suites and single runs) that started on this UTC day",
    )
    parser.add_argument("--suite", help="with --run latest or a day: only runs of this suite")
    parser.add_argument(
        "--index",
        default=None,
        help="with --run: results index, a SQLite file or a postgresql:// URL "
        "(default: $HARNESS_INDEX, else evidence/index.sqlite)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.run is not None or args.night is not None:
        if args.run is not None and args.night is not None:
            raise InputError(None, "give either --run or --night")
        if args.bundle is not None or args.xlsx is None or args.out is not None:
            raise InputError(
                None, "--run and --night export from the index with --xlsx FILE, without BUNDLE"
            )
        return _index_workbook(args)
    if args.bundle is None:
        raise InputError(
            None, "expected a BUNDLE folder, or --run RUN (or --night DAY) with --xlsx"
        )
    if args.xlsx is not None and args.out is not None:
        raise InputError(None, "--out names a zip: give either --out or --xlsx")
    from harness.evidence.export import BundleAltered, default_export_path, export_bundle

    try:
        if args.xlsx is not None:
            written = _bundle_workbook(args.bundle, args.xlsx)
        else:
            out = args.out or default_export_path(args.bundle.resolve())
            written = export_bundle(args.bundle, out)
    except BundleAltered as exc:
        print_result(exc.result, args.bundle)
        print("not exported: the bundle does not match its manifest")
        return 1
    print(written)
    return 0


def _bundle_workbook(bundle: Path, out: Path) -> Path:
    from harness.evidence.export import BundleAltered
    from harness.evidence.verify import verify_bundle
    from harness.evidence.workbook import exported_bundle, write_workbook

    result = verify_bundle(bundle)  # InputError for anything but a bundle
    if not result.intact:
        raise BundleAltered(result)
    return write_workbook(out, [exported_bundle(bundle)])


def _index_workbook(args: argparse.Namespace) -> int:
    from harness.evidence.workbook import ExportedSession, exported_bundle, write_workbook
    from harness.results.history import runs_of_night
    from harness.results.location import index_url
    from harness.results.query import ResultFilter, resolve_run, sessions
    from harness.results.store import open_index_readonly

    with open_index_readonly(index_url(args.index)) as index:
        if args.night is not None:
            runs = [
                r
                for r in runs_of_night(index, args.night)
                if not args.suite or r.suite == args.suite
            ]
            if not runs:
                raise InputError(None, f"no run started on {args.night} (UTC) in {index.shown}")
        else:
            runs = [resolve_run(index, args.run, suite=args.suite)]
        rows = [
            (run.id, row)
            for run in runs
            for row in sorted(
                sessions(index, ResultFilter(suite_run=run.id, limit=None)),
                key=lambda r: (r.app, r.scenario),
            )
        ]
    exported: list[ExportedSession] = []
    for suite_run, row in rows:
        if row.sealed:
            exported.append(
                exported_bundle(
                    Path(row.bundle),
                    suite_run=suite_run,
                    outcome=row.outcome,
                    error=row.error,
                    app=row.app,
                )
            )
        else:  # no sealed bundle: the session is listed, with no findings
            exported.append(
                ExportedSession(
                    app=row.app,
                    package=row.package,
                    version=row.version,
                    version_code=row.version_code,
                    scenario=row.scenario,
                    device=row.device,
                    run_id="",
                    suite_run=suite_run,
                    outcome=row.outcome,
                    error=row.error,
                    started=row.started,
                    ended=row.ended,
                    rule_pack="",
                    harness_version="",
                    bundle=row.bundle,
                    findings=(),
                )
            )
    print(write_workbook(args.xlsx, exported))
    return 0
