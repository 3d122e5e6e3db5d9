"""The official checklist (harness/data/checklist.yaml): the 2019 认定方法's 31 behaviours and
No. 164's ten types, each mapped to the rules that test it or marked with why none does.

`load_checklist(path, pack)` parses the file once and checks every mapped rule id against
the rule pack in use: an id the pack does not have is an input error naming the file and
line. Judging the checklist against one run is the report's job
(harness.evidence.report.checklist). Marker kinds under `exercised_by` must
be kinds the harness writes (harness.model.MarkerKind): a misspelt one is an input error, not an
item that can never be exercised.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from harness.errors import InputError
from harness.model import MarkerKind
from harness.paths import PACKAGE_DATA
from harness.rules.pack import Bilingual
from harness.yamlfile import line_of, load_yaml, validate

DEFAULT_CHECKLIST = PACKAGE_DATA / "checklist.yaml"


class Testability(enum.StrEnum):
    """How an item is tested: by rules, by rules that need the policy, or not by this run."""

    RULES = "rules"
    NEEDS_POLICY = "needs_policy"
    NOT_DYNAMIC = "not_dynamic"
    MANUAL = "manual"


class ChecklistItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    zh: str
    en: str
    test: Testability
    rules: tuple[str, ...] = ()
    why: str = ""  # for not_dynamic and manual: why no rule tests it

    @model_validator(mode="after")
    def _consistent(self) -> ChecklistItem:
        by_rules = self.test in (Testability.RULES, Testability.NEEDS_POLICY)
        if by_rules and not self.rules:
            raise ValueError(f"item {self.id}: test '{self.test}' needs a non-empty `rules`")
        if not by_rules and (self.rules or not self.why):
            raise ValueError(f"item {self.id}: test '{self.test}' takes `why` and no `rules`")
        return self


class ChecklistGroup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Bilingual
    items: tuple[ChecklistItem, ...] = Field(min_length=1)


class ChecklistDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Bilingual
    groups: tuple[ChecklistGroup, ...] = Field(min_length=1)


class Exercise(BaseModel):
    """A rule that finds something only when the run did one of these (marker kinds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    markers: tuple[MarkerKind, ...] = Field(min_length=1)  # a kind no runner writes: refused
    missing: str  # why the item is not tested when the run holds none of them


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    exercised_by: dict[str, Exercise] = Field(default_factory=dict)
    documents: tuple[ChecklistDocument, ...] = Field(min_length=1)

    def items(self) -> list[tuple[ChecklistDocument, ChecklistGroup, ChecklistItem]]:
        return [(d, g, i) for d in self.documents for g in d.groups for i in g.items]


def load_checklist(path: Path = DEFAULT_CHECKLIST, *, rules: Collection[str]) -> Checklist:
    """The checklist at `path`, every mapped rule id checked against `rules` (the pack's)."""
    document = load_yaml(path)
    checklist = validate(path, document, Checklist)
    for d_index, doc in enumerate(checklist.documents):
        for g_index, group in enumerate(doc.groups):
            for i_index, item in enumerate(group.items):
                for r_index, rule in enumerate(item.rules):
                    if rule in rules:
                        continue
                    loc = ("documents", d_index, "groups", g_index, "items", i_index, "rules")
                    raise InputError(
                        path,
                        f"item {doc.id} {item.id}: rule '{rule}' is not in the rule pack "
                        f"(expected one of: {', '.join(sorted(rules))})",
                        line=line_of(document, (*loc, r_index)) or line_of(document, loc),
                    )
    for rule in checklist.exercised_by:
        if rule not in rules:
            raise InputError(
                path,
                f"exercised_by.{rule}: not a rule of the rule pack",
                line=line_of(document, ("exercised_by", rule)),
            )
    return checklist
