"""The official checklist judged against one run, for report.html and report.json.

Each item of harness/data/checklist.yaml gets a status from what the bundle holds:
- violation: a finding of one of its rules; the finding ids are linked;
- pass: at least one of its rules ran, was exercised by the scenario, and found nothing
  (rules of the item that were not tested are listed with why, so a partial pass shows);
- not_tested: no rule of it was tested, each with why: the rule was skipped (the reason
  scoring recorded: no profile, no policy, no manifest), the rule is not in the pack that
  judged the run, the scenario did not do what the rule judges (no refusal, no background),
  or the item is not dynamically testable / needs a person (the file's `why`).
Known gap: a bundle whose manifest does not list the rules that ran (older bundles) has
only its findings to go by, so every item without a finding is not tested.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from harness.evidence.views import FindingView, MarkerView
from harness.rules.checklist import Checklist, Testability


class ItemStatus(enum.StrEnum):
    PASS = "pass"
    VIOLATION = "violation"
    NOT_TESTED = "not_tested"


class UntestedWhy(enum.StrEnum):
    """Why a rule (or a whole item) was not tested in this run."""

    SKIPPED = "rule_skipped"  # the rule needed a profile, policy or manifest it did not get
    NOT_IN_PACK = "not_in_pack"  # the pack that judged the run does not have the rule
    NOT_EXERCISED = "scenario_not_run"  # the scenario did not do what the rule judges
    RULES_UNKNOWN = "rules_unknown"  # the manifest does not say which rules ran
    NOT_DYNAMIC = "not_dynamic"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Untested:
    rule: str | None  # None: the whole item
    why: UntestedWhy
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "why": self.why.value, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    document: str
    group: str
    group_title_zh: str
    group_title_en: str
    item: str
    zh: str
    en: str
    test: Testability
    rules: tuple[str, ...]
    status: ItemStatus
    tested: tuple[str, ...]  # rules that ran and were exercised
    findings: tuple[str, ...]  # ids of the findings that make it a violation
    untested: tuple[Untested, ...]

    @property
    def anchor(self) -> str:
        return f"check-{self.document}-{self.group}-{self.item}"


@dataclass(frozen=True, slots=True)
class ChecklistDocumentView:
    id: str
    title_zh: str
    title_en: str
    rows: tuple[ChecklistRow, ...]


@dataclass(frozen=True, slots=True)
class ChecklistView:
    version: str
    documents: tuple[ChecklistDocumentView, ...]

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in ItemStatus}
        for document in self.documents:
            for row in document.rows:
                counts[row.status.value] += 1
        return counts


def _skipped(manifest: Mapping[str, Any]) -> dict[str, str]:
    listed = manifest.get("rules_skipped")
    if not isinstance(listed, list):
        return {}
    return {
        str(entry["rule"]): str(entry.get("reason") or "skipped")
        for entry in listed
        if isinstance(entry, dict) and "rule" in entry
    }


def judge_checklist(
    checklist: Checklist,
    manifest: Mapping[str, Any],
    findings: Iterable[FindingView],
    markers: Iterable[MarkerView],
) -> ChecklistView:
    listed = manifest.get("rules")
    ran = {str(r) for r in listed} if isinstance(listed, list) else None
    skipped = _skipped(manifest)
    by_rule: dict[str, list[str]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding.id)
    kinds = {m.kind for m in markers}
    documents = []
    for document in checklist.documents:
        rows = []
        for group in document.groups:
            for item in group.items:
                rows.append(_row(checklist, document.id, group, item, ran, skipped, by_rule, kinds))
        documents.append(
            ChecklistDocumentView(document.id, document.title.zh, document.title.en, tuple(rows))
        )
    return ChecklistView(checklist.version, tuple(documents))


def _row(
    checklist: Checklist,
    document: str,
    group: Any,
    item: Any,
    ran: set[str] | None,
    skipped: Mapping[str, str],
    by_rule: Mapping[str, list[str]],
    kinds: set[str],
) -> ChecklistRow:
    found = tuple(fid for rule in item.rules for fid in by_rule.get(rule, ()))
    tested: list[str] = []
    untested: list[Untested] = []
    if item.test is Testability.NOT_DYNAMIC:
        untested.append(Untested(None, UntestedWhy.NOT_DYNAMIC, item.why))
    elif item.test is Testability.MANUAL:
        untested.append(Untested(None, UntestedWhy.MANUAL, item.why))
    for rule in item.rules:
        exercise = checklist.exercised_by.get(rule)
        if rule in skipped:
            untested.append(Untested(rule, UntestedWhy.SKIPPED, skipped[rule]))
        elif ran is None:
            if rule in by_rule:
                tested.append(rule)
            else:
                untested.append(
                    Untested(
                        rule,
                        UntestedWhy.RULES_UNKNOWN,
                        "the manifest does not list the rules that ran",
                    )
                )
        elif rule not in ran:
            untested.append(
                Untested(
                    rule, UntestedWhy.NOT_IN_PACK, "the pack that judged this run does not have it"
                )
            )
        elif (
            exercise is not None
            and not kinds.intersection(exercise.markers)
            and rule not in by_rule
        ):
            untested.append(Untested(rule, UntestedWhy.NOT_EXERCISED, exercise.missing))
        else:
            tested.append(rule)
    if found:
        status = ItemStatus.VIOLATION
    elif tested:
        status = ItemStatus.PASS
    else:
        status = ItemStatus.NOT_TESTED
    return ChecklistRow(
        document=document,
        group=group.id,
        group_title_zh=group.title.zh,
        group_title_en=group.title.en,
        item=item.id,
        zh=item.zh,
        en=item.en,
        test=item.test,
        rules=item.rules,
        status=status,
        tested=tuple(tested),
        findings=found,
        untested=tuple(untested),
    )
