"""The index read as a lab's history: runs by night, apps, one app's versions, rules' trend.

What `harness serve` shows, as typed records. A night is the UTC day a suite run (or a
single `harness run`) started on. Only the last attempt of each job counts towards findings
(a retried attempt is a lab fault, not the app's history). Counts are the number of
findings (one per rule x data x phase x collector in a session), not of events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from harness.results import schema
from harness.results.query import ResultFilter, parse_day, sessions, suite_runs
from harness.results.records import SessionRow, SuiteRunRow
from harness.results.store import ResultsIndex

_s, _f, _r = schema.sessions.c, schema.findings.c, schema.suite_runs.c


def night_of(epoch: float) -> str:
    """The UTC day (YYYY-MM-DD) a run that started at `epoch` belongs to."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()


@dataclass(frozen=True, slots=True)
class RunSummary:
    run: SuiteRunRow
    sessions: int  # final attempts
    failed: int  # final attempts that sealed no bundle
    findings: int  # in the final attempts
    apps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Night:
    day: str  # YYYY-MM-DD (UTC)
    runs: tuple[RunSummary, ...]  # newest first


@dataclass(frozen=True, slots=True)
class AppSummary:
    app: str
    package: str
    sessions: int  # final attempts over every run
    last_started: float
    last_version: str
    last_findings: int
    last_outcome: str


@dataclass(frozen=True, slots=True)
class AppHistoryRow:
    session: SessionRow
    kind: str  # the run's kind: "suite" or "run"
    suite: str
    rules: dict[str, int]  # findings per rule in this session


@dataclass(frozen=True, slots=True)
class VersionSummary:
    version: str  # "versionName (versionCode)", "" when the bundles did not say
    sessions: int
    first_started: float
    last_started: float
    rules: dict[str, int]  # rule -> sessions of this version that tripped it


@dataclass(frozen=True, slots=True)
class AppHistory:
    app: str
    rules: tuple[str, ...]  # every rule the app ever tripped, sorted
    rows: tuple[AppHistoryRow, ...]  # newest first
    versions: tuple[VersionSummary, ...]  # newest first (by their last session)


@dataclass(frozen=True, slots=True)
class RuleTrend:
    days: tuple[str, ...]  # oldest first
    counts: dict[str, tuple[int, ...]]  # rule -> findings per day, aligned with `days`
    sessions: tuple[int, ...]  # final sessions per day, aligned with `days`


def nights(index: ResultsIndex, limit_runs: int = 200) -> list[Night]:
    """The newest runs, grouped by the night they started, with what they found."""
    runs = suite_runs(index, limit=limit_runs)
    if not runs:
        return []
    ids = [r.id for r in runs]
    per_run: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    with index.engine.connect() as conn:
        rows = conn.execute(
            select(_s.suite_run, _s.app, _s.run_id, _s.findings).where(
                _s.suite_run.in_(ids), _s.final == 1
            )
        ).all()
    for suite_run, app, run_id, found in rows:
        per_run[suite_run].append((app, run_id, int(found)))
    grouped: dict[str, list[RunSummary]] = defaultdict(list)
    for run in runs:
        done = per_run.get(run.id, [])
        grouped[night_of(run.started)].append(
            RunSummary(
                run=run,
                sessions=len(done),
                failed=sum(1 for _, run_id, _ in done if not run_id),
                findings=sum(n for _, _, n in done),
                apps=tuple(sorted({app for app, _, _ in done})),
            )
        )
    return [Night(day, tuple(grouped[day])) for day in sorted(grouped, reverse=True)]


def runs_of_night(index: ResultsIndex, day: str) -> list[SuiteRunRow]:
    """Every run (suites and single runs) that started on the UTC day `day` (YYYY-MM-DD)."""
    since, until = parse_day(day), parse_day(day, end=True)
    query = (
        select(schema.suite_runs)
        .where(_r.started >= since, _r.started < until)
        .order_by(_r.started, _r.id)
    )
    with index.engine.connect() as conn:
        return [SuiteRunRow(**dict(r)) for r in conn.execute(query).mappings().all()]


def run_by_id(index: ResultsIndex, run_id: str) -> SuiteRunRow | None:
    with index.engine.connect() as conn:
        row = conn.execute(select(schema.suite_runs).where(_r.id == run_id)).mappings().first()
    return None if row is None else SuiteRunRow(**dict(row))


