"""Personal data found in real traffic: a Python client through the real mitmproxy, real TLS.

One request per encoding and per body kind (HTTP/1.1 over TLS, HTTP/2, plain HTTP, a
WebSocket), each built with the standard library the way an SDK builds it, sent through a
sinkholed ProxyServer that knows the device's identifiers. Every match must be found with
its encoding and place, both in the analysis the addons recorded with each flow in
flows.mitm and by the matcher run afterwards on the recorded flows; and nothing else.
A proxy killed with SIGKILL keeps every completed flow with its analysis.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import signal
import socket
import ssl
import subprocess
import sys
import textwrap
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import brotli
import pytest

from harness.model import DataCategory, KnownIdentifier, Receiver
from harness.profile import AppProfile
from harness.traffic.ca import ca_cert_path
from harness.traffic.flows import FLOWS_FILE, read_analyses, read_flows
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.proxy import ProxyServer

pytestmark = pytest.mark.hostlab

D = DataCategory
IDS = {
    D.DEVICE_ID: "867530912345678",
    D.ANDROID_ID: "5f3c2e8a1d9b7460",
    D.IMSI: "460001234567890",
    D.PHONE_NUMBER: "+8613800138000",
    D.MAC_ADDRESS: "02:1a:11:f0:5c:3e",
    D.SERIAL: "HLAB0001XYZ",
    D.ADVERTISING_ID: "38400000-8cf0-11bd-b23e-10b96e40000d",
    D.WIFI_INFO: "Lab-无线网络",
    D.LOCATION: "39.904211,116.407395",
}
KNOWN = [KnownIdentifier(c, v, "test") for c, v in IDS.items()]
PROFILE = AppProfile(package="com.harnesslab.pyclient", own_domains=("harnesslab.com",))
IMEI, AID, MAC = IDS[D.DEVICE_ID], IDS[D.ANDROID_ID], IDS[D.MAC_ADDRESS]
SSID, GAID, SERIAL = IDS[D.WIFI_INFO], IDS[D.ADVERTISING_ID], IDS[D.SERIAL]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def _hash(name: str, text: str) -> str:
    return hashlib.new(name, text.encode()).hexdigest()


def _b64(data: str | bytes) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def _j(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Req:
    """One request (path /py/<step>) and what must be found in it."""

    step: str
    host: str
    query: str = ""
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expected: frozenset[tuple[str, str, str]] = frozenset()  # (category, encoding, where)
    scheme: str = "https"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}/py/{self.step}" + (
            f"?{self.query}" if self.query else ""
        )


def _e(*items: tuple[str, str, str]) -> frozenset[tuple[str, str, str]]:
    return frozenset(items)


UMENG, FB, OWN, TRACKER = (
    "alog.umeng.com",
    "graph.facebook.com",
    "api.harnesslab.com",
    "x.labtracker.net",
)
PACKED = _b64(gzip.compress(_j({"oaid": GAID})))
NO_ZERO_SHA1 = "".join(format(b, "x") for b in hashlib.sha1(AID.encode()).digest())
IMSI_SHA256 = format(int(_hash("sha256", IDS[D.IMSI]), 16), "x")  # BigInteger: zeros lost

# The same JSON body under each Content-Encoding an SDK's HTTP client may set: (step, codec).
COMPRESSED: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("gzip", gzip.compress, "gzip"),
    ("deflate", zlib.compress, "deflate"),
    ("brotli", brotli.compress, "br"),
]

HTTP1 = [
    Req("plain", UMENG, f"imei={IMEI}", expected=_e(("device_id", "plain", "query:imei"))),
    Req(
        "upper",
        UMENG,
        headers={"X-Aid": AID.upper()},
        expected=_e(("android_id", "upper", "header:X-Aid")),
    ),
    Req(
        "lower",
        TRACKER,
        body=f"sn={SERIAL.lower()}".encode(),
        headers=FORM,
        expected=_e(("serial", "lower", "body/form:sn")),
    ),
    Req(
        "mac-nosep",
        TRACKER,
        body=_j({"m": MAC.replace(":", "")}),
        headers=JSON,
        expected=_e(("mac_address", "mac-nosep", "body/json:$.m")),
    ),
    Req(
        "mac-sep",
        TRACKER,
        headers={"Cookie": f"a=1; m={MAC.upper().replace(':', '-')}"},
        expected=_e(("mac_address", "mac-dash-upper", "cookie:m")),
    ),
    Req(
        "urlencoded",
        TRACKER,
        f"mac={quote(MAC, safe='')}",
        expected=_e(("mac_address", "urlencoded", "query:mac")),
    ),
    Req(
        "base64",
        UMENG,
        body=_j({"a": _b64(AID)}),
        headers=JSON,
        expected=_e(("android_id", "base64", "body/json:$.a")),
    ),
    Req(
        "base64url",
        TRACKER,
        f"s={base64.urlsafe_b64encode(SSID.encode()).decode()}",
        expected=_e(("wifi_info", "base64url", "query:s")),
    ),
    Req(
        "base64-unpadded",
        UMENG,
        headers={"X-A": _b64(AID).rstrip("=")},
        expected=_e(("android_id", "base64-unpadded", "header:X-A")),
    ),
    Req(
        "hex",
        TRACKER,
        body=_j({"h": SERIAL.encode().hex().upper()}),
        headers=JSON,
        expected=_e(("serial", "hex-upper", "body/json:$.h")),
    ),
    Req(
        "md5",
        UMENG,
        body=f"m={_hash('md5', IMEI)}&M={_hash('md5', IMEI).upper()}".encode(),
        headers=FORM,
        expected=_e(("device_id", "md5", "body/form:m"), ("device_id", "md5-upper", "body/form:M")),
    ),
    Req(
        "sha1",
        UMENG,
        headers={"Cookie": f"s={_hash('sha1', AID)}; S={_hash('sha1', AID).upper()}"},
        expected=_e(("android_id", "sha1", "cookie:s"), ("android_id", "sha1-upper", "cookie:S")),
    ),
    Req(
        "sha256",
        UMENG,
        f"s={_hash('sha256', IMEI)}&S={_hash('sha256', IMEI).upper()}",
        expected=_e(("device_id", "sha256", "query:s"), ("device_id", "sha256-upper", "query:S")),
    ),
    Req(
        "zero-stripped",
        OWN,
        body=_j({"i": IMSI_SHA256, "a": NO_ZERO_SHA1}),
        headers=JSON,
        expected=_e(
            ("imsi", "sha256-stripped", "body/json:$.i"),
            ("android_id", "sha1-bytestripped", "body/json:$.a"),
        ),
    ),
    Req(
        "json-escaped",
        TRACKER,
        body=f'ssid: "{json.dumps(SSID)[1:-1]}"\n'.encode(),
        headers=TEXT,
        expected=_e(("wifi_info", "json-escaped", "body")),
    ),
    Req(
        "coordinates",
        OWN,
        body=b"lat=39.90421&lng=116.407",
        headers=FORM,
        expected=_e(
            ("location", "coordinate-5dp", "body/form:lat"),
            ("location", "coordinate-3dp", "body/form:lng"),
        ),
    ),
    Req(
        "phone",
        OWN,
        f"tel={quote(IDS[D.PHONE_NUMBER], safe='')}&n=13800138000",
        expected=_e(
            ("phone_number", "urlencoded", "query:tel"),
            ("phone_number", "phone-national", "query:n"),
        ),
    ),
    Req(
        "text",
        TRACKER,
        body=f"device {SERIAL} online\n".encode(),
        headers=TEXT,
        expected=_e(("serial", "plain", "body")),
    ),
    Req(
        "multipart",
        FB,
        body=(
            b'--B0undary\r\nContent-Disposition: form-data; name="gaid"\r\n\r\n'
            + GAID.encode()
            + b"\r\n--B0undary\r\n"
            b'Content-Disposition: form-data; name="meta"; filename="m.json"\r\n'
            b"Content-Type: application/json\r\n\r\n"
            + _j({"idfa": GAID.upper()})
            + b"\r\n--B0undary--\r\n"
        ),
        headers={"Content-Type": "multipart/form-data; boundary=B0undary"},
        expected=_e(
            ("advertising_id", "plain", "body/multipart:gaid"),
            ("advertising_id", "upper", "body/multipart:meta/json:$.idfa"),
        ),
    ),
    *(
        Req(
            step,
            UMENG,
            body=compress(_j({"imei": IMEI})),
            headers={**JSON, "Content-Encoding": coding},
            expected=_e(("device_id", "plain", "body/json:$.imei")),
        )
        for step, compress, coding in COMPRESSED
    ),
    Req(
        "nested",
        FB,
        body=_j({"data": PACKED}),
        headers=JSON,
        expected=_e(("advertising_id", "plain", "body/json:$.data/base64/gzip/json:$.oaid")),
    ),
    Req(
        "undeclared-gzip",
        UMENG,
        body=gzip.compress(f"imei={IMEI}".encode()),
        headers={"Content-Type": "application/octet-stream"},
        expected=_e(("device_id", "plain", "body/gzip/form:imei")),
    ),
    Req(
        "plain-http",
        UMENG,
        f"imei={IMEI}",
        scheme="http",
        expected=_e(("device_id", "plain", "query:imei")),
    ),
    Req(
        "nothing", OWN, f"n=9{IMEI}1&h={_hash('md5', IMEI)}f&lat=39.9", body=b"v=1.0", headers=FORM
    ),
]


def _send_http1(port: int, confdir: Path, req: Req) -> int:
    context = ssl.create_default_context(cafile=str(ca_cert_path(confdir)))
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler(
            {"http": f"http://127.0.0.1:{port}", "https": f"http://127.0.0.1:{port}"}
        ),
        urllib.request.HTTPSHandler(context=context),
    )
    request = urllib.request.Request(
        req.url, data=req.body, headers=req.headers, method="POST" if req.body else "GET"
    )
    with opener.open(request, timeout=10) as response:
        return int(response.status)


def _connect(port: int, host: str) -> socket.socket:
    """A CONNECT tunnel to host:443 through the proxy."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    raw.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert raw.recv(4096).startswith(b"HTTP/1.1 200")
    return raw


