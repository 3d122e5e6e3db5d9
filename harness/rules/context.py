"""What every rule may read besides the timeline: the app, the identifiers, flow matches."""

from __future__ import annotations

from dataclasses import dataclass

from harness.model import DataCategory, IdentifierMatch, KnownIdentifier
from harness.profile import AppProfile
from harness.rules.pack import RuleDef

# Categories whose values are identifiers worth searching for in traffic once an app read them.
IDENTIFIER_CATEGORIES = frozenset(
    {
        DataCategory.DEVICE_ID,
        DataCategory.IMSI,
        DataCategory.SIM_SERIAL,
        DataCategory.PHONE_NUMBER,
        DataCategory.ANDROID_ID,
        DataCategory.SERIAL,
        DataCategory.MAC_ADDRESS,
        DataCategory.ADVERTISING_ID,
    }
)


@dataclass(frozen=True, slots=True)
class ScoringContext:
    profile: AppProfile
    known: tuple[KnownIdentifier, ...]
    flow_matches: dict[str, tuple[IdentifierMatch, ...]]  # flow id -> matches


@dataclass(frozen=True, slots=True)
class RuleInput:
    rule_id: str
    definition: RuleDef
    context: ScoringContext
