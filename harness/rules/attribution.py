"""Who collected a piece of data, or received it: the app itself, or which SDK.

From a hooked call's Java stack (innermost first): skip the platform's frames and general
libraries' frames (lists in the rule pack); the first frame left decides. If it is in the
app's own package, the app collected it, even when the class name happens to fall under an
SDK's prefix. Else the SDK database names the SDK whose longest code prefix covers the class
(a sub-package of an SDK is that SDK); code no SDK signature covers counts as the app's own
(it ships it). Such reads are where the SDK database may be the weak point, so
`unattributed_collectors` groups them by package for scoring.json.

A flow's receiver is attributed by its host in harness.traffic.attribution (first party by
the profile's domains, else the SDK by network signature, else the host itself).

Stacks repeat (one collection site reads many times), so results are cached per stack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.model import DataCategory
from harness.profile import AppProfile
from harness.rules.pack import FramePrefixes
from harness.sdk import SdkDatabase

FIRST_PARTY = "first_party"
# How many leading package segments name a group of unattributed code (`com.vendor.sdk`).
GROUP_SEGMENTS = 3
EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class Collector:
    """`name` is "first_party", an SDK's name, or for an unknown receiver its host."""

    name: str
    sdk_id: str | None = None
    frame: str | None = None  # the stack frame (or the host) that decided it

    @property
    def first_party(self) -> bool:
        return self.name == FIRST_PARTY

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "sdk_id": self.sdk_id, "by": self.frame}


APP = Collector(FIRST_PARTY)


def frame_class(frame: str) -> str:
    """`com.a.B.m(B.java:3)` -> `com.a.B`; lambdas and inner classes keep their `$` names."""
    head = frame.split("(", 1)[0].strip()
    cls, dot, _method = head.rpartition(".")
    return cls if dot else head


class StackAttributor:
    def __init__(self, profile: AppProfile, sdk_db: SdkDatabase, config: FramePrefixes) -> None:
        self._db = sdk_db
        self._own = profile.package + "."
        self._skip = tuple(config.framework_prefixes) + tuple(config.library_prefixes)
        self._stacks: dict[tuple[str, ...], Collector] = {}

    def of_stack(self, stack: tuple[str, ...]) -> Collector:
        found = self._stacks.get(stack)
        if found is None:
            found = self._stacks[stack] = self._walk(stack)
        return found

    def _walk(self, stack: tuple[str, ...]) -> Collector:
        for frame in stack:
            cls = frame_class(frame)
            if not cls or cls.startswith(self._skip):
                continue
            if cls.startswith(self._own):
                return Collector(FIRST_PARTY, None, frame)
            sdk = self._db.match_class(cls)
            if sdk is None:
                return Collector(FIRST_PARTY, None, frame)
            return Collector(sdk.name, sdk.id, frame)
        return APP  # nothing but platform frames: the platform acted for the app


@dataclass(frozen=True, slots=True)
class UnattributedGroup:
    """Calls made by code outside the app's package that no SDK signature covers."""

    package: str  # the classes' package, cut to GROUP_SEGMENTS segments
    calls: int
    categories: tuple[str, ...]
    classes: tuple[str, ...]  # up to EXAMPLES of the deciding classes

    def to_json(self) -> dict[str, object]:
        return {
            "package": self.package,
            "calls": self.calls,
            "categories": list(self.categories),
            "classes": list(self.classes),
        }


def package_group(cls: str) -> str:
    """`com.vendor.sdk.core.Worker$1` -> `com.vendor.sdk`; a class with no package: itself."""
    package, dot, _name = cls.rpartition(".")
    if not dot:
        return cls
    return ".".join(package.split(".")[:GROUP_SEGMENTS])


def unattributed_collectors(
    who: Sequence[Collector], categories: Sequence[DataCategory | None], own_package: str
) -> list[UnattributedGroup]:
    """The calls (`who[i]` read `categories[i]`; None: not a read) that are first party only
    because no SDK signature covered a frame outside the app's package, grouped by package,
    most calls first."""
    own = own_package + "."
    # One StackAttributor hands out one Collector per distinct stack, so calls are tallied by the
    # collector's identity (they stay alive for the whole pass) in one C-level pass, and the
    # decision is made per distinct collector, not per call.
    tally = Counter(zip(map(id, who), categories, strict=True))
    objects = dict(zip(map(id, who), who, strict=True))
    counts: dict[str, int] = {}
    found: dict[str, dict[str, None]] = {}
    classes: dict[str, dict[str, None]] = {}
    for (key, category), n in tally.items():
        collector = objects[key]
        group = _unattributed_group(collector, own)
        if group is None:
            continue
        counts[group] = counts.get(group, 0) + n
        if category is not None:
            found.setdefault(group, {})[category.value] = None
        classes.setdefault(group, {})[frame_class(collector.frame or "")] = None
    return [
        UnattributedGroup(
            group,
            counts[group],
            tuple(sorted(found.get(group, {}))),
            tuple(sorted(classes[group]))[:EXAMPLES],
        )
        for group in sorted(counts, key=lambda g: (-counts[g], g))
    ]


def _unattributed_group(collector: Collector, own: str) -> str | None:
    """The package group of a collector nothing attributed, or None for any other."""
    if not collector.first_party or collector.frame is None:
        return None
    cls = frame_class(collector.frame)
    return None if cls.startswith(own) else package_group(cls)


def unattributed_note(record: Mapping[str, Any]) -> str | None:
    """A line for a report's completeness notes from a scoring.json record: how many calls
    were counted as the app's only because no SDK signature covered their code; None when
    there were none (or the record predates the list)."""
    groups = record.get("unattributed_collectors")
    if not isinstance(groups, list) or not groups:
        return None
    parts: list[str] = []
    total = 0
    for group in groups:
        if not isinstance(group, Mapping):
            continue
        calls = group.get("calls")
        count = calls if isinstance(calls, int) else 0
        total += count
        parts.append(f"{group.get('package', '?')}: {count}")
    if not parts:
        return None
    shown = ", ".join(parts[:EXAMPLES]) + (", …" if len(parts) > EXAMPLES else "")
    return (
        f"{total} call(s) by code outside the app's package that no known SDK covers were "
        f"counted as the app's own ({shown}): the SDK database may lack the SDK behind them "
        "(scoring.json, unattributed_collectors)"
    )
