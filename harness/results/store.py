"""Opening the index and writing to it: suite runs, attempts (with their findings).

Writers: `harness suite` on the host that started the suite (one writer per suite run; in
a distributed run the workers write bundles, the submitting host indexes them). Findings
are read from each sealed bundle, so the index holds exactly what the evidence says.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from harness.errors import InfrastructureError
from harness.model import OutcomeKind
from harness.results import schema
from harness.results.migrate import migrate
from harness.suite.jobs import Attempt, Job


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


def open_index(url: URL) -> ResultsIndex:
    """Connect, migrate to the newest schema, and return the index."""
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_events(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise InfrastructureError(f"results index {shown}: {exc.orig}") from exc
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
        self, run_id: str, suite: str, host: str, jobs: int, started: float | None = None
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
            )
        )

    def end_suite_run(self, run_id: str, status: str = "done") -> None:
        self._write(
            update(schema.suite_runs)
            .where(schema.suite_runs.c.id == run_id)
            .values(ended=time.time(), status=status)
        )

    def record_attempt(self, job: Job, attempt: Attempt, final: bool) -> int:
        """Index one attempt and, for a sealed bundle, its findings; returns how many."""
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
                "rule": f["rule"],
                "category": f.get("category") or "",
                "phase": f.get("phase") or "",
                "severity": f["severity"],
                "collector": f.get("collector") or "",
                "title": f.get("title") or "",
                "regulation": f.get("regulation") or "",
                "first_ts": float(f.get("first_ts") or 0.0),
                "count": int(f.get("count") or 0),
            }
            for i, f in enumerate(found)
        ]
        try:
            with self.engine.begin() as conn:
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
    return {
        "package": manifest.get("app_package", ""),
        "run_id": manifest.get("run_id", ""),
        "rule_pack": str(manifest.get("rule_pack_version", "")),
        "findings": found,
    }