def _tls(confdir: Path, alpn: list[str]) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(ca_cert_path(confdir)))
    context.set_alpn_protocols(alpn)
    return context


def _send_http2(port: int, confdir: Path, path: str, body: bytes) -> None:
    import h2.config
    import h2.connection
    import h2.events

    with _tls(confdir, ["h2"]).wrap_socket(_connect(port, UMENG), server_hostname=UMENG) as tls:
        assert tls.selected_alpn_protocol() == "h2"
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        stream = conn.get_next_available_stream_id()
        headers = [
            (":method", "POST"),
            (":authority", UMENG),
            (":scheme", "https"),
            (":path", path),
        ]
        conn.send_headers(stream, [*headers, ("content-type", "application/json")])
        conn.send_data(stream, body, end_stream=True)
        tls.sendall(conn.data_to_send())
        ended = False
        while not ended:
            for event in conn.receive_data(tls.recv(65535)):
                ended = ended or isinstance(event, h2.events.StreamEnded)
            tls.sendall(conn.data_to_send())


def _send_websocket(port: int, confdir: Path, path: str, messages: list[str | bytes]) -> None:
    from websockets.sync.client import connect

    with connect(
        f"wss://{UMENG}{path}",
        sock=_connect(port, UMENG),
        ssl=_tls(confdir, ["http/1.1"]),
        open_timeout=10,
        close_timeout=10,
    ) as ws:
        for message in messages:
            ws.send(message)


