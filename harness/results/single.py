"""Indexing one `harness run`: where its index is, and adding its sealed bundle to it.

The index is `--index`, else $HARNESS_INDEX, else OUT/index.sqlite beside the bundles (so
the default, evidence/index.sqlite, is the one `harness suite` writes and `harness serve`
reads). The location is checked before the session starts; the bundle is added after it
is sealed. The evidence does not depend on the index: a failure to index is reported on
stderr (the bundle stays valid) and the caller exits 3.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from harness.errors import HarnessError
from harness.results.location import ENV_VAR, index_url
from harness.results.store import open_index


def single_run_index(given: str | None, out_dir: Path) -> URL:
    """The index a run in `out_dir` goes into (an InputError for a malformed `--index`)."""
    return index_url(given or os.environ.get(ENV_VAR) or str(out_dir / "index.sqlite"))


def index_single_run(url: URL, bundle: Path) -> bool:
    """Add the sealed bundle to the index; False (said on stderr) when it could not be."""
    try:
        with open_index(url) as index:
            index.record_single_run(bundle.resolve(), socket.gethostname())
    except (HarnessError, SQLAlchemyError) as exc:
        # SQLAlchemyError: a file that is not a database fails as soon as it is opened.
        print(f"harness: error: the run was not indexed: {exc}", file=sys.stderr)
        return False
    return True