def session_by_id(index: ResultsIndex, session_id: str) -> SessionRow | None:
    query = select(*(_s[name] for name in SessionRow.__dataclass_fields__)).where(
        _s.id == session_id
    )
    with index.engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return None if row is None else SessionRow(**(dict(row) | {"final": bool(row["final"])}))


def run_sessions(index: ResultsIndex, run_id: str) -> list[SessionRow]:
    """Every attempt of a run (retries included), newest first."""
    return sessions(index, ResultFilter(suite_run=run_id, final_only=False, limit=None))


def apps(index: ResultsIndex) -> list[AppSummary]:
    """Every app in the index, by name, with its latest final session."""
    latest: dict[str, SessionRow] = {}
    count: Counter[str] = Counter()
    for row in sessions(index, ResultFilter(limit=None)):  # newest first
        count[row.app] += 1
        latest.setdefault(row.app, row)
    return [
        AppSummary(
            app=name,
            package=row.package,
            sessions=count[name],
            last_started=row.started,
            last_version=row.version,
            last_findings=row.findings,
            last_outcome=row.outcome,
        )
        for name, row in sorted(latest.items())
    ]


def app_history(index: ResultsIndex, app: str) -> AppHistory | None:
    """One app's final sessions, newest first, with its findings per rule in each."""
    rows = sessions(index, ResultFilter(app=app, limit=None))
    if not rows:
        return None
    ids = [r.id for r in rows]
    per_session: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, tuple[str, str]] = {}
    with index.engine.connect() as conn:
        for session, rule in conn.execute(
            select(_f.session, _f.rule).where(_f.session.in_(ids))
        ).all():
            per_session[session][rule] += 1
        for run_id, kind, suite in conn.execute(
            select(_r.id, _r.kind, _r.suite).where(_r.id.in_({r.suite_run for r in rows}))
        ).all():
            kinds[run_id] = (kind, suite)
    rules = sorted({rule for counts in per_session.values() for rule in counts})
    return AppHistory(
        app=app,
        rules=tuple(rules),
        versions=_versions(rows, per_session),
        rows=tuple(
            AppHistoryRow(
                session=r,
                kind=kinds.get(r.suite_run, ("", ""))[0],
                suite=kinds.get(r.suite_run, ("", ""))[1],
                rules=dict(per_session.get(r.id, Counter())),
            )
            for r in rows
        ),
    )


def _versions(
    rows: list[SessionRow], per_session: dict[str, Counter[str]]
) -> tuple[VersionSummary, ...]:
    grouped: dict[str, list[SessionRow]] = defaultdict(list)
    for row in rows:  # newest first, so each version's groups keep that order
        name = f"{row.version} ({row.version_code})" if row.version_code else row.version
        grouped[name].append(row)
    summaries = []
    for name, group in grouped.items():
        tripped: Counter[str] = Counter()
        for row in group:
            tripped.update(set(per_session.get(row.id, Counter())))
        summaries.append(
            VersionSummary(
                version=name,
                sessions=len(group),
                first_started=group[-1].started,
                last_started=group[0].started,
                rules=dict(tripped),
            )
        )
    return tuple(sorted(summaries, key=lambda v: v.last_started, reverse=True))


def rule_trend(index: ResultsIndex, last_nights: int = 14) -> RuleTrend:
    """Findings per rule per night over the last nights that have any session."""
    with index.engine.connect() as conn:
        started = conn.execute(select(_s.id, _s.started).where(_s.final == 1)).all()
        found = conn.execute(
            select(_f.session, _f.rule)
            .select_from(schema.findings.join(schema.sessions, _f.session == _s.id))
            .where(_s.final == 1)
        ).all()
    day_of = {sid: night_of(ts) for sid, ts in started}
    days = tuple(sorted(set(day_of.values()))[-last_nights:])
    column = {day: i for i, day in enumerate(days)}
    per_day_sessions = [0] * len(days)
    for day in day_of.values():
        if day in column:
            per_day_sessions[column[day]] += 1
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for session, rule in found:
        at = column.get(day_of.get(session, ""))
        if at is not None:
            counts[rule][at] += 1
    return RuleTrend(
        days=days,
        counts={rule: tuple(counts[rule]) for rule in sorted(counts)},
        sessions=tuple(per_day_sessions),
    )
