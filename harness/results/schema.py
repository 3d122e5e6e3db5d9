"""The index's tables as SQLAlchemy Core sees them, for building queries.

The DDL is in `migrations/*.sql`; these definitions must match the latest migration (a
test reflects a migrated database of each kind and compares). `SCHEMA_VERSION` is the
number of the newest migration file.
"""

from __future__ import annotations

from sqlalchemy import Column, Double, ForeignKey, Integer, MetaData, String, Table, Text

SCHEMA_VERSION = 2

metadata = MetaData()

suite_runs = Table(
    "suite_runs",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("suite", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("started", Double, nullable=False),
    Column("ended", Double),
    Column("jobs", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    # "suite" for `harness suite`, "run" for one `harness run` (migration 0002).
    Column("kind", String(10), nullable=False, server_default="suite"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(400), primary_key=True),
    Column("suite_run", String(80), ForeignKey("suite_runs.id"), nullable=False),
    Column("job", String(400), nullable=False),
    Column("app", String(200), nullable=False),
    Column("package", String(200), nullable=False),
    Column("scenario", String(200), nullable=False),
    Column("device", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("final", Integer, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("error", Text, nullable=False),
    Column("bundle", Text, nullable=False),
    Column("run_id", String(80), nullable=False),
    Column("rule_pack", String(80), nullable=False),
    Column("started", Double, nullable=False),
    Column("ended", Double, nullable=False),
    Column("findings", Integer, nullable=False),
    # The tested build (migration 0002): versionName and versionCode, "" when not known.
    Column("version", String(200), nullable=False, server_default=""),
    Column("version_code", String(40), nullable=False, server_default=""),
)

findings = Table(
    "findings",
    metadata,
    Column("session", String(400), ForeignKey("sessions.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("rule", String(100), nullable=False),
    Column("category", String(50), nullable=False),
    Column("phase", String(50), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("collector", String(200), nullable=False),
    Column("title", Text, nullable=False),
    Column("regulation", Text, nullable=False),
    Column("first_ts", Double, nullable=False),
    Column("count", Integer, nullable=False),
)
