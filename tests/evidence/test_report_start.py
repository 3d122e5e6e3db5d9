"""A run stopped before it recorded anything (Ctrl-C during start-up) never reads 1970.

Its `.partial` folder holds no manifest and no record: the report takes the start from the
run id the folder is named after (the UTC instant the run began); a folder whose name
carries no run id reports the start as unknown.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from harness.evidence.report import regenerate


def _partial(root: Path, name: str) -> Path:
    folder = root / "app" / name
    folder.mkdir(parents=True)
    (folder / "journal.jsonl").write_bytes(b"")  # the journal opened, nothing written yet
    return folder


def test_interrupted_before_any_record_shows_the_run_ids_start(tmp_path: Path) -> None:
    bundle = _partial(tmp_path, ".20261207T140356Z-1a2b3c.partial")
    report, written = regenerate(bundle, tmp_path / "out", zone=dt.UTC)
    began = dt.datetime(2026, 12, 7, 14, 3, 56, tzinfo=dt.UTC).timestamp()
    assert report.start_known and report.start == began
    page = written["report.html"].read_text(encoding="utf-8")
    assert "1970" not in page
    assert "2026-12-07 14:03:56 UTC" in page
    run = json.loads(written["report.json"].read_text(encoding="utf-8"))["run"]
    assert run["started_known"] is True and run["started_utc"].startswith("2026-12-07T14:03:56")


def test_nothing_says_when_it_began_reads_unknown(tmp_path: Path) -> None:
    bundle = _partial(tmp_path, "renamed-by-hand")
    report, written = regenerate(bundle, tmp_path / "out", zone=dt.UTC)
    assert not report.start_known
    page = written["report.html"].read_text(encoding="utf-8")
    assert "1970" not in page
    assert 'data-known="no">unknown' in page
    run = json.loads(written["report.json"].read_text(encoding="utf-8"))["run"]
    assert run["started_known"] is False


def test_records_without_a_manifest_start_at_the_first_record(tmp_path: Path) -> None:
    bundle = _partial(tmp_path, ".20261207T140356Z-1a2b3c.partial")
    row = {"type": "marker", "id": "m0001", "ts": 1_796_652_300.5, "kind": "launch"}
    (bundle / "journal.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    report, _ = regenerate(bundle, tmp_path / "out", zone=dt.UTC)
    assert report.start_known and report.start == 1_796_652_300.5
