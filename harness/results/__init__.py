"""The results index: every suite run, every session attempt and every finding, queryable.

A SQLite file by default (`evidence/index.sqlite`), a PostgreSQL URL for an index shared
by several lab hosts. SQLAlchemy Core speaks to both with one set of table definitions and
one query builder (a filter is built once, not once per SQL dialect); the schema itself
lives in versioned SQL files under `migrations/`, written in the SQL both databases accept.

`location` says where the index is (`--index`, light: a command's parser uses it),
`schema` and `migrations/` define the tables, `migrate` brings a database up to date,
`store` writes (ResultsIndex, open_index), `query` reads, `diff` and `junit` compare runs.
This face re-exports nothing, so a parser can take `--index` without importing SQLAlchemy.
May import: harness.model and harness.errors only: the index sits below sessions and suites
(a suite hands it its records through the protocols in `records`).
"""
