"""Unit tests of the traffic layer: pure parsing and the addons under mitmproxy's taddons.

No proxy, no sockets: flows are mitmproxy's test flows (`mitmproxy.test.tflow`).
"""

from __future__ import annotations

import errno
import gzip
import os
from pathlib import Path

import pytest
from mitmproxy import exceptions
from mitmproxy import io as mitm_io
from mitmproxy.addons import proxyserver
from mitmproxy.test import taddons, tflow

from harness.errors import InputError
from harness.model import FlowRecord
from harness.traffic.addons.recorder import Recorder
from harness.traffic.addons.sinkhole import Sinkhole
from harness.traffic.ca import jvm_proxy_properties
from harness.traffic.flows import FLOWS_FILE, flow_record, read_flows

# --- flows.flow_record ---------------------------------------------------------------------


def _post(url: str, body: bytes, **headers: str) -> tflow.http.HTTPFlow:
    f = tflow.tflow(resp=True)
    f.request.method = "POST"
    f.request.url = url
    f.request.headers.clear()
    for name, value in headers.items():
        f.request.headers[name.replace("_", "-")] = value
    f.request.raw_content = body
    return f


def test_flow_record_fields() -> None:
    f = _post(
        "https://alog.umeng.com/app_logs?imei=861234567890123",
        b"imei=861234567890123",
        content_type="application/x-www-form-urlencoded",
    )
    rec = flow_record(f)
    assert rec == FlowRecord(
        id=f.id,
        ts=f.request.timestamp_start,
        method="POST",
        url="https://alog.umeng.com/app_logs?imei=861234567890123",
        host="alog.umeng.com",
        http_version="HTTP/1.1",
        request_headers=(("content-type", "application/x-www-form-urlencoded"),),
        request_body=b"imei=861234567890123",
        status=200,
    )


def test_flow_record_decodes_gzip_and_keeps_undecodable_raw() -> None:
    plain = b'{"oaid":"abc"}'
    gz = _post("https://h.example/x", gzip.compress(plain), content_encoding="gzip")
    assert flow_record(gz).request_body == plain
    broken = _post("https://h.example/x", b"not gzip at all", content_encoding="gzip")
    assert flow_record(broken).request_body == b"not gzip at all"


def test_flow_record_host_header_names_the_receiver() -> None:
    # An app resolving names itself connects to an IP; the Host header says who it meant.
    f = _post("https://203.0.113.7/collect", b"", host="tracker.example.com")
    rec = flow_record(f)
    assert rec.host == "tracker.example.com"
    assert rec.url == "https://tracker.example.com/collect"


def test_flow_record_without_response_http2_and_websocket() -> None:
    f = tflow.tflow(err=True)
    f.request.http_version = "HTTP/2.0"
    rec = flow_record(f)
    assert (rec.status, rec.http_version) == (None, "HTTP/2.0")
    ws = tflow.twebsocketflow()
    assert flow_record(ws).status == 101


def test_flow_record_streamed_body_is_empty() -> None:
    f = tflow.tflow()
    f.request.raw_content = None  # a streamed body is not kept by mitmproxy
    assert flow_record(f).request_body == b""


# --- flows.read_flows ------------------------------------------------------------------------


def _write(path: Path, flows: list[tflow.http.HTTPFlow]) -> list[int]:
    """Write flows; return the file offset after each record."""
    ends = []
    with path.open("wb") as fo:
        writer = mitm_io.FlowWriter(fo)
        for f in flows:
            writer.add(f)
            ends.append(fo.tell())
    return ends


def test_read_flows_round_trip(tmp_path: Path) -> None:
    flows = [_post(f"https://h{i}.example/p", f"b{i}".encode()) for i in range(3)]
    path = tmp_path / FLOWS_FILE
    _write(path, flows)
    assert read_flows(path) == [flow_record(f) for f in flows]
    assert read_flows(str(path))[1].request_body == b"b1"


def test_read_flows_empty_file(tmp_path: Path) -> None:
    (tmp_path / FLOWS_FILE).write_bytes(b"")
    assert read_flows(tmp_path / FLOWS_FILE) == []


@pytest.mark.parametrize("cut", [1, 2, 10, 100, "half", "all-but-prefix-digit"])
def test_read_flows_tolerates_a_truncated_last_record(tmp_path: Path, cut: int | str) -> None:
    flows = [_post(f"https://h{i}.example/p", b"x" * 50) for i in range(3)]
    path = tmp_path / FLOWS_FILE
    ends = _write(path, flows)
    data = path.read_bytes()
    last_len = ends[2] - ends[1]
    if cut == "half":
        keep = ends[1] + last_len // 2
    elif cut == "all-but-prefix-digit":
        keep = ends[1] + 1  # the file ends inside the length prefix
    else:
        assert isinstance(cut, int)
        keep = ends[2] - cut
    path.write_bytes(data[:keep])
    assert [r.id for r in read_flows(path)] == [flows[0].id, flows[1].id]


def test_read_flows_rejects_corruption_before_the_end(tmp_path: Path) -> None:
    flows = [_post(f"https://h{i}.example/p", b"x") for i in range(3)]
    path = tmp_path / FLOWS_FILE
    ends = _write(path, flows)
    data = bytearray(path.read_bytes())
    data[ends[0]] = ord("X")  # the second record's length prefix
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=f"record at byte {ends[0]} is corrupt"):
        read_flows(path)


def test_read_flows_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="readable mitmproxy flow file"):
        read_flows(tmp_path / "nope.mitm")


def test_read_flows_skips_non_http_flows(tmp_path: Path) -> None:
    path = tmp_path / FLOWS_FILE
    with path.open("wb") as fo:
        writer = mitm_io.FlowWriter(fo)
        writer.add(tflow.ttcpflow())
        writer.add(tflow.tflow(resp=True))
    assert len(read_flows(path)) == 1


