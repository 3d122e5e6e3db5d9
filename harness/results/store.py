"""Opening the index and writing to it: suite runs, attempts (with their findings).

Writers: `harness suite` on the host that started the suite (one writer per suite run; in
a distributed run the workers write bundles, the submitting host indexes them), and
`harness run`, which indexes its one sealed bundle as a suite run of kind "run". Findings
are read from each sealed bundle, so the index holds exactly what the evidence says.
`open_index_readonly` is for readers that must never write (`harness serve`).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, text, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from harness.errors import InfrastructureError, InputError
from harness.evidence.tested_build import tested_build
from harness.model import FindingKey, OutcomeKind
from harness.results import schema
from harness.results.migrate import migrate
from harness.results.records import IndexedAttempt, IndexedJob

SUITE_KIND = "suite"  # a `harness suite` run
RUN_KIND = "run"  # one `harness run`, indexed as a suite run of one session
SINGLE_RUN_PREFIX = "R-"  # suite-run ids of single runs: R-<the bundle's run id>


def _sqlite_events(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and skips it for DDL; take it over
    # (SQLAlchemy's documented recipe) so migrations are transactional and can BEGIN
    # IMMEDIATE. WAL lets `harness results` read while a suite writes.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))


def open_index(url: URL, *, create: bool = True) -> ResultsIndex:
    """Connect, migrate to the newest schema, and return the index.

    `create=False` (commands that only read): a SQLite file that does not exist is an input
    error, not a new empty index, so a mistyped `--index` is said as such. A file that is
    not a SQLite database is an input error too, naming it.
    """
    shown = url.render_as_string(hide_password=True)
    sqlite_file = (
        Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    )
    if sqlite_file is not None:
        if not create and not sqlite_file.is_file():
            raise InputError(
                sqlite_file,
                "no results index here (check --index or $HARNESS_INDEX; `harness suite` "
                "creates one where it writes)",
            )
        try:
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                sqlite_file, f"cannot make the results index's folder ({exc.strerror})"
            ) from None
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_events(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise InfrastructureError(f"results index {shown}: {exc.orig}") from exc
    except DatabaseError as exc:
        engine.dispose()
        if sqlite_file is not None:  # "file is not a database": the user named another file
            raise InputError(
                sqlite_file, f"not a results index: expected a SQLite database ({exc.orig})"
            ) from None
        raise InfrastructureError(f"results index {shown}: {exc.orig}") from exc
    return ResultsIndex(engine, shown)


def open_index_readonly(url: URL) -> ResultsIndex:
    """Connect without ever writing: no migration, no file created, read-only connections.

    A SQLite index is opened with `mode=ro` (a missing file is an input error, not a new
    empty index); a PostgreSQL session is made read-only. The schema must be this
    harness's: an older index is migrated by any command that writes to it.
    """
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or not path.is_file():
            raise InputError(
                path, "no results index here (`harness run` and `harness suite` write one)"
            )
        uri = f"{path.resolve().as_uri()}?mode=ro"
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False),
        )
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 10, "options": "-c default_transaction_read_only=on"},
        )
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar()
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        if url.get_backend_name() == "sqlite":
            raise InputError(
                Path(url.database or ""), f"not a results index ({exc.orig})"
            ) from None
        raise InfrastructureError(f"results index {shown}: {exc.orig}") from exc
    if int(version or 0) != schema.SCHEMA_VERSION:
        engine.dispose()
        raise InputError(
            None,
            f"the results index {shown} has schema version {version}, this harness reads "
            f"version {schema.SCHEMA_VERSION}: open it once with a command that writes to it "
            "(`harness results --index ...`) to migrate it, or upgrade the harness",
        )
    return ResultsIndex(engine, shown)


class ResultsIndex:
    def __init__(self, engine: Engine, shown: str) -> None:
        self.engine = engine
        self.shown = shown  # the URL without its password, for messages

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ResultsIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def begin_suite_run(
        self,
        run_id: str,
        suite: str,
        host: str,
        jobs: int,
        started: float | None = None,
        kind: str = SUITE_KIND,
    ) -> None:
        self._write(
            insert(schema.suite_runs).values(
                id=run_id,
                suite=suite,
                host=host,
                started=time.time() if started is None else started,
                ended=None,
                jobs=jobs,
                status="running",
                kind=kind,
            )
        )

    def record_single_run(self, bundle: Path, host: str) -> str:
        """Index one `harness run`'s sealed bundle; returns the suite run id it is under.

        The run becomes a suite run of kind "run" with one job and one final attempt, so
        every page and query that reads suites reads it the same way.
        """
        facts = _bundle_facts(bundle)
        manifest = facts["manifest"]
        started = _number(manifest.get("started"))
        ended = _number(manifest.get("ended"), started)
        app, scenario = bundle.parent.name, str(manifest.get("scenario") or "")
        suite_run = f"{SINGLE_RUN_PREFIX}{facts['run_id'] or bundle.name}"
        device = manifest.get("device")
        job = _SingleJob(
            id=f"{suite_run}/{app}/{scenario}",
            suite_run=suite_run,
            app_name=app,
            scenario_name=scenario,
        )
        attempt = _SingleAttempt(
            number=1,
            host=host,
            device=str(device.get("name") or "") if isinstance(device, dict) else "",
            outcome=OutcomeKind.OK,
            bundle=str(bundle),
            error="",
            started=started,
            ended=ended,
        )
        run = {
            "id": suite_run,
            "suite": "",
            "host": host,
            "started": started,
            "ended": ended,
            "jobs": 1,
            "status": "done",
            "kind": RUN_KIND,
        }
        # One transaction: a run is in the index with its session, or not at all.
        self.record_attempt(job, attempt, final=True, new_run=run)
        return suite_run

    def end_suite_run(self, run_id: str, status: str = "done") -> None:
        self._write(
            update(schema.suite_runs)
            .where(schema.suite_runs.c.id == run_id)
            .values(ended=time.time(), status=status)
        )

    def record_attempt(
        self,
        job: IndexedJob,
        attempt: IndexedAttempt,
        final: bool,
        *,
        new_run: dict[str, Any] | None = None,
    ) -> int:
        """Index one attempt and, for a sealed bundle, its findings; returns how many.
        `new_run`: a suite_runs row written in the same transaction (a single run's)."""
        # A sealed bundle's findings count whatever the outcome (a crash after collecting).
        sealed = bool(attempt.bundle) and (Path(attempt.bundle) / "manifest.json").is_file()
        if attempt.outcome is OutcomeKind.OK or sealed:
            facts = _bundle_facts(Path(attempt.bundle))
        else:
            facts = {}
        found: list[dict[str, Any]] = facts.get("findings", [])
        session_id = f"{job.id}#{attempt.number}"
        rows = [
            {
                "session": session_id,
                "idx": i,
                **FindingKey.of_row(f)._asdict(),  # rule, category, phase, collector
                "severity": f["severity"],
                "title": f.get("title") or "",
                "regulation": f.get("regulation") or "",
                "first_ts": float(f.get("first_ts") or 0.0),
                "count": int(f.get("count") or 0),
            }
            for i, f in enumerate(found)
        ]
        try:
            with self.engine.begin() as conn:
                if new_run is not None:
                    conn.execute(insert(schema.suite_runs).values(**new_run))
                conn.execute(
                    insert(schema.sessions).values(
                        id=session_id,
                        suite_run=job.suite_run,
                        job=job.id,
                        app=job.app_name,
                        package=facts.get("package", ""),
                        scenario=job.scenario_name,
                        device=attempt.device,
                        host=attempt.host,
                        attempt=attempt.number,
                        final=int(final),
                        outcome=attempt.outcome.value,
                        error=attempt.error,
                        bundle=attempt.bundle,
                        run_id=facts.get("run_id", ""),
                        rule_pack=facts.get("rule_pack", ""),
                        started=attempt.started,
                        ended=attempt.ended,
                        findings=len(rows),
                        version=facts.get("version", ""),
                        version_code=facts.get("version_code", ""),
                    )
                )
                if rows:
                    conn.execute(insert(schema.findings), rows)
        except SQLAlchemyError as exc:
            raise InfrastructureError(f"results index {self.shown}: {exc}") from exc
        return len(rows)

    def _write(self, statement: Any) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(statement)
        except SQLAlchemyError as exc:
            raise InfrastructureError(f"results index {self.shown}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class _SingleJob:
    """A single run's one job, as the index keeps it (IndexedJob)."""

    id: str
    suite_run: str
    app_name: str
    scenario_name: str


@dataclass(frozen=True, slots=True)
class _SingleAttempt:
    """A single run's one attempt (IndexedAttempt)."""

    number: int
    host: str
    device: str
    outcome: OutcomeKind
    bundle: str
    error: str
    started: float
    ended: float


def _bundle_facts(bundle: Path) -> dict[str, Any]:
    """Run facts and findings of a sealed bundle (shared storage: every host reaches it)."""
    try:
        manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
        found = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InfrastructureError(
            f"cannot read the bundle {bundle} to index it (is the evidence storage shared "
            f"with this host?): {exc}"
        ) from exc
    build = tested_build(manifest)
    return {
        "package": manifest.get("app_package", ""),
        "run_id": manifest.get("run_id", ""),
        "rule_pack": str(manifest.get("rule_pack_version", "")),
        "version": build.version,
        "version_code": build.version_code,
        "findings": found,
        "manifest": manifest,
    }


def _number(value: object, default: float = 0.0) -> float:
    return float(value) if isinstance(value, int | float) else default
