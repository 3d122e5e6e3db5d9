"""Single `harness run`s in the results index, migration 0002, and the read-only opening."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from harness.errors import InfrastructureError, InputError
from harness.results.location import index_url
from harness.results.migrate import MIGRATIONS_DIR, migrate
from harness.results.query import ResultFilter, resolve_run, sessions, suite_runs
from harness.results.single import index_single_run, single_run_index
from harness.results.store import RUN_KIND, open_index, open_index_readonly
from harness.serve.bundles import NotServed, read_report
from harness.testkit.cli import HARNESS
from tests.serve.kit import T0, finding, sealed_bundle


def test_a_single_run_is_indexed_as_a_run_of_one_session(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    bundle = sealed_bundle(
        root, "diary", [finding("collect-before-consent", "Umeng", T0 + 1, n=3)],
        started=T0, version="3.1.4",
    )  # fmt: skip
    url = single_run_index(None, root)
    assert url.database == str((root / "index.sqlite").resolve())
    assert index_single_run(url, bundle)
    with open_index(url) as index:
        (run,) = suite_runs(index)
        (row,) = sessions(index, ResultFilter(app="diary"))
        assert run.kind == RUN_KIND and run.status == "done" and run.started == T0
        assert (row.suite_run, row.findings, row.version, row.version_code) == (
            run.id, 1, "3.1.4", "7"
        )  # fmt: skip
        assert row.package == "com.example.5" and Path(row.bundle) == bundle.resolve()
        # Nightly comparisons keep to suites: a lone run is no "latest" suite run...
        with pytest.raises(InputError, match="no suite run"):
            resolve_run(index, "latest")
        # ...but is reached by its id.
        assert resolve_run(index, run.id) == run
    # `harness results --runs` names it for what it is (it has no suite name).
    listed = subprocess.run(
        [*HARNESS, "results", "--index", str(url.database), "--runs"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"{run.id}  (single run)  " in listed


def test_harness_index_variable_wins_over_the_folder_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARNESS_INDEX", str(tmp_path / "shared.sqlite"))
    assert single_run_index(None, tmp_path / "out").database == str(tmp_path / "shared.sqlite")
    given = single_run_index(str(tmp_path / "given.sqlite"), tmp_path / "out")
    assert given.database == str(tmp_path / "given.sqlite")


def test_a_failure_to_index_is_said_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = sealed_bundle(tmp_path / "evidence", "diary", [], started=T0)
    not_a_db = tmp_path / "index.sqlite"
    not_a_db.write_text("hello, not a database\n" * 50, encoding="utf-8")
    assert not index_single_run(index_url(str(not_a_db)), bundle)
    assert "the run was not indexed" in capsys.readouterr().err


def test_migration_0002_keeps_a_version_1_index(tmp_path: Path) -> None:
    old = tmp_path / "migrations-v1"
    old.mkdir()
    shutil.copy(MIGRATIONS_DIR / "0001_initial.sql", old)
    path = tmp_path / "index.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    assert migrate(engine, old) == 1
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO suite_runs (id, suite, host, started, ended, jobs, status) "
                "VALUES ('S1', 'nightly', 'h', 1.0, 2.0, 1, 'done')"
            )
        )
    engine.dispose()
    with pytest.raises(InputError, match="schema version 1"):
        open_index_readonly(index_url(str(path)))  # a reader never migrates
    with open_index(index_url(str(path))) as index:
        (run,) = suite_runs(index)
    assert (run.id, run.suite, run.kind) == ("S1", "nightly", "suite")


def test_the_readonly_opening_creates_and_writes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    with pytest.raises(InputError, match="no results index here"):
        open_index_readonly(index_url(str(missing)))
    assert not missing.exists()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(InputError, match="not a results index"):
        open_index_readonly(index_url(str(junk)))
    good = tmp_path / "index.sqlite"
    open_index(index_url(str(good))).close()
    with (
        open_index_readonly(index_url(str(good))) as index,
        pytest.raises(OperationalError, match="readonly database"),
        index.engine.begin() as conn,
    ):
        conn.execute(text("DELETE FROM suite_runs"))


def test_a_report_is_refused_when_linked_altered_or_outside(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    bundle = sealed_bundle(root, "diary", [], started=T0)
    assert read_report(root, str(bundle)).body == (bundle / "report.html").read_bytes()
    with pytest.raises(NotServed, match="not under the bundles folder"):
        read_report(root / "diary" / "elsewhere", str(bundle))
    with pytest.raises(NotServed, match="not under the bundles folder"):
        read_report(root, str(root / ".." / ".." / "etc"))
    with pytest.raises(NotServed, match="sealed no bundle"):
        read_report(root, "")
    report = bundle / "report.html"
    report.write_bytes(report.read_bytes() + b"<script>window.__pwned=1</script>")
    with pytest.raises(NotServed, match="differs from its manifest"):
        read_report(root, str(bundle))
    secret = tmp_path / "secret.html"
    secret.write_text("secret", encoding="utf-8")
    report.unlink()
    report.symlink_to(secret)
    with pytest.raises(NotServed, match="not a regular file"):
        read_report(root, str(bundle))


def test_a_run_indexed_twice_is_refused_and_kept_once(tmp_path: Path) -> None:
    bundle = sealed_bundle(tmp_path / "evidence", "diary", [], started=T0)
    with open_index(index_url(str(tmp_path / "index.sqlite"))) as index:
        index.record_single_run(bundle, "h")
        with pytest.raises(InfrastructureError, match="results index"):
            index.record_single_run(bundle, "h")
        assert len(suite_runs(index)) == 1
        assert len(sessions(index, ResultFilter(final_only=False))) == 1


def test_a_bundle_recorded_by_another_host_is_found_by_its_layout(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    bundle = sealed_bundle(root, "diary", [], started=T0)
    elsewhere = f"/mnt/worker-7/evidence/diary/{bundle.name}"  # the worker's own mount
    assert read_report(root, elsewhere).bundle == bundle.resolve()
    relative = f"nightly-out/diary/{bundle.name}"  # a suite started from another folder
    assert read_report(root, relative).bundle == bundle.resolve()
    with pytest.raises(NotServed, match="not under the bundles folder"):
        read_report(root, f"/mnt/worker-7/evidence/diary/{bundle.name}-gone")
