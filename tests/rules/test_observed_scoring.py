"""Flows carrying observed values (not identifiers) are scored like any other."""

from __future__ import annotations

import base64
import hashlib
import json

from harness.model import DataCategory, KnownIdentifier
from harness.rules.engine import build_context, evaluate
from harness.rules.scoring import ScoringInputs, score_timeline
from harness.traffic.analysis import analyse_timeline, device_identifiers, searched_identifiers
from tests.rules.builders import (
    PACKAGE,
    default_pack,
    findings,
    flow,
    keys,
    permission_table,
    profile,
    read,
    sdk_db,
    timeline,
)

APPS = f"[PackageInfo{{1 com.tencent.mm}}, PackageInfo{{2 {PACKAGE}}}]"
PM = "android.app.ApplicationPackageManager.getInstalledPackages"


def test_an_uploaded_app_list_is_shared_before_consent_with_where_and_encoding() -> None:
    digest = hashlib.md5(b"com.tencent.mm").hexdigest()
    body = base64.b64encode(json.dumps({"al": [digest]}).encode())
    tl = timeline(
        [
            read(0, 1.0, DataCategory.INSTALLED_APPS, ret=APPS, api=PM),
            read(1, 1.1, DataCategory.MAC_ADDRESS, ret="02:00:00:00:00:00"),
        ],
        [
            flow("f1", 2.0, "https://t.example.net/c", b"d=" + body),
            # The app's own package and the placeholder MAC are sent too: neither is personal.
            flow("f2", 2.5, f"https://t.example.net/p?pkg={PACKAGE}&mac=02:00:00:00:00:00"),
        ],
    )
    pack = default_pack()
    tl = analyse_timeline(tl, (), profile(), sdk_db())
    context = build_context(
        tl, profile(), pack=pack, sdk_db=sdk_db(), permissions=permission_table()
    )
    result = evaluate(tl, context, pack)
    assert keys(result.findings, "share-before-consent") == {
        ("share-before-consent", "installed_apps", "pre_consent", "t.example.net")
    }
    shared = next(f for f in result.findings if f.rule == "share-before-consent")
    assert [e.id for e in shared.evidence if e.kind == "flow"] == ["f1"]
    (analysis,) = [t.analysis for t in tl.flows if t.analysis is not None and t.analysis.matches]
    (match,) = analysis.matches
    assert (match.identifier, match.encoding) == ("com.tencent.mm", "md5")
    assert match.where == "body/form:d/base64/json:$.al[0]"


def test_the_app_list_sent_after_consent_to_the_own_server_is_no_finding() -> None:
    tl = timeline(
        [read(0, 11.0, DataCategory.INSTALLED_APPS, ret=APPS, api=PM)],
        [flow("f1", 12.0, "https://api.harnesslab.com/apps?l=com.tencent.mm")],
    )
    found = findings(tl)
    assert keys(found, "share-before-consent") == set()
    assert keys(found, "collect-before-consent") == set()


def test_no_placeholder_is_searched_for_nor_recorded_as_a_device_identifier() -> None:
    known = (
        KnownIdentifier(DataCategory.MAC_ADDRESS, "02:00:00:00:00:00", "device:ip link show"),
        KnownIdentifier(DataCategory.DEVICE_ID, "867530912345678", "devices.yaml"),
    )
    device = device_identifiers(known)
    assert [k.value for k in device] == ["867530912345678"]
    tl = timeline([read(0, 1.0, DataCategory.MAC_ADDRESS, ret="02:00:00:00:00:00")], [])
    assert [k.value for k in searched_identifiers(tl, known, PACKAGE)] == ["867530912345678"]
    # scoring.json lists the identifiers the session searched for, as it was given them.
    inputs = ScoringInputs(profile(), "app.yaml", device, None)
    outcome = score_timeline(timeline([]), inputs, default_pack(), sdk_db=sdk_db())
    listed = [k["value"] for k in outcome.record["known_identifiers"]]
    assert listed == ["867530912345678"]
