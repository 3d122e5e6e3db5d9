"""The rule pack data file: rule ids, severities, citations, thresholds and attribution lists.

A pack names any subset of the harness's rules. Each rule's `params` are checked against
that rule's parameter model here, when the pack is loaded, so a typo in a threshold is an
input error naming the pack's file and line, never a surprise in the middle of a run.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from harness.errors import InputError
from harness.model import DataCategory, Severity
from harness.paths import DEFAULT_RULE_PACK
from harness.yamlfile import line_of, load_yaml, validate

P = TypeVar("P", bound=BaseModel)


class Need(enum.StrEnum):
    """What a rule needs besides the timeline; without it the rule is skipped, and says so."""

    APP_TYPE = "app_type"  # a profile naming one of the 39 app types
    MANIFEST = "manifest"  # the app's declared permissions
    POLICY = "policy"  # the app's privacy policy, read (the profile's `policy`)


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    zh: str


class RuleDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Severity
    title: Bilingual
    regulation: Bilingual
    needs: tuple[Need, ...] = ()
    params: dict[str, Any] = Field(default_factory=dict)


class Attribution(BaseModel):
    """Which Java stack frames are not "who collected": the platform, and general libraries.

    A hooked call's collector is the first frame outside both lists: the app itself, or the
    SDK the SDK database names. General-purpose libraries (an HTTP client, a JSON parser)
    appear in SDK lists but never decide to collect anything; their caller does.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    framework_prefixes: tuple[str, ...]
    library_prefixes: tuple[str, ...] = ()


class RulePack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    attribution: Attribution
    # Permission group (harness/apk/permissions.yaml `group`) -> the category its findings name.
    permission_groups: dict[str, DataCategory] = Field(default_factory=dict)
    rules: dict[str, RuleDef]


# Parameter models, one per rule that has parameters; every rule the harness knows is listed.


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrequencyParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    window_s: float = Field(gt=0, description="length of the sliding window")
    max_reads: int = Field(ge=1, description="reads of one category allowed in any window")
    # One collection often touches several hooked accessors (getLastKnownLocation, then
    # getLatitude and getLongitude): reads on one thread this close together count once.
    coalesce_s: float = Field(ge=0, default=0.05)


class RepeatedPermissionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The lab convention: after a denial, do not ask for the same permission for 48 hours.
    min_interval_s: float = Field(gt=0, default=48 * 3600)


class ForcedPermissionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The app quitting, or a scenario step failing, this soon after a denial is its answer.
    within_s: float = Field(gt=0, default=10.0)


RULE_PARAMS: dict[str, type[BaseModel]] = {
    "collect-before-consent": NoParams,
    "collect-after-refusal": NoParams,
    "share-before-consent": NoParams,
    "beyond-necessary": NoParams,
    "excessive-frequency": FrequencyParams,
    "background-collection": NoParams,
    "over-requested-permissions": NoParams,
    "permission-before-consent": NoParams,
    "repeated-permission-request": RepeatedPermissionParams,
    "forced-permission": ForcedPermissionParams,
    "undeclared-collection": NoParams,
    "undisclosed-sdk": NoParams,
    "no-purpose-stated": NoParams,
}


def rule_params(definition: RuleDef, model: type[P]) -> P:
    """A rule's parameters as its typed model (checked when the pack was loaded)."""
    return model.model_validate(definition.params)


def load_rule_pack(path: Path = DEFAULT_RULE_PACK) -> RulePack:
    document = load_yaml(path)
    pack = validate(path, document, RulePack)
    for rule_id, definition in pack.rules.items():
        model = RULE_PARAMS.get(rule_id)
        if model is None:
            raise InputError(
                path,
                f"rules.{rule_id}: not a rule of this harness (known: {', '.join(RULE_PARAMS)})",
                line=line_of(document, ("rules", rule_id)),
            )
        try:
            model.model_validate(definition.params)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            loc = ("rules", rule_id, "params", *first["loc"])
            raise InputError(
                path,
                f"{'.'.join(str(p) for p in loc)}: {first['msg']}",
                line=line_of(document, loc),
            ) from None
    return pack
