"""Capture modes in the proxy itself, with real mitmproxy and real TLS on this host.

- transparent mode without a NAT entry (what adb reverse delivers from a phone's iptables
  REDIRECT): the destination comes from the TLS SNI or the Host header;
- the sinkhole's DNS answers (the host lab's namespace has no other resolver);
- WireGuard mode: the client config the phone imports, for mitmproxy's own keys;
- the capture facts of every mode (data file), and the host-lab redirect's refusal to touch a
  namespace that is not private.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import struct
import time
from pathlib import Path

import mitmproxy_rs
import pytest

from harness.config.devices import CaptureMode, DeviceConfig, DeviceKind, ProxyMode, load_devices
from harness.errors import InfrastructureError, InputError
from harness.model import FlowRecord
from harness.session import netns_capture
from harness.traffic.addons.sinkhole import SINKHOLE_ADDRESS
from harness.traffic.ca import ca_cert_path
from harness.traffic.capture import capture_facts, wireguard_client_config_for
from harness.traffic.proxy import ProxyServer


def _wait_for(flows: list[FlowRecord], count: int) -> None:
    deadline = time.monotonic() + 10
    while len(flows) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_transparent_without_nat_entry_takes_the_destination_from_sni_and_host(
    tmp_path: Path,
) -> None:
    flows: list[FlowRecord] = []
    with ProxyServer(tmp_path, capture=CaptureMode.TRANSPARENT, on_flow=flows.append) as proxy:
        context = ssl.create_default_context(cafile=str(ca_cert_path()))
        # The certificate must be made for the SNI name, or this handshake fails.
        with (
            socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname="log.example-sdk.cn") as tls,
        ):
            tls.sendall(
                b"GET /r?imei=867530912345678 HTTP/1.1\r\nHost: log.example-sdk.cn\r\n"
                b"Connection: close\r\n\r\n"
            )
            assert tls.recv(100).startswith(b"HTTP/1.1 200")
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw:
            raw.sendall(
                b"GET /p HTTP/1.1\r\nHost: plain.example.org:8081\r\nConnection: close\r\n\r\n"
            )
            assert raw.recv(100).startswith(b"HTTP/1.1 200")
        _wait_for(flows, 2)
    by_host = {flow.host: flow for flow in flows}
    assert by_host["log.example-sdk.cn"].url == "https://log.example-sdk.cn/r?imei=867530912345678"
    assert by_host["plain.example.org"].url == "http://plain.example.org:8081/p"


def _query(name: str, qtype: int) -> bytes:
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split("."))
    return (
        struct.pack("!HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0)
        + labels
        + b"\0"
        + struct.pack("!HH", qtype, 1)
    )


def test_the_sinkhole_answers_dns_with_its_own_address() -> None:
    with ProxyServer(None, capture=CaptureMode.TRANSPARENT, dns=True) as proxy:
        answers = {}
        for qtype in (1, 28):  # A, AAAA
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.settimeout(10)
                udp.sendto(_query("tsis.jiguang.cn", qtype), ("127.0.0.1", proxy.dns_port))
                answers[qtype] = udp.recv(512)
    a, aaaa = answers[1], answers[28]
    assert struct.unpack("!H", a[6:8])[0] == 1  # one answer
    assert ipaddress.IPv4Address(a[-4:]) == SINKHOLE_ADDRESS
    assert struct.unpack("!H", aaaa[2:4])[0] & 0xF == 0  # NOERROR ...
    assert struct.unpack("!H", aaaa[6:8])[0] == 0  # ... and no address: the app uses IPv4


def test_wireguard_mode_writes_the_config_the_phone_imports(tmp_path: Path) -> None:
    confdir = tmp_path / "mitmproxy"
    with ProxyServer(
        None, capture=CaptureMode.WIREGUARD, mode=ProxyMode.PASSTHROUGH, confdir=confdir
    ) as proxy:
        text = wireguard_client_config_for(
            proxy.wireguard_conf, f"192.0.2.10:{proxy.port}", "com.harnesslab.bypass"
        )
        keys = json.loads(proxy.wireguard_conf.read_text(encoding="utf-8"))
        port = proxy.port
    lines = dict(line.split(" = ", 1) for line in text.splitlines() if " = " in line)
    assert lines["PrivateKey"] == keys["client_key"]
    assert lines["PublicKey"] == mitmproxy_rs.wireguard.pubkey(keys["server_key"])
    assert lines["Endpoint"] == f"192.0.2.10:{port}"
    assert lines["IncludedApplications"] == "com.harnesslab.bypass"  # only the app is tunnelled
    assert lines["AllowedIPs"] == "0.0.0.0/0"
    assert text.index("[Interface]") < text.index("[Peer]")
    # The keys stay in the confdir: a tunnel the phone imported keeps working next session.
    with ProxyServer(None, capture=CaptureMode.WIREGUARD, confdir=confdir) as again:
        assert json.loads(again.wireguard_conf.read_text(encoding="utf-8")) == keys


def test_a_broken_key_file_is_named() -> None:
    with pytest.raises(Exception, match="not a mitmproxy WireGuard key file"):
        wireguard_client_config_for(Path(__file__), "192.0.2.10:51820", None)


@pytest.mark.parametrize("mode", list(CaptureMode))
def test_every_mode_says_what_it_cannot_see(mode: CaptureMode) -> None:
    facts = capture_facts(mode).with_detail("port 1")
    record = facts.to_json()
    assert record["mode"] == mode.value and record["blind_spots"] and record["how"]
    assert record["detail"] == ["port 1"]


def test_devices_yaml_capture_and_unpin_defaults() -> None:
    phone = DeviceConfig(name="p", kind=DeviceKind.USB, serial="S")
    lab = DeviceConfig(name="h", kind=DeviceKind.HOST_LAB)
    assert phone.resolved_capture() is CaptureMode.PROXY and phone.resolved_unpin()
    assert lab.resolved_capture() is CaptureMode.PROXY and not lab.resolved_unpin()
    chosen = DeviceConfig(
        name="p", kind=DeviceKind.USB, serial="S", capture="transparent", unpin=False
    )  # type: ignore[arg-type]
    assert chosen.resolved_capture() is CaptureMode.TRANSPARENT and not chosen.resolved_unpin()
    # Unset stays unset through a round trip (the manifest records the entry as given).
    assert DeviceConfig.model_validate(lab.model_dump()).capture is None


def test_the_host_lab_redirect_refuses_a_shared_namespace() -> None:
    names = {name for _i, name in socket.if_nameindex()}
    if names <= {"lo"}:
        pytest.skip("this test already runs in a namespace with loopback only")
    reason = netns_capture.unavailable_reason()
    assert reason is not None and ("unshare -n" in reason or "root" in reason)
    with pytest.raises(InfrastructureError):
        netns_capture.prepare_namespace()


def test_wireguard_on_the_host_lab_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    devices = tmp_path / "devices.yaml"
    devices.write_text(
        "version: 1\ndevices:\n  - name: h\n    kind: host-lab\n    capture: wireguard\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="WireGuard app") as caught:
        load_devices(devices)
    assert caught.value.line == 3