@pytest.fixture(scope="module")
def confdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mitmproxy-conf")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory, confdir: Path) -> Path:
    """Every request of the tour through one sinkholed proxy; the flows.mitm it wrote."""
    out = tmp_path_factory.mktemp("flows")
    with ProxyServer(out, confdir=confdir, known=KNOWN, profile=PROFILE) as proxy:
        for req in HTTP1:
            assert _send_http1(proxy.port, confdir, req) == 200
        _send_http2(proxy.port, confdir, "/py/http2", _j({"android_id": AID}))
        binary = b"\x0a\x0f" + IMEI.encode() + b"\x12\x03\xff\xfe\x00"  # protobuf-like
        _send_websocket(proxy.port, confdir, "/py/websocket", [_j({"imei": IMEI}).decode(), binary])
    return out / FLOWS_FILE


EXTRA = {
    "/py/http2": _e(("android_id", "plain", "body/json:$.android_id")),
    "/py/websocket": _e(
        ("device_id", "plain", "websocket[0]/json:$.imei"), ("device_id", "plain", "websocket[1]")
    ),
}
EXPECTED = {f"/py/{r.step}": r.expected for r in HTTP1} | EXTRA


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3].split("?", 1)[0]


def test_every_request_was_recorded_once(recorded: Path) -> None:
    flows = read_flows(recorded)
    assert sorted(_path(f.url) for f in flows) == sorted(EXPECTED)
    by_path = {_path(f.url): f for f in flows}
    assert by_path["/py/http2"].http_version == "HTTP/2.0"
    assert by_path["/py/plain-http"].url.startswith("http://")
    ws = by_path["/py/websocket"]
    assert ws.status == 101 and ws.url.startswith(f"https://{UMENG}/")  # the host the app meant
    assert [m.from_client for m in ws.websocket_messages] == [True, True]


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_every_match_with_its_encoding_and_place(recorded: Path, path: str) -> None:
    flows = {_path(f.url): f for f in read_flows(recorded)}
    live = {a.flow_id: a for a in read_analyses(recorded)}
    flow = flows[path]
    # What the matching addon recorded as the flow completed ...
    assert {(m.category.value, m.encoding, m.where) for m in live[flow.id].matches} == EXPECTED[
        path
    ]
    # ... and what the matcher finds in the recorded flow afterwards: the same.
    assert IdentifierMatcher(KNOWN).match(flow) == live[flow.id].matches


