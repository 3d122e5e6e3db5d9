"""The results index: every suite run, every session attempt and every finding, queryable.

A SQLite file by default (`evidence/index.sqlite`), a PostgreSQL URL for an index shared
by several lab hosts. SQLAlchemy Core speaks to both with one set of table definitions and
one query builder (a filter is built once, not once per SQL dialect); the schema itself
lives in versioned SQL files under `migrations/`, written in the SQL both databases accept.

May import: harness.model and harness.errors only: the index sits below sessions and suites
(a suite hands it its records through the protocols in `records`).
"""

from harness.results.location import DEFAULT_INDEX, add_index_option, index_url
from harness.results.store import ResultsIndex, open_index

__all__ = ["DEFAULT_INDEX", "ResultsIndex", "add_index_option", "index_url", "open_index"]
