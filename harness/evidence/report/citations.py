"""Whether each evidence citation of a finding points at something the bundle holds.

A finding cites records (`event ID`, `flow ID`, `marker ID`: rows of events.jsonl), files of
the bundle (`file NAME`), and permissions the app's manifest declares (`manifest
android.permission.X`, from the over-requested-permissions rule). The declared permissions
are facts of the bundle too: manifest.json's `app_identity` block lists them, and bundles
sealed before that block carry them in scoring.json (`manifest_permissions`, what the rules
were given). A citation resolves when the fact it names is there; the report's
completeness check, junit's `evidence-complete` and `harness calibrate` all ask this module.

Known gaps: any other citation kind is looked up as a record id, as the rules cite records
by `event`, `flow` and `marker` alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from harness.evidence.contents import BundleContents
from harness.evidence.manifest import AppIdentity

FILE_KIND = "file"
DECLARED_KIND = "manifest"  # a permission the app's manifest declares
SCORING_FILE = "scoring.json"  # harness.rules.scoring.SCORING_FILE, read back here


@dataclass(frozen=True, slots=True)
class DeclaredPermissions:
    names: tuple[str, ...] | None  # None: the bundle names no manifest
    source: str  # where they were read: "manifest.json app_identity", "scoring.json", ""


@dataclass(frozen=True, slots=True)
class CitationIndex:
    record_ids: frozenset[str]
    files: frozenset[str]
    declared: DeclaredPermissions

    def resolves(self, kind: str, ref: str) -> bool:
        if kind == FILE_KIND:
            return ref in self.files
        if kind == DECLARED_KIND:
            return ref in (self.declared.names or ())
        return ref in self.record_ids


def declared_permissions(contents: BundleContents) -> DeclaredPermissions:
    identity = AppIdentity.from_manifest(contents.manifest)
    if identity.manifest_permissions is not None:
        return DeclaredPermissions(identity.manifest_permissions, "manifest.json app_identity")
    data = contents.file_bytes(SCORING_FILE)
    try:
        record = json.loads(data) if data else None
    except ValueError:
        record = None
    listed = record.get("manifest_permissions") if isinstance(record, dict) else None
    if isinstance(listed, list):
        return DeclaredPermissions(tuple(str(p) for p in listed), SCORING_FILE)
    return DeclaredPermissions(None, "")


def citation_index(contents: BundleContents) -> CitationIndex:
    return CitationIndex(
        frozenset(r.id for r in contents.records),
        frozenset(contents.files),
        declared_permissions(contents),
    )


def describe(kind: str, ref: str) -> str:
    """A citation as gaps and reports name it: the file's name, else `KIND ID`."""
    return ref if kind == FILE_KIND else f"{kind} {ref}"


def unresolved_citations(contents: BundleContents) -> tuple[str, ...]:
    """`F3: manifest android.permission.X` for every citation the bundle cannot back."""
    index = citation_index(contents)
    return tuple(
        f"{finding.id}: {describe(kind, ref)}"
        for finding in contents.findings
        for kind, ref in finding.evidence
        if not index.resolves(kind, ref)
    )
