"""`harness export --xlsx`: the findings of one run or of a whole suite run as an Excel workbook.

Sheet "Findings": one row per finding, the columns a lab files (app, version, package,
rule, regulation cited, category, collector or SDK, phase, first time, count, evidence
ids). Sheet "Runs": one row per session exported (what was tested, where, when, how it
ended, which bundle). Written with openpyxl: header row frozen, column widths set, an
autofilter on each sheet; times are Excel dates in UTC (the headers say so).

Every string comes from the app under test or the evidence, so it is hostile: a value
that a spreadsheet would take for a formula (starting `=`, `+`, `-`, `@`, tab or CR) is
stored as a string cell with Excel's quote prefix (shown and edited as text, never
evaluated) and its text kept exactly; characters XML cannot hold become `\\xNN`; a value
longer than a cell holds is cut with a note.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.evidence.views import FindingView

FINDINGS_SHEET = "Findings"
RUNS_SHEET = "Runs"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CELL_LIMIT = 32_767  # the most characters an Excel cell holds
_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


@dataclass(frozen=True, slots=True)
class ExportedSession:
    """One session's facts and findings, read from its sealed bundle (and the index)."""

    app: str
    package: str
    version: str
    version_code: str
    scenario: str
    device: str
    run_id: str  # the bundle's run id ("" when no bundle was sealed)
    suite_run: str  # "" for a bundle exported on its own
    outcome: str
    error: str
    started: float | None
    ended: float | None
    rule_pack: str
    harness_version: str
    bundle: str
    findings: tuple[FindingView, ...]


# (header, width in characters, value of a finding row)
_FINDING_COLUMNS: tuple[tuple[str, int], ...] = (
    ("App", 18),
    ("Version", 12),
    ("Version code", 10),
    ("Package", 28),
    ("Scenario", 22),
    ("Rule", 26),
    ("Severity", 9),
    ("Title", 44),
    ("Regulation cited", 48),
    ("Regulation (English)", 36),
    ("Data category", 16),
    ("Collector / SDK", 22),
    ("Phase", 14),
    ("First seen (UTC)", 20),
    ("Count", 7),
    ("Evidence ids", 40),
    ("Run id", 26),
    ("Device", 14),
)
_RUN_COLUMNS: tuple[tuple[str, int], ...] = (
    ("App", 18),
    ("Package", 28),
    ("Version", 12),
    ("Version code", 10),
    ("Scenario", 22),
    ("Device", 14),
    ("Run id", 26),
    ("Suite run", 28),
    ("Outcome", 11),
    ("Error", 40),
    ("Started (UTC)", 20),
    ("Ended (UTC)", 20),
    ("Findings", 9),
    ("Rule pack", 12),
    ("Harness", 10),
    ("Bundle", 60),
)


def finding_row(session: ExportedSession, f: FindingView) -> tuple[Any, ...]:
    return (
        session.app,
        session.version,
        session.version_code,
        session.package,
        session.scenario,
        f.rule,
        f.severity,
        f.title,
        f.regulation.zh or f.regulation.text,
        f.regulation.en,
        f.category or "",
        f.collector,
        f.phase or "",
        _time(f.first_ts),
        f.count,
        ", ".join(f"{kind}:{ref}" if kind else ref for kind, ref in f.evidence),
        session.run_id,
        session.device,
    )


def run_row(session: ExportedSession) -> tuple[Any, ...]:
    return (
        session.app,
        session.package,
        session.version,
        session.version_code,
        session.scenario,
        session.device,
        session.run_id,
        session.suite_run,
        session.outcome,
        session.error,
        _time(session.started),
        _time(session.ended),
        len(session.findings),
        session.rule_pack,
        session.harness_version,
        session.bundle,
    )


def write_workbook(out: Path, exported: Sequence[ExportedSession]) -> Path:
    """Write the workbook aside and rename it into place; returns `out`."""
    from openpyxl import Workbook

    book = Workbook()
    findings_sheet = book.active
    assert findings_sheet is not None  # a new workbook has one sheet
    findings_sheet.title = FINDINGS_SHEET
    _fill(
        findings_sheet,
        _FINDING_COLUMNS,
        [finding_row(s, f) for s in exported for f in s.findings],
    )
    _fill(book.create_sheet(RUNS_SHEET), _RUN_COLUMNS, [run_row(s) for s in exported])
    out.parent.mkdir(parents=True, exist_ok=True)
    aside = out.with_name(f".{out.name}.partial")
    try:
        book.save(aside)
        os.replace(aside, out)
    finally:
        aside.unlink(missing_ok=True)
    return out


def _fill(sheet: Any, columns: tuple[tuple[str, int], ...], rows: list[tuple[Any, ...]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for col, (header, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            _put(sheet.cell(row=r, column=col), value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"


def _put(cell: Any, value: Any) -> None:
    if isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = _TIME_FORMAT
        return
    if not isinstance(value, str):
        cell.value = value
        return
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    if len(text) > _CELL_LIMIT:
        note = " … [cut: longer than an Excel cell holds]"
        text = text[: _CELL_LIMIT - len(note)] + note
    cell.value = text
    # openpyxl itself turns a string starting "=" into a formula: force text, always.
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _time(epoch: float | None) -> dt.datetime | str:
    if epoch is None or epoch <= 0:
        return ""
    # Excel has no time zones: a naive datetime in UTC, as the header says.
    return dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)


def exported_bundle(
    bundle: Path,
    *,
    suite_run: str = "",
    outcome: str = "ok",
    error: str = "",
    app: str | None = None,
) -> ExportedSession:
    """A sealed bundle's facts (manifest.json) and findings (findings.json, as sealed)."""
    import json

    from harness.errors import InputError
    from harness.evidence.tested_build import tested_build
    from harness.evidence.verify import read_bundle_manifest
    from harness.evidence.views import parse_finding

    manifest = read_bundle_manifest(bundle)
    where = bundle / "findings.json"
    try:
        raw = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = []  # a sealed bundle of a session that scored nothing
    except (OSError, ValueError) as exc:
        raise InputError(where, f"expected the findings as JSON ({exc})") from None
    if not isinstance(raw, list):
        raise InputError(where, "expected a list of findings")
    found = [parse_finding(i, row) for i, row in enumerate(raw) if isinstance(row, dict)]
    build = tested_build(manifest)
    device = manifest.get("device")
    return ExportedSession(
        app=app or bundle.parent.name,
        package=str(manifest.get("app_package") or ""),
        version=build.version,
        version_code=build.version_code,
        scenario=str(manifest.get("scenario") or ""),
        device=str(device.get("name") or "") if isinstance(device, dict) else "",
        run_id=str(manifest.get("run_id") or bundle.name),
        suite_run=suite_run,
        outcome=outcome,
        error=error,
        started=_epoch(manifest.get("started")),
        ended=_epoch(manifest.get("ended")),
        rule_pack=str(manifest.get("rule_pack_version") or ""),
        harness_version=str(manifest.get("harness_version") or ""),
        bundle=str(bundle),
        findings=tuple(f for f in found if f is not None),
    )


def _epoch(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
