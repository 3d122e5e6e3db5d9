"""Reads whatever a bundle folder holds, never failing on what is absent or damaged.

The reports are built from these contents, during a run (the staging folder, before the
manifest exists) and later by `harness report` (any bundle: sealed, altered, or left
`.partial` / `.failed`). A file that is missing or unreadable becomes a `Problem` the report
shows; it never stops the report from being written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.evidence.events import EVENTS_FILE, decode_line
from harness.evidence.manifest import MANIFEST_NAME, bundle_files, is_foreign
from harness.evidence.views import (
    FindingView,
    FlowView,
    HookView,
    OtherView,
    Record,
    parse_finding,
    parse_record,
    strings,
)
from harness.traffic.flows import FLOWS_FILE, read_flows

# What the session appended as it went (harness.session.journal): read when a run that never
# finished left no events.jsonl.
JOURNAL_FILE = "journal.jsonl"
FINDINGS_FILE = "findings.json"
HOOKS_FILE = "hooks.json"
STACKS_FILE = "stacks.json"
ERROR_FILE = "ERROR.txt"
REPORT_FILES = ("report.html", "report.json", "junit.xml")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a bundle should hold and does not, or holds in a form that cannot be read."""

    file: str
    detail: str
    line: int | None = None

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.detail}"


@dataclass(frozen=True, slots=True)
class BundleContents:
    root: Path
    manifest: Mapping[str, Any]  # empty when the bundle has none
    records: tuple[Record, ...]  # events.jsonl, in file order (time order)
    findings: tuple[FindingView, ...]
    findings_present: bool
    hooks: Mapping[str, Any] | None
    files: tuple[str, ...]  # every file present, the manifest and reports excluded
    problems: tuple[Problem, ...]
    error_text: str | None  # ERROR.txt of a failed run

    def file_bytes(self, name: str) -> bytes | None:
        """A bundle file's bytes, only for names the bundle lists (never a path outside it)."""
        if name not in self.files:
            return None
        try:
            return (self.root / name).read_bytes()
        except OSError:
            return None


def _file(root: Path, name: str) -> Path | None:
    """`root/name` when it is a file of the bundle; None for anything else, and never a
    link: following one would put a file from outside the bundle into its report."""
    path = root / name
    return path if path.is_file() and not is_foreign(root, name) else None


def _read_json(root: Path, name: str, problems: list[Problem]) -> Any:
    path = _file(root, name)
    if path is None:
        why = "a link or not a file: not read" if is_foreign(root, name) else "absent"
        problems.append(Problem(name, why))
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, f"not valid JSON ({exc.msg})", exc.lineno))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, f"unreadable ({exc})"))
    return None


def _read_stacks(root: Path, problems: list[Problem]) -> dict[int, tuple[str, ...]]:
    """stacks.json (a stack table: events may cite `stack_id` instead of carrying frames)."""
    if not (root / STACKS_FILE).exists() and not (root / STACKS_FILE).is_symlink():
        return {}
    document = _read_json(root, STACKS_FILE, problems)
    table: dict[int, tuple[str, ...]] = {}
    entries = document.get("stacks") if isinstance(document, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("id"), int):
            table[entry["id"]] = strings(entry, "frames")
    return table


def _with_stack(record: Record, row: dict[str, Any], stacks: dict[int, tuple[str, ...]]) -> Record:
    stack_id = row.get("stack_id")
    if isinstance(record, HookView | OtherView) and not record.stack and isinstance(stack_id, int):
        return replace(record, stack=stacks.get(stack_id, ()))
    return record


def _read_records(
    root: Path, problems: list[Problem], stacks: dict[int, tuple[str, ...]]
) -> list[Record]:
    path = _file(root, EVENTS_FILE)
    if path is None:
        why = "a link or not a file: not read" if is_foreign(root, EVENTS_FILE) else "absent"
        problems.append(Problem(EVENTS_FILE, why))
        return []
    records: list[Record] = []
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = decode_line(line)
                except json.JSONDecodeError as exc:
                    problems.append(Problem(EVENTS_FILE, f"not a JSON record ({exc.msg})", number))
                    continue
                except ValueError:  # JSON, but not an object: no id, no ts
                    row = {}
                record = parse_record(row)
                if record is None:
                    problems.append(Problem(EVENTS_FILE, "a record without id or ts", number))
                else:
                    records.append(_with_stack(record, row, stacks))
    except OSError as exc:
        problems.append(Problem(EVENTS_FILE, f"unreadable ({exc})"))
    return records


