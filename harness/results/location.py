"""Where the index is: `--index` (a path or a URL), else `$HARNESS_INDEX`, else the default."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from harness.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DEFAULT_INDEX = Path("evidence") / "index.sqlite"
ENV_VAR = "HARNESS_INDEX"
_SCHEMES = {
    "sqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
}


def index_url(value: str | None) -> URL:
    """A SQLAlchemy URL: SQLite for a path, psycopg (3) for a postgresql:// URL."""
    # Here, not at the top: `add_index_option` builds parsers that must not import SQLAlchemy.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = value or os.environ.get(ENV_VAR) or str(DEFAULT_INDEX)
    if "://" not in text:
        return make_url(f"sqlite:///{Path(text).expanduser().resolve()}")
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise InputError(None, f"--index {text!r}: not a database URL ({exc})") from None
    backend = url.get_backend_name()
    if backend not in _SCHEMES:
        raise InputError(None, f"--index {text!r}: expected a SQLite path or a postgresql:// URL")
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername=_SCHEMES[backend])
    return url


def add_index_option(parser: argparse.ArgumentParser) -> None:
    """`--index`, the same on every command that reads or writes the index."""
    parser.add_argument(
        "--index",
        default=None,
        help="results index: a SQLite file or a postgresql:// URL "
        f"(default: ${ENV_VAR}, else {DEFAULT_INDEX})",
    )
