"""The attribution and matching addons, and the sinkhole's WebSocket redirect, under taddons.

No proxy, no sockets: mitmproxy's test flows and addon context.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from mitmproxy import exceptions, http
from mitmproxy.addons import proxyserver
from mitmproxy.test import taddons, tflow

from harness.model import DataCategory, KnownIdentifier, Receiver
from harness.traffic.addons.attribution import ReceiverAttribution
from harness.traffic.addons.matching import IdentifierMatching, KnownSet, parse_known
from harness.traffic.addons.recorder import Recorder
from harness.traffic.addons.sinkhole import Sinkhole, is_websocket_handshake
from harness.traffic.flows import ATTRIBUTION_KEY, FLOWS_FILE, MATCHES_KEY, read_analyses

IMEI = "867530912345678"


def _flow(url: str, body: bytes = b"") -> http.HTTPFlow:
    f = tflow.tflow()
    f.request.method = "POST"
    f.request.url = url
    f.request.headers.clear()
    f.request.headers["Host"] = f.request.host
    f.request.raw_content = body
    return f


def test_parse_known_identifiers_option() -> None:
    assert parse_known(["device_id=86=75", " imsi = 4600"]) == [
        KnownIdentifier(DataCategory.DEVICE_ID, "86=75", "proxy option"),
        KnownIdentifier(DataCategory.IMSI, " 4600", "proxy option"),
    ]
    with pytest.raises(ValueError, match="not a data category"):
        parse_known(["imei=1"])
    with pytest.raises(ValueError, match="not category=value"):
        parse_known(["device_id"])


def test_known_set_reports_only_new_identifiers() -> None:
    known = KnownSet([KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "a")])
    assert not known.add([KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "b")])
    assert not known.add([KnownIdentifier(DataCategory.SERIAL, " ", "blank")])
    assert known.add([KnownIdentifier(DataCategory.SERIAL, "HLAB1", "c")])
    assert known.option_values() == [f"device_id={IMEI}", "serial=HLAB1"]


def test_matching_annotates_each_request_with_its_matches() -> None:
    matching = IdentifierMatching()
    with taddons.context(matching) as tctx:
        tctx.configure(matching, known_identifiers=[f"device_id={IMEI}"])
        md5 = hashlib.md5(IMEI.encode()).hexdigest()
        f = _flow(f"https://alog.umeng.com/p?h={md5}", b"x=1")
        matching.request(f)
        [match] = f.metadata[MATCHES_KEY]
        assert (match["category"], match["encoding"], match["where"]) == (
            "device_id",
            "md5",
            "query:h",
        )
        with pytest.raises(exceptions.OptionsError, match="known_identifiers"):
            tctx.configure(matching, known_identifiers=["nonsense=1"])


def test_matching_redoes_a_websocket_at_its_end_and_at_done() -> None:
    matching = IdentifierMatching()
    with taddons.context(matching) as tctx:
        tctx.configure(matching, known_identifiers=[f"device_id={IMEI}"])
        ws = tflow.twebsocketflow()
        matching.request(ws)
        assert ws.metadata[MATCHES_KEY] == []
        matching.websocket_start(ws)
        assert ws.websocket is not None
        ws.websocket.messages[0].content = f'{{"imei":"{IMEI}"}}'.encode()
        ws.websocket.messages[0].from_client = True
        matching.done()  # still open when the proxy stops
        assert [m["where"] for m in ws.metadata[MATCHES_KEY]] == ["websocket[0]/json:$.imei"]


def test_attribution_annotates_receiver_and_sdk() -> None:
    attribution = ReceiverAttribution()
    with taddons.context(attribution) as tctx:
        tctx.configure(attribution, app_package="com.harnesslab.calibration")
        umeng = _flow("https://alog.umeng.com/app_logs")
        own = _flow("https://api.harnesslab.com/x")
        attribution.request(umeng)
        attribution.request(own)
        assert umeng.metadata[ATTRIBUTION_KEY] == {
            "host": "alog.umeng.com",
            "registrable_domain": "umeng.com",
            "receiver": Receiver.THIRD_PARTY.value,
            "sdk": "Umeng",
            "sdk_ids": [
                "canonical:umeng-push",
                "canonical:umeng-analytics",
                "canonical:umeng-apm",
                "canonical:umeng-share",
            ],
        }
        assert own.metadata[ATTRIBUTION_KEY]["receiver"] == Receiver.FIRST_PARTY.value
        tctx.configure(attribution, app_package=None, first_party_domains=["umeng.com"])
        again = _flow("https://alog.umeng.com/app_logs")
        attribution.request(again)
        assert again.metadata[ATTRIBUTION_KEY]["receiver"] == Receiver.FIRST_PARTY.value


def test_annotations_are_recorded_with_the_flow(tmp_path: Path) -> None:
    attribution, matching, recorder = ReceiverAttribution(), IdentifierMatching(), Recorder()
    with taddons.context(attribution, matching, recorder) as tctx:
        tctx.configure(matching, known_identifiers=[f"device_id={IMEI}"])
        tctx.configure(recorder, record_dir=str(tmp_path))
        f = _flow("https://alog.umeng.com/app_logs", f"imei={IMEI}".encode())
        f.request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        for addon in (attribution, matching, recorder):
            addon.request(f)
        f.response = http.Response.make(200, b"{}")
        recorder.response(f)
    [analysis] = read_analyses(tmp_path / FLOWS_FILE)
    assert analysis.flow_id == f.id
    assert analysis.attribution.sdk == "Umeng"
    assert [(m.identifier, m.where) for m in analysis.matches] == [(IMEI, "body/form:imei")]


def _handshake() -> http.HTTPFlow:
    f = tflow.tflow()
    f.request.method = "GET"
    f.request.headers["Upgrade"] = "websocket"
    f.request.headers["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
    return f


def test_sinkhole_sends_websocket_handshakes_to_its_sink_and_points_them_back() -> None:
    sinkhole = Sinkhole()
    with taddons.context(proxyserver.Proxyserver(), sinkhole) as tctx:
        tctx.configure(sinkhole, sinkhole=True, connection_strategy="lazy", upstream_cert=False)
        assert is_websocket_handshake(_handshake().request)
        assert not is_websocket_handshake(tflow.tflow().request)
        # No sink (its `running` hook has not run: no event loop here): answered like HTTP.
        early = _handshake()
        sinkhole.request(early)
        assert early.response is not None and early.response.status_code == 200
        sinkhole._sink.address = ("127.0.0.1", 9)  # what `running` sets
        ws = _handshake()
        original = (ws.request.scheme, ws.request.host, ws.request.port)
        sinkhole.request(ws)
        assert ws.response is None  # the sink answers, through the proxy
        assert (ws.request.scheme, ws.request.host, ws.request.port) == ("http", "127.0.0.1", 9)
        ws.response = http.Response.make(101)
        sinkhole.response(ws)
        assert (ws.request.scheme, ws.request.host, ws.request.port) == original