# --- addons.sinkhole -------------------------------------------------------------------------


def test_sinkhole_answers_when_on_and_only_then() -> None:
    sinkhole = Sinkhole()
    with taddons.context(proxyserver.Proxyserver(), sinkhole) as tctx:
        f = tflow.tflow()
        sinkhole.request(f)
        assert f.response is None
        tctx.configure(sinkhole, sinkhole=True, connection_strategy="lazy", upstream_cert=False)
        sinkhole.request(f)
        assert f.response is not None
        assert (f.response.status_code, f.response.content) == (200, b"{}")
        # An answer another addon already gave stays.
        g = tflow.tflow(resp=True)
        sinkhole.request(g)
        assert g.response is not None and g.response.content == b"message"


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"connection_strategy": "eager", "upstream_cert": False}, "connection_strategy=lazy"),
        ({"connection_strategy": "lazy", "upstream_cert": True}, "upstream_cert=false"),
    ],
)
def test_sinkhole_refuses_options_that_would_connect_upstream(
    options: dict[str, object], reason: str
) -> None:
    sinkhole = Sinkhole()
    with (
        taddons.context(proxyserver.Proxyserver(), sinkhole) as tctx,
        pytest.raises(exceptions.OptionsError, match=reason),
    ):
        tctx.configure(sinkhole, sinkhole=True, **options)


# --- addons.recorder -------------------------------------------------------------------------


def _recorder(tmp_path: Path) -> tuple[Recorder, list[FlowRecord], taddons.context]:
    seen: list[FlowRecord] = []
    rec = Recorder(seen.append)
    tctx = taddons.context(rec)
    tctx.configure(rec, record_dir=str(tmp_path))
    return rec, seen, tctx


def test_recorder_writes_each_finished_flow_then_calls_back(tmp_path: Path) -> None:
    rec, seen, _ = _recorder(tmp_path)
    ok = tflow.tflow(resp=True)
    failed = tflow.tflow(err=True)
    for f in (ok, failed):
        rec.request(f)
    rec.response(ok)
    # Written and fsync'ed before the hook returns: readable while the file is open.
    assert [r.id for r in read_flows(tmp_path / FLOWS_FILE)] == [ok.id]
    rec.error(failed)
    rec.error(ok)  # mitmproxy does not do this; if it did, the flow stays written once
    assert [r.id for r in seen] == [ok.id, failed.id]
    assert [r.id for r in read_flows(tmp_path / FLOWS_FILE)] == [ok.id, failed.id]
    assert rec.recorded == 2


def test_recorder_waits_for_websocket_end(tmp_path: Path) -> None:
    rec, seen, _ = _recorder(tmp_path)
    ws = tflow.twebsocketflow()
    rec.request(ws)
    rec.response(ws)  # the handshake: messages follow, do not write yet
    assert seen == []
    rec.websocket_end(ws)
    assert [r.id for r in read_flows(tmp_path / FLOWS_FILE)] == [ws.id]


def test_recorder_writes_unfinished_flows_at_done(tmp_path: Path) -> None:
    rec, seen, _ = _recorder(tmp_path)
    pending = tflow.tflow()
    rec.request(pending)
    rec.done()
    assert [(r.id, r.status) for r in read_flows(tmp_path / FLOWS_FILE)] == [(pending.id, None)]
    late = tflow.tflow(resp=True)
    rec.response(late)  # after done the file is closed: not reported as recorded
    assert [r.id for r in seen] == [pending.id]


def test_recorder_survives_a_failing_callback(tmp_path: Path) -> None:
    def boom(record: FlowRecord) -> None:
        raise ValueError("consumer bug")

    rec = Recorder(boom)
    with taddons.context(rec) as tctx:
        tctx.configure(rec, record_dir=str(tmp_path))
        for _ in range(2):
            rec.response(tflow.tflow(resp=True))
    assert len(read_flows(tmp_path / FLOWS_FILE)) == 2


def test_recorder_appends_to_an_existing_file(tmp_path: Path) -> None:
    first = tflow.tflow(resp=True)
    _write(tmp_path / FLOWS_FILE, [first])
    rec, _, _ = _recorder(tmp_path)
    second = tflow.tflow(resp=True)
    rec.response(second)
    assert [r.id for r in read_flows(tmp_path / FLOWS_FILE)] == [first.id, second.id]


def test_recorder_unwritable_folder_is_an_option_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    rec = Recorder()
    with taddons.context(rec) as tctx, pytest.raises(exceptions.OptionsError, match="flows"):
        tctx.configure(rec, record_dir=str(tmp_path / "file" / "sub"))


def test_recorder_write_failure_is_kept_for_the_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    rec, seen, _ = _recorder(tmp_path)
    monkeypatch.setattr(os, "fsync", disk_full)
    rec.response(tflow.tflow(resp=True))
    assert isinstance(rec.write_error, OSError)
    assert seen == []  # not on disk, so not reported


# --- ca.jvm_proxy_properties -----------------------------------------------------------------


def test_jvm_proxy_properties() -> None:
    props = jvm_proxy_properties(8081, Path("/c/ts.p12"))
    assert props == [
        "-Dhttp.proxyHost=127.0.0.1",
        "-Dhttp.proxyPort=8081",
        "-Dhttps.proxyHost=127.0.0.1",
        "-Dhttps.proxyPort=8081",
        "-Dhttp.nonProxyHosts=",
        "-Djavax.net.ssl.trustStore=/c/ts.p12",
        "-Djavax.net.ssl.trustStoreType=PKCS12",
        "-Djavax.net.ssl.trustStorePassword=changeit",
    ]
