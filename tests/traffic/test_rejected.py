"""Requests the real mitmproxy refuses leave a trace: a client whose TLS handshake fails
(it does not trust the lab's CA, as a pinning app) and a request that breaks HTTP."""

from __future__ import annotations

import json
import socket
import ssl
from pathlib import Path

import pytest

from harness.traffic.addons.rejected import REJECTED_FILE, RejectedRequest, read_rejected
from harness.traffic.ca import ca_cert_path
from harness.traffic.flows import FLOWS_FILE, read_flows
from harness.traffic.proxy import ProxyServer

pytestmark = pytest.mark.hostlab


def _connect_tunnel(port: int, host: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    return sock


def test_a_failed_handshake_and_a_broken_request_are_recorded(tmp_path: Path) -> None:
    heard: list[RejectedRequest] = []
    with ProxyServer(tmp_path, confdir=tmp_path / "conf", on_rejected=heard.append) as proxy:
        # A client that trusts only the system's CAs, not the proxy's: its handshake fails.
        sock = _connect_tunnel(proxy.port, "pinned.example.com")
        context = ssl.create_default_context()
        with (
            pytest.raises(ssl.SSLError),
            context.wrap_socket(sock, server_hostname="pinned.example.com"),
        ):
            pass
        sock.close()
        # A client that trusts the proxy's CA but closes after the handshake (a pin checked
        # after it), and one that sends its request: only the first is recorded.
        trusting = ssl.create_default_context(cafile=str(ca_cert_path(tmp_path / "conf")))
        with trusting.wrap_socket(
            _connect_tunnel(proxy.port, "pinned-later.example.com"),
            server_hostname="pinned-later.example.com",
        ):
            pass
        with trusting.wrap_socket(
            _connect_tunnel(proxy.port, "used.example.com"), server_hostname="used.example.com"
        ) as used:
            used.sendall(b"GET /ok HTTP/1.1\r\nHost: used.example.com\r\n\r\n")
            assert used.recv(4096).startswith(b"HTTP/1.1 200")
        # A request whose head parses but whose Content-Length is not a number.
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw:
            raw.sendall(
                b"POST http://api.example.com/collect HTTP/1.1\r\nHost: api.example.com\r\n"
                b"Content-Length: many\r\n\r\n"
            )
            answer = raw.recv(4096)
        assert answer.startswith(b"HTTP/1.1 400")
    rows = read_rejected(tmp_path / REJECTED_FILE)
    assert sorted(r["kind"] for r in rows) == ["flow_error", "tls_failed", "tls_unused"]
    tls_row, unused_row, flow_row = (
        next(r for r in rows if r["kind"] == kind)
        for kind in ("tls_failed", "tls_unused", "flow_error")
    )
    assert unused_row["target"] == "pinned-later.example.com"
    assert "without sending a request" in unused_row["error"]
    assert tls_row["target"] == "pinned.example.com" and tls_row["error"]
    assert tls_row["client"].startswith("127.0.0.1:")
    assert flow_row["target"] == "http://api.example.com/collect"
    assert "content-length" in flow_row["error"].lower()
    # The broken request's flow is in flows.mitm too, with the same error.
    flow = next(f for f in read_flows(tmp_path / FLOWS_FILE) if f.id == flow_row["flow_id"])
    assert flow.error == flow_row["error"]
    assert [r.to_json() for r in heard] == rows
    assert proxy.rejected == 3


def test_nothing_rejected_writes_no_file(tmp_path: Path) -> None:
    with ProxyServer(tmp_path, confdir=tmp_path / "conf") as proxy:
        assert proxy.rejected == 0
    assert not (tmp_path / REJECTED_FILE).exists()


def test_a_torn_last_line_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / REJECTED_FILE
    row = {"kind": "tls_failed", "ts": 1.0, "client": "", "target": "x", "error": "e"}
    path.write_text(json.dumps(row) + "\n" + '{"kind": "tls_fa', encoding="utf-8")
    assert read_rejected(path) == [row]
