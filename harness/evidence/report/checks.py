"""How far a bundle can be trusted: its integrity, the gaps in its evidence, and the verdict.

Integrity statuses:
- `sealed`: the report was written inside the run, just before the manifest sealed it; the
  manifest covers the report itself, and `harness verify` checks both;
- `intact` / `altered`: a report regenerated later, after checking the manifest's signature
  and every hash (a bad or missing signature, or a link in the bundle, is `altered`);
- `incomplete`: the folder has no manifest (a `.partial` or `.failed` run), or has a whole
  one but was never renamed from `.partial` (killed while sealing).
A report never calls an altered or incomplete bundle complete: the verdict then is
`inconclusive`, whatever the findings say.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.evidence.contents import BundleContents
from harness.evidence.manifest import MANIFEST_NAME
from harness.evidence.verify import verify_bundle
from harness.evidence.views import MarkerView


class IntegrityStatus(enum.StrEnum):
    SEALED = "sealed"
    INTACT = "intact"
    ALTERED = "altered"
    INCOMPLETE = "incomplete"


class VerdictResult(enum.StrEnum):
    VIOLATIONS_FOUND = "violations_found"
    NO_VIOLATIONS_FOUND = "no_violations_found"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True, slots=True)
class Integrity:
    status: IntegrityStatus
    summary: str
    checked: int = 0
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()

    @property
    def trusted(self) -> bool:
        return self.status in (IntegrityStatus.SEALED, IntegrityStatus.INTACT)


@dataclass(frozen=True, slots=True)
class Gap:
    kind: str  # "integrity", "unreadable", "lost_events", "hooks_not_ready", ...
    detail: str


@dataclass(frozen=True, slots=True)
class Verdict:
    result: VerdictResult
    reasons: tuple[str, ...]


def sealing_integrity() -> Integrity:
    return Integrity(
        IntegrityStatus.SEALED,
        "written inside the run, before manifest.json sealed the bundle; the manifest covers "
        "this report too: run `harness verify` on the bundle to check it",
    )


def check_integrity(bundle: Path) -> Integrity:
    try:
        result = verify_bundle(bundle)
    except InputError as exc:
        if not (bundle / MANIFEST_NAME).is_file():
            summary = (
                "no manifest.json: the run never finished (a .partial or .failed folder), "
                "so its evidence may be partial"
            )
        else:
            summary = f"manifest.json cannot be used ({exc.expected}): nothing can be checked"
        return Integrity(IntegrityStatus.INCOMPLETE, summary)
    if result.intact and result.not_renamed:
        return Integrity(
            IntegrityStatus.INCOMPLETE,
            f"complete and signed ({result.signature.fingerprint}), but never renamed from "
            "its .partial folder (the run was stopped while sealing): `harness verify "
            "--finish` checks and renames it",
            checked=result.checked,
        )
    if result.intact:
        return Integrity(
            IntegrityStatus.INTACT,
            f"all {result.checked} files match manifest.json, {result.signature.detail}",
            checked=result.checked,
        )
    if not result.files_match:
        summary = (
            f"{len(result.differing)} file(s) differ from manifest.json: this evidence "
            "cannot be relied on"
        )
    else:
        summary = f"manifest.json's signature is {result.signature.status.value}: " + (
            f"{result.signature.detail}; this evidence cannot be relied on"
        )
    return Integrity(
        IntegrityStatus.ALTERED,
        summary,
        result.checked,
        result.changed,
        result.missing,
        (*result.unexpected, *result.foreign),
    )


def _hook_gaps(hooks: Mapping[str, Any] | None) -> list[Gap]:
    if hooks is None:
        return []
    gaps = []
    if hooks.get("hooks_ready") is False:
        gaps.append(Gap("hooks_not_ready", "the agent never reported its hooks installed"))
    lost = hooks.get("lost_sequence_numbers")
    if isinstance(lost, list) and lost:
        gaps.append(Gap("lost_events", f"{len(lost)} hook event(s) never arrived: {lost[:20]}"))
    # A hook that threw leaves a hole: that API's calls are not in the evidence at all.
    for failed in hooks.get("failed") or ():
        if isinstance(failed, dict):
            where = f" on {failed.get('class')}" if failed.get("class") else ""
            detail = f"{failed.get('entry')}{where}: {failed.get('reason')}"
            gaps.append(Gap("hook_failed", f"a hook could not be installed ({detail})"))
    for problem in hooks.get("agent_problems") or ():
        gaps.append(Gap("agent_problem", str(problem)))
    return gaps


def _marker_gaps(contents: BundleContents) -> list[Gap]:
    gaps = []
    markers = [r for r in contents.records if isinstance(r, MarkerView)]
    for marker in markers:
        if marker.kind == "consent_not_found":
            gaps.append(Gap("consent_not_found", f"no consent dialog was tapped: {marker.detail}"))
        elif marker.kind == "app_hung":
            gaps.append(Gap("app_hung", f"the app stopped answering: {marker.detail}"))
        elif marker.kind == "app_exited":
            gaps.append(
                Gap(
                    "app_exited",
                    f"the app exited before the scenario ended {marker.detail}".strip(),
                )
            )
    if contents.records and not any(m.kind == "stop" for m in markers):
        gaps.append(Gap("no_stop", "the scenario never reached its stop step"))
    return gaps


def find_gaps(contents: BundleContents, integrity: Integrity, unresolved: list[str]) -> list[Gap]:
    gaps: list[Gap] = []
    if not integrity.trusted:
        gaps.append(Gap("integrity", integrity.summary))
    if contents.error_text is not None:
        first = contents.error_text.strip().splitlines()[-1:] or [""]
        gaps.append(Gap("run_failed", f"the run failed (ERROR.txt): {first[0]}"))
    gaps += [Gap("unreadable", p.describe()) for p in contents.problems]
    gaps += _hook_gaps(contents.hooks)
    gaps += _marker_gaps(contents)
    if unresolved:
        shown = ", ".join(unresolved[:10])
        gaps.append(Gap("dangling_evidence", f"findings cite records the bundle lacks: {shown}"))
    return gaps


def decide(findings: int, integrity: Integrity, gaps: list[Gap]) -> Verdict:
    if not integrity.trusted:
        return Verdict(VerdictResult.INCONCLUSIVE, (integrity.summary,))
    if findings:
        reasons: tuple[str, ...] = (f"{findings} finding(s)",)
        if gaps:
            reasons += (f"and {len(gaps)} gap(s) in the evidence, listed below",)
        return Verdict(VerdictResult.VIOLATIONS_FOUND, reasons)
    if gaps:
        return Verdict(
            VerdictResult.INCONCLUSIVE,
            tuple(f"no findings, but {g.kind}: {g.detail}" for g in gaps),
        )
    return Verdict(VerdictResult.NO_VIOLATIONS_FOUND, ("no rule found a violation",))
