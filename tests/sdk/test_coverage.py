"""Coverage of the reference lists, and the generated docs/sdk-coverage.md being current."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import InputError
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


def _canonical(tmp_path: Path, entry: dict[str, object], **extra: object) -> Path:
    path = tmp_path / "sdk-canonical.json"
    document = {"schema": 1, "source": "canonical", "sdks": [entry], **extra}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _reference(tmp_path: Path) -> Path:
    path = tmp_path / "sdk-ref.json"
    entry = {"id": "ref:1", "name": "Ref", "code_prefixes": ["com.ref"]}
    path.write_text(json.dumps({"schema": 1, "source": "ref", "sdks": [entry]}), "utf-8")
    return path


GOOD = {
    "id": "canonical:x",
    "name": "X",
    "vendor": "X Inc.",
    "categories": ["push"],
    "code_prefixes": ["com.x"],
}


def test_a_canonical_entry_needs_a_vendor_and_a_known_category(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"sdk-canonical\.json.*canonical:x.*not \['pushes'\]"):
        SdkDatabase.load([_canonical(tmp_path, {**GOOD, "categories": ["pushes"]})])
    with pytest.raises(InputError, match="a vendor and categories"):
        SdkDatabase.load([_canonical(tmp_path, {**GOOD, "vendor": ""})])


def test_merges_and_aliases_must_name_known_entries(tmp_path: Path) -> None:
    ref = _reference(tmp_path)
    typo = _canonical(tmp_path, {**GOOD, "merges": ["ref:2"]})
    with pytest.raises(InputError, match=r"unknown ids: \['ref:2'\]"):
        SdkDatabase.load([typo, ref])
    alias = _canonical(tmp_path, GOOD, aliases=[{"id": "ref:1", "into": "canonical:y"}])
    with pytest.raises(InputError, match=r"unknown ids: \['canonical:y'\]"):
        SdkDatabase.load([alias, ref])
    merged = _canonical(tmp_path, {**GOOD, "merges": ["ref:1"]})
    db = SdkDatabase.load([merged, ref])
    x = db.get("canonical:x")
    assert x is not None and db.resolve("ref:1") is x
    # The merged entry's fact joins the canonical SDK, naming where it came from.
    assert ("com.ref", "ref:1") in [(f.value, f.source) for f in x.facts]
    assert db.match_class("com.ref.Thing") is x
