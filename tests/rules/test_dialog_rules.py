"""consent-preticked, consent-no-refuse, consent-no-policy, policy-too-deep, popup-no-close
and popup-jump: from the scenario's markers, the screens behind them cited."""

from __future__ import annotations

import pytest

from harness.model import Marker, MarkerKind
from harness.reach import Reach, parse_reach, reach_detail
from harness.rules.pack import RuleDef
from tests.rules.builders import default_pack, keys, marker, profile, scored, timeline

SCREEN = ("ui/0002-consent-accept.xml", "ui/0002-consent-accept.png")


def _found(rule: str, *extra: Marker, pack=None):  # type: ignore[no-untyped-def]
    markers = [marker(1, 0.0, MarkerKind.LAUNCH), *extra]
    markers.append(marker(9, 10.0, MarkerKind.CONSENT_ACCEPT))
    tl = timeline(markers=sorted(markers, key=lambda m: m.ts))
    return [f for f in scored(tl, profile(), pack=pack).findings if f.rule == rule]


@pytest.mark.parametrize(
    ("rule", "kind", "phase"),
    [
        ("consent-preticked", MarkerKind.CONSENT_PRETICKED, "pre_consent"),
        ("consent-no-refuse", MarkerKind.CONSENT_NO_REFUSE, "pre_consent"),
        ("consent-no-policy", MarkerKind.CONSENT_NO_POLICY, "pre_consent"),
        ("popup-no-close", MarkerKind.POPUP_NO_CLOSE, ""),
        ("popup-jump", MarkerKind.POPUP_JUMP, ""),
    ],
)
def test_a_marker_is_one_finding_citing_it_and_its_screens(
    rule: str, kind: MarkerKind, phase: str
) -> None:
    shown = Marker("m0005", 9.0, kind, "line 11: what the step saw", SCREEN)
    found = _found(rule, shown)
    assert keys(found) == {(rule, "", phase, "first_party")}
    cited = [(e.kind, e.id) for e in found[0].evidence]
    assert cited == [("marker", "m0005"), ("file", SCREEN[0]), ("file", SCREEN[1])]
    assert found[0].details["markers"] == ["line 11: what the step saw"]
    assert found[0].rule_pack == "2026.12-2"


def test_no_marker_no_finding() -> None:
    for rule in ("consent-preticked", "consent-no-refuse", "consent-no-policy", "popup-jump"):
        assert _found(rule) == []


def test_two_popups_without_close_are_one_finding_counting_both() -> None:
    first = Marker("m0005", 20.0, MarkerKind.POPUP_NO_CLOSE, "popup a", SCREEN)
    second = Marker("m0006", 30.0, MarkerKind.POPUP_NO_CLOSE, "popup b", ())
    (found,) = _found("popup-no-close", first, second)
    assert found.count == 2 and found.details["markers"] == ["popup a", "popup b"]


def _reach(taps: int | None, searched: int = 6, complete: bool = True) -> Marker:
    path = tuple(f"tap{i}" for i in range(taps or 0))
    detail = reach_detail(Reach(taps, searched, complete, path))
    return Marker("m0020", 40.0, MarkerKind.POLICY_REACH, detail, SCREEN)


@pytest.mark.parametrize(
    ("taps", "searched", "complete", "deep"),
    [
        (0, 6, True, False),  # the main screen shows it
        (4, 6, True, False),  # the bound itself is allowed
        (5, 6, True, True),
        (5, 6, False, True),  # found at 5 even if the search was cut short afterwards
        (None, 6, True, True),  # nowhere within 6 taps, searched everywhere
        (None, 4, True, True),  # nowhere within the bound itself
        (None, 3, True, False),  # not within 3: it may be the 4th tap
        (None, 6, False, False),  # a search cut short proves nothing
    ],
)
def test_policy_depth_against_the_bound(
    taps: int | None, searched: int, complete: bool, deep: bool
) -> None:
    found = _found("policy-too-deep", _reach(taps, searched, complete))
    assert bool(found) is deep
    if deep:
        assert found[0].details["max_taps"] == 4
        assert found[0].details["measured"][0]["taps"] == taps


def test_the_bound_is_the_packs() -> None:
    pack = default_pack()
    strict = pack.rules["policy-too-deep"].model_copy(update={"params": {"max_taps": 2}})
    rules: dict[str, RuleDef] = {**pack.rules, "policy-too-deep": strict}
    stricter = pack.model_copy(update={"rules": rules})
    assert _found("policy-too-deep", _reach(3), pack=stricter)
    assert not _found("policy-too-deep", _reach(3))


def test_reach_detail_round_trips_and_rejects_other_text() -> None:
    reach = Reach(5, 6, True, ("我的", "账号与安全", "关于我们", "法律条款", "隐私政策"))
    assert parse_reach(reach_detail(reach)) == reach
    assert parse_reach(reach_detail(Reach(None, 6, False))) == Reach(None, 6, False)
    assert parse_reach("line 3: policy_reach: tap '我的'") is None
