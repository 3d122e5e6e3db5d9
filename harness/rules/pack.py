"""The rule pack data file: rule ids, severities, citations, thresholds and attribution lists.

A pack names any subset of the harness's rules. Each rule's `params` are checked against
that rule's parameter model here, when the pack is loaded, so a typo in a threshold is an
input error naming the pack's file and line, never a surprise in the middle of a run.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, TypeVar

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


class FramePrefixes(BaseModel):
    """Which Java stack frames are not "who collected": the platform, and general libraries.

    A hooked call's collector is the first frame outside both lists: the app itself, or the
    SDK the SDK database names. General-purpose libraries (an HTTP client, a JSON parser)
    appear in SDK lists but never decide to collect anything; their caller does.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    framework_prefixes: tuple[str, ...]
    library_prefixes: tuple[str, ...] = ()


class FrequencyProfile(BaseModel):
    """A stricter reading of excessive-frequency than the pack's default window (e.g. the
    app stores' review practice), with its own name and its own citation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Bilingual
    source: Bilingual  # where the thresholds come from; cited on every finding it makes
    params: dict[str, Any]


class RulePack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    attribution: FramePrefixes
    # Permission group (harness/apk/permissions.yaml `group`) -> the category its findings name.
    permission_groups: dict[str, DataCategory] = Field(default_factory=dict)
    rules: dict[str, RuleDef]
    # Optional profiles for excessive-frequency, chosen per run (--frequency-profile).
    frequency_profiles: dict[str, FrequencyProfile] = Field(default_factory=dict)


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
    # Reads of one identifier (harness.traffic.observed.IDENTIFIER_CATEGORIES) allowed in
    # the whole session, by one collector; None: no such limit (the default window).
    max_identifier_reads: int | None = Field(default=None, ge=1)


class RepeatedPermissionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The lab convention: after a denial, do not ask for the same permission for 48 hours.
    min_interval_s: float = Field(gt=0, default=48 * 3600)


class ForcedPermissionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The app quitting, or a scenario step failing, this soon after a denial is its answer.
    within_s: float = Field(gt=0, default=10.0)


class WithdrawalParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # How far the withdraw step looks for the way to withdraw consent: taps from the screen it
    # starts on to the screen holding the control, and every action (tap, BACK, scroll) the
    # search may spend. Not found within them: no-withdrawal-path.
    max_depth: int = Field(ge=1, default=5)
    max_taps: int = Field(ge=1, default=30)


class PolicyDepthParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # 认定方法 一、2: the privacy policy reachable in at most four taps from the main screen.
    max_taps: int = Field(ge=0, default=4)


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
    "collect-after-withdrawal": NoParams,
    "no-withdrawal-path": WithdrawalParams,
    "associated-start": NoParams,
    "self-start": NoParams,
    "cleartext-personal-data": NoParams,
    "permissions-changed-on-update": NoParams,
    "consent-preticked": NoParams,
    "consent-no-refuse": NoParams,
    "consent-no-policy": NoParams,
    "policy-too-deep": PolicyDepthParams,
    "popup-no-close": NoParams,
    "popup-jump": NoParams,
}

FREQUENCY_RULE = "excessive-frequency"


def rule_params(definition: RuleDef, model: type[P]) -> P:
    """A rule's parameters as its typed model (checked when the pack was loaded)."""
    return model.model_validate(definition.params)


def load_rule_pack(
    path: Path = DEFAULT_RULE_PACK, frequency_profile: str | None = None
) -> RulePack:
    """The pack at `path`; with `frequency_profile`, excessive-frequency judged by that profile."""
    document = load_yaml(path)
    pack = validate(path, document, RulePack)
    for name, profile in pack.frequency_profiles.items():
        at = ("frequency_profiles", name, "params")
        validate(path, document, FrequencyParams, at=at, value=profile.params)
    for rule_id, definition in pack.rules.items():
        model = RULE_PARAMS.get(rule_id)
        if model is None:
            raise InputError(
                path,
                f"rules.{rule_id}: not a rule of this harness (known: {', '.join(RULE_PARAMS)})",
                line=line_of(document, ("rules", rule_id)),
            )
        validate(path, document, model, at=("rules", rule_id, "params"), value=definition.params)
    if frequency_profile is not None:
        pack = with_frequency_profile(pack, frequency_profile, path)
    return pack


def with_frequency_profile(pack: RulePack, name: str, path: Path = DEFAULT_RULE_PACK) -> RulePack:
    """The pack with excessive-frequency judged by profile `name`: its thresholds, its title
    and its source cited after the rule's clause; the version says which profile judged
    (`2026.12-2+store-review`), so every finding and scoring.json records it."""
    profile = pack.frequency_profiles.get(name)
    if profile is None:
        known = ", ".join(sorted(pack.frequency_profiles)) or "none"
        raise InputError(path, f"no frequency profile '{name}' in the rule pack (known: {known})")
    base = pack.rules.get(FREQUENCY_RULE)
    if base is None:
        raise InputError(
            path, f"frequency profile '{name}' given, but the pack has no {FREQUENCY_RULE}"
        )
    definition = base.model_copy(
        update={
            "title": Bilingual(
                en=f"{base.title.en} ({profile.title.en})",
                zh=f"{base.title.zh}（{profile.title.zh}）",
            ),
            "regulation": Bilingual(
                en=f"{base.regulation.en}; profile {name}: {profile.source.en}",
                zh=f"{base.regulation.zh}；{profile.title.zh}：{profile.source.zh}",
            ),
            "params": dict(profile.params),
        }
    )
    return pack.model_copy(
        update={
            "version": f"{pack.version}+{name}",
            "rules": {**pack.rules, FREQUENCY_RULE: definition},
        }
    )
