"""permissions-changed-on-update over timelines holding an upgrade, and the upgrade record's
way through events.jsonl and back (what `harness score` reads)."""

from __future__ import annotations

from pathlib import Path

from harness.evidence.events import encode_lines, read_judged_records
from harness.model import DataCategory, GrantState, Marker, MarkerKind, PermissionUpgrade
from harness.timeline import build_timeline
from tests.rules.builders import CLOCK, marker, profile, scored

RULE = "permissions-changed-on-update"
FINE = "android.permission.ACCESS_FINE_LOCATION"
COARSE = "android.permission.ACCESS_COARSE_LOCATION"
CAMERA = "android.permission.CAMERA"
GRANTED, DENIED, UNDECIDED = (
    GrantState(True, True),
    GrantState(False, True),
    GrantState(False, False),
)


def _upgrade(before: dict[str, GrantState], after: dict[str, GrantState]) -> PermissionUpgrade:
    return PermissionUpgrade(
        "up0001", 30.0, "1.0", "2.0", tuple(sorted(before.items())), tuple(sorted(after.items())),
        ("ui/0006-upgrade.xml", "upgrade/01-grants.json"),
    )  # fmt: skip


def _found(upgrade: PermissionUpgrade):  # type: ignore[no-untyped-def]
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 10.0, MarkerKind.CONSENT_ACCEPT),
        Marker(
            "m0003", 30.0, MarkerKind.APP_UPGRADED, "line 6: upgrade 1.0 -> 2.0", upgrade.evidence
        ),
    ]
    tl = build_timeline(markers, [], [], CLOCK, 0.0, 60.0, upgrades=[upgrade])
    return [f for f in scored(tl, profile()).findings if f.rule == RULE]


def test_a_reset_grant_is_a_finding_per_category_citing_the_upgrade() -> None:
    upgrade = _upgrade(
        {FINE: GRANTED, COARSE: GRANTED, CAMERA: DENIED},
        {FINE: UNDECIDED, COARSE: UNDECIDED, CAMERA: UNDECIDED},
    )
    by_category = {f.category: f for f in _found(upgrade)}
    assert set(by_category) == {DataCategory.LOCATION, DataCategory.CAMERA}
    location = by_category[DataCategory.LOCATION]
    assert location.phase is None and location.collector == "first_party"
    assert location.count == 2
    kinds = {c["permission"]: c["kind"] for c in location.details["changes"]}
    assert kinds == {FINE: "revoked", COARSE: "revoked"}
    assert (location.details["from_version"], location.details["to_version"]) == ("1.0", "2.0")
    assert [e.id for e in location.evidence] == [
        "up0001", "m0003", "ui/0006-upgrade.xml", "upgrade/01-grants.json",
    ]  # fmt: skip
    assert by_category[DataCategory.CAMERA].details["changes"][0]["kind"] == "reset"


def test_grants_kept_across_the_upgrade_are_no_finding() -> None:
    same = {FINE: GRANTED, CAMERA: DENIED}
    assert _found(_upgrade(same, dict(same))) == []


def test_no_upgrade_no_finding() -> None:
    tl = build_timeline([marker(1, 0.0, MarkerKind.LAUNCH)], [], [], CLOCK, 0.0, 60.0)
    assert [f for f in scored(tl, profile()).findings if f.rule == RULE] == []


def test_the_upgrade_round_trips_through_events_jsonl(tmp_path: Path) -> None:
    upgrade = _upgrade({FINE: GRANTED}, {FINE: UNDECIDED})
    tl = build_timeline(
        [marker(1, 0.0, MarkerKind.LAUNCH)], [], [], CLOCK, 0.0, 60.0, upgrades=[upgrade]
    )
    path = tmp_path / "events.jsonl"
    path.write_text(encode_lines(tl.records_json()), encoding="utf-8")
    assert read_judged_records(path).upgrades == [upgrade]
