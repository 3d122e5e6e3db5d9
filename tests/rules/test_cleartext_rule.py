"""cleartext-personal-data: identifiers and observed values in flows without TLS."""

from __future__ import annotations

from harness.model import DataCategory
from tests.rules.builders import IMEI, findings, flow, read, timeline

RULE = "cleartext-personal-data"


def _cleartext(found):  # type: ignore[no-untyped-def]
    return [f for f in found if f.rule == RULE]


def test_an_identifier_over_plain_http_is_a_finding_with_the_value_and_the_flow() -> None:
    found = _cleartext(
        findings(
            timeline(
                [read(0, 12.0, DataCategory.DEVICE_ID, ret=IMEI)],
                [
                    flow("f1", 13.0, f"http://api.harnesslab.com/reg?imei={IMEI}"),
                    flow("f2", 14.0, f"https://api.harnesslab.com/reg?imei={IMEI}"),
                    flow("f3", 15.0, "http://api.harnesslab.com/ping", b"nothing personal"),
                ],
            )
        )
    )
    (finding,) = found
    assert finding.category is DataCategory.DEVICE_ID and finding.phase is None
    assert [e.id for e in finding.evidence] == ["f1"]  # not the TLS flow, not the empty one
    (value,) = finding.details["values"]
    assert value["flow_id"] == "f1" and value["identifier"] == IMEI
    assert value["found"] == IMEI and value["url"].startswith("http://")
    assert finding.collector == "first_party"


def test_every_phase_and_every_receiver_counts_each_receiver_apart() -> None:
    found = _cleartext(
        findings(
            timeline(
                [read(0, 1.0, DataCategory.DEVICE_ID, ret=IMEI)],
                [
                    flow("f1", 2.0, "http://alog.umeng.com/app_logs", f"imei={IMEI}".encode()),
                    flow("f2", 20.0, f"http://api.harnesslab.com/a?imei={IMEI}"),
                    flow("f3", 21.0, f"ws://api.harnesslab.com/live?imei={IMEI}"),
                ],
            )
        )
    )
    by_collector = {f.collector: [e.id for e in f.evidence] for f in found}
    assert by_collector == {"Umeng": ["f1"], "first_party": ["f2", "f3"]}


def test_tls_only_traffic_makes_no_finding() -> None:
    found = findings(
        timeline(
            [read(0, 12.0, DataCategory.DEVICE_ID, ret=IMEI)],
            [flow("f1", 13.0, f"https://api.harnesslab.com/reg?imei={IMEI}")],
        )
    )
    assert _cleartext(found) == []
