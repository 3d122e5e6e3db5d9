"""Versioned migrations: `migrations/NNNN_name.sql`, applied in order, each exactly once.

`schema_version` holds one row per applied file. Two processes opening a fresh index at the
same moment must not both migrate it: the whole check-and-apply runs under the database's
own lock (BEGIN IMMEDIATE on SQLite, an advisory transaction lock on PostgreSQL).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from harness.errors import InputError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_FILE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_PG_LOCK_KEY = 0x68617273  # "hars": one advisory lock id for index migrations


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    path: Path

    def statements(self) -> list[str]:
        # Comments dropped, split at the semicolons that end lines: the files are plain DDL.
        body = "\n".join(
            line
            for line in self.path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("--")
        )
        return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]


def migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE.match(path.name)
        if match is None:
            raise ValueError(f"migration file not named NNNN_name.sql: {path}")
        found.append(Migration(int(match.group(1)), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 1..n without gaps: {versions}")
    return found


def migrate(engine: Engine, directory: Path = MIGRATIONS_DIR) -> int:
    """Bring the index up to the newest migration; returns the schema version."""
    steps = migrations(directory)
    options = {"sqlite_begin": "BEGIN IMMEDIATE"} if engine.dialect.name == "sqlite" else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, applied DOUBLE PRECISION NOT NULL)"
            )
        )
        current = _current(conn)
        newest = steps[-1].version if steps else 0
        if current > newest:
            raise InputError(
                None,
                f"the results index {engine.url.render_as_string(hide_password=True)} has "
                f"schema version {current}, newer than this harness knows ({newest}): "
                "upgrade the harness",
            )
        for step in steps:
            if step.version <= current:
                continue
            for statement in step.statements():
                conn.execute(text(statement))
            conn.execute(
                text("INSERT INTO schema_version (version, applied) VALUES (:v, :t)"),
                {"v": step.version, "t": time.time()},
            )
            current = step.version
    return current


def _current(conn: Connection) -> int:
    value = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar()
    return int(value or 0)
