"""`harness diff --baseline RUN-OR-DATE`: tonight's suite run against a baseline.

Per app and scenario: new, fixed and unchanged findings. Writes a junit.xml for CI and
exits 1 when a new finding at or above `--fail-on` appeared (0 otherwise; 2 bad input).
The run to judge is `--run` (default: the latest in the index); the baseline is a suite
run id, `previous` (the run before it), or a UTC day (the last run that started then,
before the judged run: a baseline of today never is tonight's run itself).

The first night (no earlier run of the suite at all, so `previous` or a day finds none)
is not an error: the run is compared with an empty baseline, every finding is new and the
gate applies as it does to an app new to the suite, with a warning saying so. A run id that
does not exist, or a day without a run while earlier runs exist, is bad input (exit 2).
Runs of different suites are compared as asked, with a warning (their apps may differ).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from harness.errors import InputError
from harness.model import Severity
from harness.results.location import add_index_option, index_url

if TYPE_CHECKING:
    from harness.results.diff import AppDiff
    from harness.results.query import ResultFilter
    from harness.results.records import FindingRow, SuiteRunRow
    from harness.results.store import ResultsIndex


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="compare a suite run with a baseline: new, fixed and unchanged findings per app",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument(
        "--baseline",
        required=True,
        help="a suite run id, 'previous', or a UTC day YYYY-MM-DD (its last run)",
    )
    parser.add_argument("--run", default="latest", help="the run to judge (default: latest)")
    parser.add_argument("--suite", help="only runs of this suite (for latest/previous/dates)")
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=Severity.HIGH.value,
        help="exit 1 when a new finding has at least this severity (default: high)",
    )
    parser.add_argument(
        "--junit", type=Path, default=Path("junit.xml"), help="junit file (default: junit.xml)"
    )
    add_index_option(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: TextIO | None = None) -> int:
    # The index's readers import SQLAlchemy: here, not at the top (`harness --help`).
    from harness.results.diff import diff_runs
    from harness.results.junit import write_junit
    from harness.results.query import findings, resolve_run, sessions
    from harness.results.store import open_index

    stream = out if out is not None else sys.stdout
    threshold = Severity(args.fail_on)
    with open_index(index_url(args.index), create=False) as index:
        current = resolve_run(index, args.run, suite=args.suite)
        suite = args.suite or current.suite
        baseline = _baseline(index, args.baseline, suite, current)
        for warning in _warnings(current, baseline):
            stream.write(f"warning: {warning}\n")
        cur_rows = _whole_run(current.id)
        base_rows = _whole_run(baseline.id) if baseline is not None else None
        diffs = diff_runs(
            sessions(index, base_rows) if base_rows else [],
            findings(index, base_rows) if base_rows else [],
            sessions(index, cur_rows),
            findings(index, cur_rows),
        )
    against = baseline.id if baseline is not None else "no baseline (first run)"
    stream.write(f"{current.suite}: {current.id} against baseline {against}\n")
    for d in diffs:
        stream.write(_describe(d))
    write_junit(args.junit, current.suite, diffs, threshold)
    gated = sum(len(d.gated(threshold)) for d in diffs)
    new = sum(len(d.new) for d in diffs)
    fixed = sum(len(d.fixed) for d in diffs)
    stream.write(
        f"new {new}, fixed {fixed}; {gated} new at or above {threshold.value}; "
        f"junit: {args.junit}\n"
    )
    return 1 if gated else 0


def _baseline(
    index: ResultsIndex, ref: str, suite: str, current: SuiteRunRow
) -> SuiteRunRow | None:
    """The baseline run; None on the suite's first night (no earlier run to compare with)."""
    from harness.results.query import is_day, resolve_run

    try:
        return resolve_run(index, ref, suite=suite, before=current)
    except InputError:
        if ref != "previous" and not is_day(ref):
            raise  # a run id that is not in the index: a typo, not a first night
        try:
            resolve_run(index, "previous", suite=suite, before=current)
        except InputError:
            return None  # nothing ran before: the first night
        raise  # earlier runs exist, just none that day


def _warnings(current: SuiteRunRow, baseline: SuiteRunRow | None) -> list[str]:
    if baseline is None:
        return [
            f"no earlier run of suite {current.suite!r} to compare with (its first run?): "
            "every finding is new"
        ]
    found = []
    if baseline.id == current.id:
        found.append(f"the baseline is the run itself ({current.id})")
    if baseline.suite != current.suite:
        found.append(
            f"the baseline {baseline.id} is a run of suite {baseline.suite!r}, this run of "
            f"{current.suite!r}: apps and scenarios only in one of them show as new or dropped"
        )
    return found


def _whole_run(run_id: str) -> ResultFilter:
    from harness.results.query import ResultFilter

    return ResultFilter(suite_run=run_id, final_only=True, limit=None)


def _describe(d: AppDiff) -> str:
    from harness.results.diff import DiffStatus

    head = f"{d.app} · {d.scenario}: "
    if d.status is DiffStatus.FAILED:
        return head + f"session failed ({d.outcome}): {(d.error.splitlines() or [''])[0]}\n"
    if d.status is DiffStatus.DROPPED:
        return head + "not in this run\n"
    note = " (no baseline: every finding is new)" if d.status is DiffStatus.NO_BASELINE else ""
    lines = [head + f"{len(d.new)} new, {len(d.fixed)} fixed, {len(d.unchanged)} unchanged{note}"]
    lines += [f"  + {_finding(f)}" for f in d.new]
    lines += [f"  - {_finding(f)}" for f in d.fixed]
    lines += [f"  = {_finding(f)}" for f in d.unchanged]
    return "\n".join(lines) + "\n"


def _finding(f: FindingRow) -> str:
    return f"{f.rule} {f.category or '-'} {f.phase or '-'} via {f.collector or '-'} [{f.severity}]"