def _read_journal(
    root: Path, problems: list[Problem]
) -> tuple[list[Record], dict[str, Any] | None]:
    """A run that never finished: its records from journal.jsonl and its flows from
    flows.mitm, in time order, and what the journal says of its agents (hooks.json's
    `agent_problems` and `processes`). None for the latter when there is no journal."""
    path = _file(root, JOURNAL_FILE)
    if path is None:
        return [], None
    records: list[Record] = []
    agent_problems: list[str] = []
    processes: dict[Any, dict[str, Any]] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        problems.append(Problem(JOURNAL_FILE, f"unreadable ({exc})"))
        return [], None
    for number, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            if number < len(lines):  # the last one may be torn by the kill: expected
                problems.append(Problem(JOURNAL_FILE, f"not a JSON record ({exc.msg})", number))
            continue
        kind = row.get("type") if isinstance(row, dict) else None
        if kind == "agent_problem":
            agent_problems.append(str(row.get("text")))
        elif kind == "process" and isinstance(row, dict):
            processes[row.get("instance")] = {k: v for k, v in row.items() if k != "type"}
        else:
            record = parse_record(row) if isinstance(row, dict) else None
            if record is None:
                problems.append(Problem(JOURNAL_FILE, "a record without id or ts", number))
            else:
                records.append(record)
    flows = _file(root, FLOWS_FILE)
    if flows is not None:
        try:
            records += [r for f in read_flows(flows) if (r := parse_record(f.to_json()))]
        except InputError as exc:
            problems.append(Problem(FLOWS_FILE, exc.expected))
    records.sort(key=lambda r: r.ts)
    return records, {"agent_problems": agent_problems, "processes": list(processes.values())}


def _attach_bodies(root: Path, records: list[Record], problems: list[Problem]) -> list[Record]:
    """Flow rows in events.jsonl lack bodies; flows.mitm has them, by flow id."""
    flow_rows = [r for r in records if isinstance(r, FlowView)]
    if not flow_rows:
        return records
    flows = _file(root, FLOWS_FILE)
    if flows is None:
        problems.append(Problem(FLOWS_FILE, "absent: request bodies cannot be shown"))
        return records
    try:
        bodies = {f.id: f for f in read_flows(flows)}
    except InputError as exc:
        problems.append(Problem(FLOWS_FILE, exc.expected))
        return records
    out: list[Record] = []
    for record in records:
        if isinstance(record, FlowView) and record.id in bodies:
            full = bodies[record.id]
            record = replace(
                record,
                body=full.request_body,
                body_size=len(full.request_body),
                headers=full.request_headers or record.headers,
            )
        elif isinstance(record, FlowView):
            problems.append(Problem(FLOWS_FILE, f"holds no flow {record.id}"))
        out.append(record)
    return out


def read_bundle(root: Path, manifest: Mapping[str, Any] | None = None) -> BundleContents:
    """Everything in `root`; `manifest` stands in for manifest.json during a run."""
    problems: list[Problem] = []
    if manifest is None:
        loaded = _read_json(root, MANIFEST_NAME, []) if _file(root, MANIFEST_NAME) else None
        manifest = loaded if isinstance(loaded, dict) else {}
    stacks = _read_stacks(root, problems)
    journaled: dict[str, Any] | None = None
    if _file(root, EVENTS_FILE) is None and not is_foreign(root, EVENTS_FILE):
        raw_records, journaled = _read_journal(root, problems)
    if journaled is None:
        raw_records = _read_records(root, problems, stacks)
    records = _attach_bodies(root, raw_records, problems)
    raw_findings = _read_json(root, FINDINGS_FILE, problems)
    findings: list[FindingView] = []
    if isinstance(raw_findings, list):
        for index, row in enumerate(raw_findings):
            finding = parse_finding(index, row) if isinstance(row, dict) else None
            if finding is None:
                problems.append(Problem(FINDINGS_FILE, f"entry {index} is not a finding"))
            else:
                findings.append(finding)
    elif raw_findings is not None:
        problems.append(Problem(FINDINGS_FILE, "not a list of findings"))
    if journaled is not None and _file(root, HOOKS_FILE) is None:
        hooks: Any = journaled  # the run never wrote hooks.json: what the journal says
    else:
        hooks = _read_json(root, HOOKS_FILE, problems)
    error_path = _file(root, ERROR_FILE)
    error_text = error_path.read_text(encoding="utf-8", errors="replace") if error_path else None
    files = tuple(n for n in bundle_files(root) if n not in REPORT_FILES)
    return BundleContents(
        root=root,
        manifest=manifest,
        records=tuple(records),
        findings=tuple(findings),
        findings_present=isinstance(raw_findings, list),
        hooks=hooks if isinstance(hooks, dict) else None,
        files=files,
        problems=tuple(problems),
        error_text=error_text,
    )
