"""Reading the index: suite runs, sessions and findings, filtered by app, rule, device, date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import ColumnElement, Select, and_, select

from harness.errors import InputError
from harness.results import schema
from harness.results.records import FindingRow, SessionRow, SuiteRunRow
from harness.results.store import SUITE_KIND, ResultsIndex

_s, _f, _r = schema.sessions.c, schema.findings.c, schema.suite_runs.c


@dataclass(frozen=True, slots=True)
class ResultFilter:
    app: str | None = None
    rule: str | None = None
    device: str | None = None
    suite: str | None = None
    suite_run: str | None = None
    outcome: str | None = None
    since: float | None = None  # epoch seconds, inclusive
    until: float | None = None  # epoch seconds, exclusive
    final_only: bool = True  # the last attempt of each job (retried attempts hidden)
    limit: int | None = 200  # None: every row


def parse_day(text: str, *, end: bool = False) -> float:
    """`YYYY-MM-DD` (UTC) as epoch seconds: its start, or with `end` the next day's start."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(None, f"{text!r}: expected a date as YYYY-MM-DD") from None
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return (start + dt.timedelta(days=1 if end else 0)).timestamp()


def is_day(ref: str) -> bool:
    """Whether a run reference is meant as a day (`YYYY-MM-DD`), not a run id or keyword."""
    return len(ref) == 10 and ref[4] == "-" and ref[7] == "-"


def _session_filters(f: ResultFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.app:
        where.append(_s.app == f.app)
    if f.device:
        where.append(_s.device == f.device)
    if f.suite_run:
        where.append(_s.suite_run == f.suite_run)
    if f.outcome:
        where.append(_s.outcome == f.outcome)
    if f.since is not None:
        where.append(_s.started >= f.since)
    if f.until is not None:
        where.append(_s.started < f.until)
    if f.final_only:
        where.append(_s.final == 1)
    if f.suite:
        where.append(_s.suite_run.in_(select(_r.id).where(_r.suite == f.suite)))
    return where


def sessions(index: ResultsIndex, f: ResultFilter) -> list[SessionRow]:
    # The row's own columns only (the table keeps more: job, package, rule pack).
    query: Select[tuple[object, ...]] = select(*(_s[c.name] for c in fields(SessionRow)))
    where = _session_filters(f)
    if f.rule:
        where.append(_s.id.in_(select(_f.session).where(_f.rule == f.rule)))
    query = query.where(and_(True, *where)).order_by(_s.started.desc(), _s.id).limit(f.limit)
    with index.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [SessionRow(**(dict(r) | {"final": bool(r["final"])})) for r in rows]


def findings(index: ResultsIndex, f: ResultFilter) -> list[FindingRow]:
    where = _session_filters(f)
    if f.rule:
        where.append(_f.rule == f.rule)
    query = (
        select(
            _f.session,
            _s.suite_run,
            _s.app,
            _s.scenario,
            _s.device,
            _s.started,
            _f.rule,
            _f.category,
            _f.phase,
            _f.severity,
            _f.collector,
            _f.title,
            _f.count,
        )
        .select_from(schema.findings.join(schema.sessions, _f.session == _s.id))
        .where(and_(True, *where))
        .order_by(_s.started.desc(), _f.session, _f.idx)
        .limit(f.limit)
    )
    with index.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [FindingRow(**dict(r)) for r in rows]


def suite_runs(
    index: ResultsIndex, suite: str | None = None, limit: int | None = 50, kind: str | None = None
) -> list[SuiteRunRow]:
    """The newest runs first; `kind` "suite" or "run" keeps to one kind (None: both)."""
    query = select(schema.suite_runs).order_by(_r.started.desc(), _r.id).limit(limit)
    if suite:
        query = query.where(_r.suite == suite)
    if kind:
        query = query.where(_r.kind == kind)
    with index.engine.connect() as conn:
        return [SuiteRunRow(**dict(r)) for r in conn.execute(query).mappings().all()]


def resolve_run(
    index: ResultsIndex, ref: str, *, suite: str | None = None, before: SuiteRunRow | None = None
) -> SuiteRunRow:
    """A suite run by id, `latest`, `previous` (the one before `before`), or a UTC date
    (`YYYY-MM-DD`: the last run that started that day, and before `before` when given). Only
    suites count for `latest`, `previous` and dates; a single `harness run` (kind "run") is
    reached by its id."""
    query = (
        select(schema.suite_runs).where(_r.kind == SUITE_KIND).order_by(_r.started.desc()).limit(1)
    )
    if suite:
        query = query.where(_r.suite == suite)
    if ref == "latest":
        what = "no suite run in the index"
    elif ref == "previous":
        if before is None:
            raise InputError(None, "'previous' needs a current run to be before")
        query = query.where(_r.started < before.started)
        what = f"no suite run before {before.id}"
    elif is_day(ref):
        query = query.where(_r.started >= parse_day(ref), _r.started < parse_day(ref, end=True))
        what = f"no suite run started on {ref} (UTC)"
        if before is not None:  # a baseline day: never the run it is the baseline of
            query = query.where(_r.started < before.started, _r.id != before.id)
            what += f" before {before.id}"
    else:
        query = select(schema.suite_runs).where(_r.id == ref)
        what, suite = f"no suite run with id {ref!r}", None
    with index.engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        scope = f" of suite {suite!r}" if suite else ""
        raise InputError(None, f"{what}{scope} in the results index {index.shown}")
    return SuiteRunRow(**dict(row))
