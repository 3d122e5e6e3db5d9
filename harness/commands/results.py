"""`harness results`: query the results index by app, rule, device and date.

Shows sessions by default (the last attempt of each job; `--all-attempts` for retries
too), `--findings` for findings, `--runs` for suite runs. `--json` prints one JSON list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, TextIO

from harness.results.location import add_index_option, index_url


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "results",
        help="query the results index (sessions, findings, suite runs)",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    add_index_option(parser)
    show = parser.add_mutually_exclusive_group()
    show.add_argument("--findings", action="store_true", help="list findings")
    show.add_argument("--runs", action="store_true", help="list suite runs")
    parser.add_argument("--app", help="lab app name")
    parser.add_argument("--rule", help="rule id (sessions with a finding of it, or its findings)")
    parser.add_argument("--device", help="device name")
    parser.add_argument("--suite", help="suite name")
    parser.add_argument("--run", help="suite run id")
    parser.add_argument("--outcome", choices=["ok", "app_fault", "infra_fault"])
    parser.add_argument("--since", help="from this UTC day on (YYYY-MM-DD)")
    parser.add_argument("--until", help="up to and including this UTC day (YYYY-MM-DD)")
    parser.add_argument("--all-attempts", action="store_true", help="include retried attempts")
    parser.add_argument("--limit", type=int, default=200, help="at most this many rows")
    parser.add_argument("--json", action="store_true", help="print one JSON list")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: TextIO | None = None) -> int:
    # The index's readers import SQLAlchemy: here, not at the top (`harness --help`).
    from harness.results.query import ResultFilter, findings, parse_day, sessions, suite_runs
    from harness.results.store import open_index

    stream = out if out is not None else sys.stdout
    where = ResultFilter(
        app=args.app,
        rule=args.rule,
        device=args.device,
        suite=args.suite,
        suite_run=args.run,
        outcome=args.outcome,
        since=parse_day(args.since) if args.since else None,
        until=parse_day(args.until, end=True) if args.until else None,
        final_only=not args.all_attempts,
        limit=args.limit,
    )
    with open_index(index_url(args.index), create=False) as index:
        if args.runs:
            rows: list[Any] = suite_runs(index, args.suite, args.limit)
            lines = [
                f"{r.id}  {_run_name(r)}  {_when(r.started)}  {r.jobs} jobs  {r.status}  "
                f"on {r.host}"
                for r in rows
            ]
        elif args.findings:
            rows = findings(index, where)
            lines = [
                f"{_when(f.started)}  {f.app}  {f.scenario}  {f.device}  {f.rule}  "
                f"{f.category or '-'}  {f.phase or '-'}  {f.severity}  via {f.collector or '-'}"
                for f in rows
            ]
        else:
            rows = sessions(index, where)
            lines = [
                f"{_when(s.started)}  {s.app}  {s.scenario}  {s.device or '-'}  "
                f"{s.outcome}  {s.findings} findings  {s.bundle or s.error.splitlines()[0]}"
                for s in rows
            ]
    if args.json:
        json.dump([r.to_json() for r in rows], stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        stream.writelines(line + "\n" for line in lines)
        if not lines:
            stream.write("no matching rows\n")
    return 0


def _when(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _run_name(row: Any) -> str:
    """A suite run's suite; a single `harness run` (kind "run") has none: say what it was."""
    return row.suite or ("(single run)" if row.kind == "run" else "(no suite name)")
