"""The results index on SQLite and on a real PostgreSQL server: migrations, writes, queries."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from harness.errors import InputError
from harness.results.location import index_url
from harness.results.migrate import migrations
from harness.results.query import ResultFilter, findings, parse_day, resolve_run, sessions
from harness.results.schema import SCHEMA_VERSION, metadata
from harness.results.store import open_index
from harness.session.orchestrator import OutcomeKind
from harness.testkit.bundles import attempt, finding, job, sealed_bundle


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "index.sqlite")
        return
    server = request.getfixturevalue("postgres_url")
    name = f"t_{secrets.token_hex(4)}"
    admin = create_engine(index_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_migrations_are_numbered_and_schema_py_matches_them(location: str) -> None:
    assert [m.version for m in migrations()][-1] == SCHEMA_VERSION
    with open_index(index_url(location)) as index:
        inspector = inspect(index.engine)
        for table in metadata.sorted_tables:
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name
        with index.engine.connect() as conn:
            versions = conn.execute(text("SELECT version FROM schema_version")).scalars().all()
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    with open_index(index_url(location)):  # opening again applies nothing twice
        pass


def test_two_processes_opening_a_fresh_index_at_once_migrate_it_once(location: str) -> None:
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            open_index(index_url(location)).close()
        except BaseException as exc:  # kept for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_newer_schema_is_refused(location: str) -> None:
    with open_index(index_url(location)) as index, index.engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_version (version, applied) VALUES (99, 0)"))
    with pytest.raises(InputError, match="schema version 99"):
        open_index(index_url(location))


def test_attempts_and_findings_are_queryable(location: str, tmp_path: Path) -> None:
    day1, day2 = parse_day("2025-03-01") + 3600, parse_day("2025-03-02") + 3600
    cal, other, retried = job("S1", "calibration"), job("S1", "other"), job("S1", "retried")
    cal_bundle = sealed_bundle(
        tmp_path,
        "calibration",
        [
            finding("collect-before-consent", "device_id"),
            finding("share-before-consent", "device_id", collector="Umeng"),
        ],
    )
    retried_bundle = sealed_bundle(tmp_path, "retried", [])
    with open_index(index_url(location)) as index:
        index.begin_suite_run("S1", "nightly", "host-a", 3)
        index.record_attempt(cal, attempt(cal, OutcomeKind.OK, cal_bundle, started=day1), True)
        crash = attempt(other, OutcomeKind.APP_FAULT, device="lab-2", error="crashed", started=day2)
        index.record_attempt(other, crash, True)
        lost = attempt(retried, OutcomeKind.INFRA_FAULT, started=day2, error="proxy down")
        index.record_attempt(retried, lost, False)
        second = attempt(
            retried, OutcomeKind.OK, retried_bundle, number=2, device="lab-2", started=day2
        )
        index.record_attempt(retried, second, True)
        index.end_suite_run("S1")

        everything = sessions(index, ResultFilter())
        assert sorted(s.app for s in everything) == ["calibration", "other", "retried"]
        assert len(sessions(index, ResultFilter(final_only=False))) == 4
        on_lab_2 = sessions(index, ResultFilter(device="lab-2"))
        assert sorted(s.app for s in on_lab_2) == ["other", "retried"]
        assert [s.app for s in sessions(index, ResultFilter(rule="share-before-consent"))] == [
            "calibration"
        ]
        since = sessions(index, ResultFilter(since=parse_day("2025-03-02")))
        assert sorted(s.app for s in since) == ["other", "retried"]
        until = sessions(index, ResultFilter(until=parse_day("2025-03-01", end=True)))
        assert [s.app for s in until] == ["calibration"]
        (fault,) = sessions(index, ResultFilter(outcome="app_fault"))
        assert fault.error == "crashed" and fault.findings == 0

        found = findings(index, ResultFilter(app="calibration"))
        assert sorted((f.rule, f.collector) for f in found) == [
            ("collect-before-consent", "first_party"),
            ("share-before-consent", "Umeng"),
        ]
        assert findings(index, ResultFilter(rule="nope")) == []

        assert resolve_run(index, "latest").id == "S1"
        assert resolve_run(index, "S1").suite == "nightly"
        with pytest.raises(InputError, match="no suite run with id 'S9'"):
            resolve_run(index, "S9")


def test_index_path_url_and_bad_scheme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert index_url(str(tmp_path / "x.sqlite")).database == str(tmp_path / "x.sqlite")
    assert index_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    monkeypatch.setenv("HARNESS_INDEX", str(tmp_path / "env.sqlite"))
    assert index_url(None).database == str(tmp_path / "env.sqlite")
    with pytest.raises(InputError, match="expected a SQLite path or a postgresql"):
        index_url("mysql://u@h/db")


def test_a_reader_opens_the_index_read_only_on_either_database(
    location: str, tmp_path: Path
) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from harness.results.query import suite_runs
    from harness.results.store import open_index_readonly

    bundle = sealed_bundle(tmp_path / "evidence", "diary", [finding("r1", "device_id")])
    with open_index(index_url(location)) as index:
        run_id = index.record_single_run(bundle, "host-a")
    with open_index_readonly(index_url(location)) as index:
        assert [r.id for r in suite_runs(index)] == [run_id]
        with pytest.raises(SQLAlchemyError, match=r"(?i)read-?only"), index.engine.begin() as conn:
            conn.execute(text("DELETE FROM findings"))