def test_receivers_are_attributed(recorded: Path) -> None:
    flows = {f.id: _path(f.url) for f in read_flows(recorded)}
    attributions = {flows[a.flow_id]: a.attribution for a in read_analyses(recorded)}
    assert (attributions["/py/plain"].sdk, attributions["/py/plain"].receiver) == (
        "Umeng",
        Receiver.THIRD_PARTY,
    )
    assert attributions["/py/multipart"].sdk == "Facebook"
    assert attributions["/py/lower"].sdk is None
    assert attributions["/py/lower"].receiver is Receiver.THIRD_PARTY
    assert attributions["/py/nothing"].receiver is Receiver.FIRST_PARTY


def test_identifiers_learned_while_running_are_matched_from_then_on(
    tmp_path: Path, confdir: Path
) -> None:
    late = KnownIdentifier(D.CLIPBOARD, "lab clipboard 4242", "hook:ev0000001")
    with ProxyServer(tmp_path, confdir=confdir, profile=PROFILE) as proxy:
        req = Req("learn", TRACKER, body=f"c={quote(late.value)}".encode(), headers=FORM)
        _send_http1(proxy.port, confdir, req)
        proxy.learn([late])
        _send_http1(proxy.port, confdir, req)
    before, after = read_analyses(tmp_path / FLOWS_FILE)
    assert before.matches == ()
    assert [(m.identifier, m.encoding) for m in after.matches] == [(late.value, "urlencoded")]


PROXY_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from harness.model import DataCategory, KnownIdentifier
    from harness.profile import AppProfile
    from harness.traffic.proxy import ProxyServer
    known = [KnownIdentifier(DataCategory.DEVICE_ID, sys.argv[3], "test")]
    proxy = ProxyServer(Path(sys.argv[1]), confdir=Path(sys.argv[2]), known=known,
                        profile=AppProfile(package="com.harnesslab.pyclient")).start()
    print(proxy.port, flush=True)
    time.sleep(600)
    """
)


def test_sigkill_keeps_every_completed_flow_with_its_analysis(
    tmp_path: Path, confdir: Path
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", PROXY_CHILD, str(tmp_path), str(confdir), IMEI],
        stdout=subprocess.PIPE,
        text=True,
    )
    encodings = ["plain", "md5", "sha1", "sha256", "hex"]
    values = [
        IMEI,
        _hash("md5", IMEI),
        _hash("sha1", IMEI),
        _hash("sha256", IMEI),
        IMEI.encode().hex(),
    ]
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        for i, value in enumerate(values * 4):
            req = Req(f"k{i}", UMENG, body=f"seq={i}&d={value}".encode(), headers=FORM)
            assert _send_http1(port, confdir, req) == 200
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    flows = read_flows(tmp_path / FLOWS_FILE)
    assert [f.request_body.split(b"&")[0] for f in flows] == [
        f"seq={i}".encode() for i in range(20)
    ]
    analyses = read_analyses(tmp_path / FLOWS_FILE)
    assert [a.flow_id for a in analyses] == [f.id for f in flows]
    assert [[m.encoding for m in a.matches] for a in analyses] == [[e] for e in encodings * 4]
    assert all(a.attribution.sdk == "Umeng" for a in analyses)
