"""`harness export --xlsx`: the workbook read back with openpyxl, row by row against the bundles."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harness.cli import main
from harness.results.location import index_url
from harness.results.store import open_index
from harness.session.orchestrator import OutcomeKind
from harness.testkit.bundles import attempt, job
from tests.serve.kit import REGULATION, T0, finding, findings_of, sealed_bundle

INJECTIONS = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    book = load_workbook(path)
    ws = book[sheet]
    values = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


@pytest.fixture
def hostile_bundle(tmp_path: Path) -> Path:
    found = [
        finding("collect-before-consent", INJECTIONS[0], T0 + 1, n=2),
        finding("share-before-consent", "Umeng 友盟", T0 + 2, title=INJECTIONS[1]),
        finding(INJECTIONS[2], "first_party", T0 + 3, regulation=INJECTIONS[3]),
        finding("beyond-necessary", "bell\x07sdk", T0 + 4),
    ]
    return sealed_bundle(tmp_path / "evidence", "diary", found, started=T0, version="5.0")


def test_one_bundle_one_row_per_finding(
    hostile_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "diary.xlsx"
    assert main(["export", str(hostile_bundle), "--xlsx", str(out)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(out)
    rows = _rows(out, "Findings")
    sealed = findings_of(hostile_bundle)
    assert len(rows) == len(sealed)
    for row, f in zip(rows, sealed, strict=True):
        assert row["App"] == "diary" and row["Version"] == "5.0" and row["Version code"] == "7"
        assert row["Package"] == "com.example.5" and row["Scenario"] == "first-launch-accept"
        assert row["Rule"] == f["rule"] and row["Title"] == f["title"]
        assert row["Regulation cited"] == f["regulation"]
        assert row["Data category"] == f["category"] and row["Phase"] == f["phase"]
        assert row["Count"] == f["count"]
        expected_time = dt.datetime.fromtimestamp(f["first_ts"], dt.UTC).replace(tzinfo=None)
        assert abs((row["First seen (UTC)"] - expected_time).total_seconds()) < 0.001  # type: ignore[operator]
        assert row["Evidence ids"] == ", ".join(f"event:{e['id']}" for e in f["evidence"])
        if "\x07" not in f["collector"]:
            assert row["Collector / SDK"] == f["collector"]
    assert rows[0]["Regulation cited"] == REGULATION  # Chinese text intact
    assert rows[1]["Collector / SDK"] == "Umeng 友盟"
    assert rows[3]["Collector / SDK"] == "bell\\x07sdk"  # XML cannot hold BEL: shown escaped
    (run,) = _rows(out, "Runs")
    assert run["Findings"] == 4 and run["Outcome"] == "ok" and run["Bundle"] == str(hostile_bundle)


def test_formulas_are_text_never_evaluated(hostile_bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "diary.xlsx"
    assert main(["export", str(hostile_bundle), "--xlsx", str(out)]) == 0
    ws = load_workbook(out)["Findings"]
    seen = []
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                assert cell.data_type in ("s", "inlineStr") and cell.quotePrefix, cell.coordinate
                seen.append(cell.value)
    assert set(INJECTIONS) <= set(seen)  # kept exactly, every one found
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_the_header_is_frozen_and_widths_set(hostile_bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "diary.xlsx"
    assert main(["export", str(hostile_bundle), "--xlsx", str(out)]) == 0
    book = load_workbook(out)
    for name in ("Findings", "Runs"):
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[c.column_letter].width > 5 for c in ws[1])
        assert all(c.font.b for c in ws[1])


def test_a_suite_run_from_the_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "evidence"
    index_file = tmp_path / "index.sqlite"
    a = sealed_bundle(root, "diary", [finding("collect-before-consent", "Umeng", T0 + 1)],
                      started=T0)  # fmt: skip
    b = sealed_bundle(root, "inbox", [finding("share-before-consent", "JPush", T0 + 2),
                                      finding("beyond-necessary", "first_party", T0 + 3)],
                      started=T0)  # fmt: skip
    run = "S20260921T010000Z-dddddd"
    with open_index(index_url(str(index_file))) as index:
        index.begin_suite_run(run, "nightly", "h", 3, started=T0)
        for app, bundle in (("diary", a), ("inbox", b)):
            j = job(run, app)
            index.record_attempt(j, attempt(j, OutcomeKind.OK, bundle, started=T0), final=True)
        j = job(run, "crashy")
        index.record_attempt(j, attempt(j, OutcomeKind.INFRA_FAULT, None, started=T0,
                                        error="device lost"), final=True)  # fmt: skip
        index.end_suite_run(run)
    out = tmp_path / "night.xlsx"
    assert main(["export", "--run", "2026-09-21", "--index", str(index_file), "--xlsx",
                 str(out)]) == 0  # fmt: skip
    rows = _rows(out, "Findings")
    expected = [("diary", f) for f in findings_of(a)] + [("inbox", f) for f in findings_of(b)]
    assert [(r["App"], r["Rule"], r["Collector / SDK"]) for r in rows] == [
        (app, f["rule"], f["collector"]) for app, f in expected
    ]
    runs = _rows(out, "Runs")
    assert [(r["App"], r["Outcome"], r["Findings"]) for r in runs] == [
        ("crashy", "infra_fault", 0), ("diary", "ok", 1), ("inbox", "ok", 2)
    ]  # fmt: skip
    assert {r["Suite run"] for r in runs} == {run}
    # A single run the same night: in the night's export, not in the suite run's.
    c = sealed_bundle(root, "diary", [finding("share-before-consent", "Umeng", T0 + 9)],
                      started=T0 + 3600)  # fmt: skip
    with open_index(index_url(str(index_file))) as index:
        single = index.record_single_run(c, "h")
    night = tmp_path / "whole-night.xlsx"
    assert main(["export", "--night", "2026-09-21", "--index", str(index_file), "--xlsx",
                 str(night)]) == 0  # fmt: skip
    assert [(r["Suite run"], r["App"]) for r in _rows(night, "Runs")] == [
        (run, "crashy"), (run, "diary"), (run, "inbox"), (single, "diary")
    ]  # fmt: skip
    assert len(_rows(night, "Findings")) == 4
    assert main(["export", "--night", "2026-09-22", "--index", str(index_file), "--xlsx",
                 str(night)]) == 2  # fmt: skip
    assert "no run started on 2026-09-22" in capsys.readouterr().err


def test_bad_requests_exit_2_and_an_altered_bundle_1(
    hostile_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["export", "--run", "latest", "--index", str(tmp_path / "none.sqlite"),
                 "--xlsx", str(out)]) == 2  # fmt: skip
    assert "no results index here" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()
    assert main(["export", "--run", "latest"]) == 2
    assert main(["export"]) == 2
    assert main(["export", str(hostile_bundle), "--xlsx", str(out), "--out", "a.zip"]) == 2
    (hostile_bundle / "findings.json").write_text("[]", encoding="utf-8")
    assert main(["export", str(hostile_bundle), "--xlsx", str(out)]) == 1
    assert not out.exists()
