"""Coverage of the reference lists, and the generated docs/sdk-coverage.md being current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness.sdk import SdkDatabase
from harness.sdk.coverage import Status, reference_coverage

REPO = Path(__file__).resolve().parents[2]


def test_every_reference_entry_is_live_merged_or_excluded_with_a_reason() -> None:
    db = SdkDatabase.load()
    rows = reference_coverage(db)
    assert len(rows) > 1000
    assert [r.id for r in rows if r.status is Status.LOST] == []
    for row in rows:
        if row.status is Status.EXCLUDED:
            assert row.reason and row.reason.strip(), row.id
        if row.status is Status.MERGED:
            assert row.into is not None and db.get(row.into) is not None


def test_a_lost_entry_is_reported() -> None:
    # A reference entry whose every fact a canonical entry owns, without being merged.
    from harness.sdk.database import Curation, Sdk, SdkFact, assemble

    canonical = Sdk("canonical:x", "X", ("push",), "canonical", ("com.x",), (), vendor="X")
    ref = Sdk(
        "exodus:1",
        "Old X",
        (),
        "exodus",
        ("com.x.sdk",),
        (),
        facts=(SdkFact("package", "com.x.sdk", "exodus:1"),),
    )
    sdks, aliases = assemble([canonical], [ref], Curation({}, ()))
    assert [s.id for s in sdks] == ["canonical:x"] and "exodus:1" not in aliases
    db = SdkDatabase(sdks, (), aliases)
    assert db.resolve("exodus:1") is None  # reference_coverage reports it as lost


def test_committed_coverage_doc_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "sdk_coverage.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
