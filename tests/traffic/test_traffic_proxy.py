"""The traffic layer against the real mitmproxy, with real TLS clients (Python and Java).

Everything here runs a ProxyServer on 127.0.0.1; there is no internet, so the hosts are
answered by the sinkhole or, in passthrough, by a server the test starts locally.
`.invalid` hosts cannot resolve (RFC 6761): a client answered for one proves that the
proxy did not try to connect upstream.
"""

from __future__ import annotations

import http.client
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.config.devices import ProxyMode
from harness.errors import InfrastructureError
from harness.model import FlowRecord
from harness.traffic.ca import ca_cert_path, jvm_proxy_properties, jvm_truststore
from harness.traffic.flows import FLOWS_FILE, read_flows
from harness.traffic.proxy import ProxyServer

pytestmark = pytest.mark.hostlab

IMEI = "861234567890123"
UMENG_URL = f"https://alog.umeng.com/app_logs?imei={IMEI}"
FORM_BODY = f"imei={IMEI}&android_id=5f3c2e8a1d9b7460".encode()


@pytest.fixture(scope="module")
def confdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One CA for the module, outside the user's cache."""
    return tmp_path_factory.mktemp("mitmproxy-conf")


@pytest.fixture
def proxy_threads() -> Iterator[None]:
    """Every test leaves no proxy thread behind."""
    yield
    leftover = [t.name for t in threading.enumerate() if t.name.startswith("harness-proxy")]
    assert leftover == []


def _opener(port: int, confdir: Path) -> urllib.request.OpenerDirector:
    """urllib through the proxy (CONNECT for https), trusting only the proxy's CA."""
    context = ssl.create_default_context(cafile=str(ca_cert_path(confdir)))
    proxy = f"http://127.0.0.1:{port}"
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy}),
        urllib.request.HTTPSHandler(context=context),
    )


def _post_form(opener: urllib.request.OpenerDirector, url: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with opener.open(request, timeout=10) as response:
        return response.status, response.read()


def _assert_umeng_flow(record: FlowRecord, body: bytes = FORM_BODY) -> None:
    assert record.method == "POST"
    assert record.url == UMENG_URL
    assert record.host == "alog.umeng.com"
    assert record.request_body == body
    assert record.status == 200
    assert ("Content-Type", "application/x-www-form-urlencoded") in record.request_headers


# --- (1) Python HTTPS client ------------------------------------------------------------------


def test_python_https_client_is_sinkholed_and_recorded(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    seen: list[FlowRecord] = []
    with ProxyServer(tmp_path, confdir=confdir, on_flow=seen.append) as proxy:
        status, answer = _post_form(_opener(proxy.port, confdir), UMENG_URL, FORM_BODY)
        assert (status, answer) == (200, b"{}")
        # The callback ran before the answer left the proxy.
        assert len(seen) == 1
        _assert_umeng_flow(seen[0])
        # ... and so did the write: the file is complete while the proxy still runs.
        assert read_flows(tmp_path / FLOWS_FILE) == seen
    assert read_flows(tmp_path / FLOWS_FILE) == seen


def test_sinkhole_never_connects_upstream(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    with socket.socket() as canary:  # a real server the proxy would reach if it went out
        canary.bind(("127.0.0.1", 0))
        canary.listen()
        canary_port = canary.getsockname()[1]
        urls = [
            "https://no-such-host.invalid/a",  # cannot even resolve
            "http://no-such-host.invalid/b",
            f"https://127.0.0.1:{canary_port}/c",
            f"http://127.0.0.1:{canary_port}/d",
        ]
        with ProxyServer(tmp_path, confdir=confdir) as proxy:
            opener = _opener(proxy.port, confdir)
            for url in urls:
                with opener.open(url, timeout=10) as response:
                    assert (response.status, response.read()) == (200, b"{}")
            # Not HTTP inside a tunnel (an MQTT CONNECT packet): nothing can answer it,
            # and it must not be relayed either: the tunnel is closed.
            with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw:
                raw.sendall(f"CONNECT 127.0.0.1:{canary_port} HTTP/1.1\r\n\r\n".encode())
                assert raw.recv(4096).startswith(b"HTTP/1.1 200")
                raw.sendall(b"\x10\x10\x00\x04MQTT\x04\x02\x00\x3c\x00\x04imei")
                assert raw.recv(4096) == b""
        # A connection attempt would be waiting in the canary's accept queue.
        assert select.select([canary], [], [], 0.2)[0] == []
    assert [r.url for r in read_flows(tmp_path / FLOWS_FILE)] == urls


def test_passthrough_does_connect_upstream(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    """The control for the test above: the same hosts fail when the proxy goes upstream."""
    with ProxyServer(tmp_path, confdir=confdir, mode=ProxyMode.PASSTHROUGH) as proxy:
        opener = _opener(proxy.port, confdir)
        with pytest.raises(urllib.error.HTTPError) as plain:
            opener.open("http://no-such-host.invalid/b", timeout=10)
        assert plain.value.code == 502
        with pytest.raises(urllib.error.URLError, match="502"):  # the CONNECT itself fails
            opener.open("https://no-such-host.invalid/a", timeout=10)
    # The plain request was sent, so it is evidence: recorded, with no status.
    records = read_flows(tmp_path / FLOWS_FILE)
    assert [(r.url, r.status) for r in records] == [("http://no-such-host.invalid/b", None)]


def test_http2_is_recorded(tmp_path: Path, confdir: Path, proxy_threads: None) -> None:
    import h2.config
    import h2.connection
    import h2.events

    with ProxyServer(tmp_path, confdir=confdir) as proxy:
        raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
        raw.sendall(b"CONNECT h2.example.invalid:443 HTTP/1.1\r\nHost: h2.example.invalid\r\n\r\n")
        assert raw.recv(4096).startswith(b"HTTP/1.1 200")
        context = ssl.create_default_context(cafile=str(ca_cert_path(confdir)))
        context.set_alpn_protocols(["h2"])
        with context.wrap_socket(raw, server_hostname="h2.example.invalid") as tls:
            assert tls.selected_alpn_protocol() == "h2"
            conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
            conn.initiate_connection()
            stream = conn.get_next_available_stream_id()
            conn.send_headers(
                stream,
                [
                    (":method", "POST"),
                    (":authority", "h2.example.invalid"),
                    (":scheme", "https"),
                    (":path", "/v1?oaid=abc"),
                ],
            )
            conn.send_data(stream, b'{"oaid":"abc"}', end_stream=True)
            tls.sendall(conn.data_to_send())
            ended = False
            while not ended:
                for event in conn.receive_data(tls.recv(65535)):
                    ended = ended or isinstance(event, h2.events.StreamEnded)
                tls.sendall(conn.data_to_send())
    [record] = read_flows(tmp_path / FLOWS_FILE)
    assert (record.http_version, record.method, record.status) == ("HTTP/2.0", "POST", 200)
    assert (record.url, record.request_body) == (
        "https://h2.example.invalid/v1?oaid=abc",
        b'{"oaid":"abc"}',
    )


def test_websocket_is_recorded_when_it_ends(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    from websockets.sync.client import connect
    from websockets.sync.server import ServerConnection, serve

    def echo(ws: ServerConnection) -> None:
        for message in ws:
            ws.send(message)

    with (
        serve(echo, "127.0.0.1", 0) as server,
        ProxyServer(tmp_path, confdir=confdir, mode=ProxyMode.PASSTHROUGH) as proxy,
    ):
        ws_port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
        raw.sendall(f"CONNECT 127.0.0.1:{ws_port} HTTP/1.1\r\n\r\n".encode())
        assert raw.recv(4096).startswith(b"HTTP/1.1 200")
        with connect(f"ws://127.0.0.1:{ws_port}/push?imei={IMEI}", sock=raw) as ws:
            ws.send("hello")
            assert ws.recv(timeout=10) == "hello"
            # Open socket: the flow is not finished, so not in the file yet.
            assert read_flows(tmp_path / FLOWS_FILE) == []
        deadline = time.monotonic() + 10
        while not read_flows(tmp_path / FLOWS_FILE) and time.monotonic() < deadline:
            time.sleep(0.05)
        server.shutdown()
    [record] = read_flows(tmp_path / FLOWS_FILE)
    assert record.status == 101
    assert record.url == f"http://127.0.0.1:{ws_port}/push?imei={IMEI}"


# --- (2) Java client: proves the truststore and the proxy properties ---------------------------

JAVA_CLIENT = textwrap.dedent(
    """
    import java.io.OutputStream;
    import java.net.HttpURLConnection;
    import java.net.URL;
    import java.nio.charset.StandardCharsets;

    public class Post {
        public static void main(String[] args) throws Exception {
            HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = c.getOutputStream()) {
                out.write(args[1].getBytes(StandardCharsets.UTF_8));
            }
            int code = c.getResponseCode();
            String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(code + " " + body);
        }
    }
    """
)


@pytest.fixture(scope="module")
def java_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("needs a JDK (javac, java) on PATH")
    folder = tmp_path_factory.mktemp("java-client")
    (folder / "Post.java").write_text(JAVA_CLIENT)
    subprocess.run(["javac", "Post.java"], cwd=folder, check=True, timeout=120)
    return folder


def _java(classes: Path, props: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["java", *props, "-cp", str(classes), "Post", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_java_https_client_through_the_truststore(
    tmp_path: Path, confdir: Path, java_client: Path, proxy_threads: None
) -> None:
    truststore = jvm_truststore(confdir)
    seen: list[FlowRecord] = []
    with ProxyServer(tmp_path, confdir=confdir, on_flow=seen.append) as proxy:
        props = jvm_proxy_properties(proxy.port, truststore)
        result = _java(java_client, props, UMENG_URL, FORM_BODY.decode())
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "200 {}"

        # Control: the same JVM without the truststore refuses the proxy's certificate.
        untrusting = [p for p in props if not p.startswith("-Djavax.net.ssl.")]
        refused = _java(java_client, untrusting, UMENG_URL, "x=1")
        assert refused.returncode != 0
        assert "PKIX path building failed" in refused.stderr

        # http.nonProxyHosts= sends even 127.0.0.1 through the proxy (nothing listens on
        # port 9: only the sinkhole can answer).
        local = _java(java_client, props, "http://127.0.0.1:9/local", "y=2")
        assert local.stdout.strip() == "200 {}", local.stderr

    assert [r.url for r in seen] == [UMENG_URL, "http://127.0.0.1:9/local"]
    _assert_umeng_flow(seen[0])
    assert any(h[0] == "User-Agent" and h[1].startswith("Java/") for h in seen[0].request_headers)
    assert read_flows(tmp_path / FLOWS_FILE) == seen


def test_truststore_is_cached_by_ca(confdir: Path) -> None:
    first = jvm_truststore(confdir)
    mtime = first.stat().st_mtime_ns
    assert jvm_truststore(confdir) == first
    assert first.stat().st_mtime_ns == mtime
    keytool = ["keytool", "-list", "-keystore", str(first), "-storetype", "PKCS12"]
    listing = subprocess.run(
        [*keytool, "-storepass", "changeit"], capture_output=True, text=True, check=True
    ).stdout
    assert "trustedCertEntry" in listing


def test_concurrent_first_use_makes_one_ca(tmp_path: Path) -> None:
    """Four processes on a fresh cache: one CA and one truststore, no half-made files."""
    script = (
        "import sys; from pathlib import Path; from harness.traffic import ca\n"
        "c = Path(sys.argv[1]); print(ca.ca_fingerprint(c), ca.jvm_truststore(c).name)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / "conf")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = {p.communicate(timeout=120)[0] for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(outputs) == 1
    assert sorted(f.name for f in (tmp_path / "conf").glob("*.p12") if "truststore" in f.name) == [
        outputs.pop().split()[1]
    ]


# --- (3) SIGKILL loses no answered flow -------------------------------------------------------

PROXY_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from harness.traffic.proxy import ProxyServer
    proxy = ProxyServer(Path(sys.argv[1]), confdir=Path(sys.argv[2])).start()
    print(proxy.port, flush=True)
    time.sleep(600)
    """
)


def test_sigkill_loses_no_completed_flow(tmp_path: Path, confdir: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", PROXY_CHILD, str(tmp_path), str(confdir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        opener = _opener(port, confdir)
        n = 25
        for i in range(n):
            scheme = "https" if i % 5 else "http"
            url = f"{scheme}://alog.umeng.com/app_logs?imei={IMEI}&seq={i}"
            assert _post_form(opener, url, f"seq={i}".encode()) == (200, b"{}")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    records = read_flows(tmp_path / FLOWS_FILE)
    assert [r.request_body for r in records] == [f"seq={i}".encode() for i in range(n)]
    assert all(r.status == 200 for r in records)


# --- (4) two proxies at once --------------------------------------------------------------------


def test_two_proxies_at_once_keep_their_own_flows(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    seen_a: list[FlowRecord] = []
    seen_b: list[FlowRecord] = []
    with (
        ProxyServer(tmp_path / "a", confdir=confdir, on_flow=seen_a.append) as a,
        ProxyServer(tmp_path / "b", confdir=confdir, on_flow=seen_b.append) as b,
    ):
        assert a.port != b.port
        opener_a, opener_b = _opener(a.port, confdir), _opener(b.port, confdir)
        # Interleaved, so a proxy answering for the other would show.
        for i in range(3):
            _post_form(opener_a, f"https://a.example.invalid/{i}", b"a")
            _post_form(opener_b, f"https://b.example.invalid/{i}", b"b")
    assert [r.host for r in seen_a] == ["a.example.invalid"] * 3
    assert [r.host for r in seen_b] == ["b.example.invalid"] * 3
    assert read_flows(tmp_path / "a" / FLOWS_FILE) == seen_a
    assert read_flows(tmp_path / "b" / FLOWS_FILE) == seen_b


# --- (5) plain HTTP ------------------------------------------------------------------------------


def test_plain_http_is_recorded(tmp_path: Path, confdir: Path, proxy_threads: None) -> None:
    url = f"http://log.example.invalid/collect?imei={IMEI}"
    with ProxyServer(tmp_path, confdir=confdir) as proxy:
        assert _post_form(_opener(proxy.port, confdir), url, FORM_BODY) == (200, b"{}")
    [record] = read_flows(tmp_path / FLOWS_FILE)
    assert (record.method, record.url, record.host) == ("POST", url, "log.example.invalid")
    assert (record.request_body, record.status) == (FORM_BODY, 200)


# --- lifecycle ----------------------------------------------------------------------------------


def test_start_stop_many_times_leaves_nothing_behind(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    before = threading.active_count()
    for i in range(5):
        proxy = ProxyServer(tmp_path / str(i), confdir=confdir)
        with proxy:
            port = proxy.port
            assert _post_form(_opener(port, confdir), "http://x.invalid/", b"") == (200, b"{}")
        proxy.stop()  # idempotent
        with pytest.raises(RuntimeError):
            _ = proxy.port
        # The port is free again: nothing is left listening on it.
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0
    assert threading.active_count() == before


def test_port_in_use_is_an_infrastructure_error(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InfrastructureError, match="address already in use"):
            ProxyServer(tmp_path, confdir=confdir, port=port).start()


def test_unwritable_record_dir_is_an_infrastructure_error(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(InfrastructureError, match="Not a directory"):
        ProxyServer(tmp_path / "file" / "bundle", confdir=confdir).start()


def test_stop_with_a_client_still_connected(
    tmp_path: Path, confdir: Path, proxy_threads: None
) -> None:
    """A request still waiting on its server at stop is written: it has left the app."""
    with socket.socket() as silent:  # accepts, reads, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        silent_port = silent.getsockname()[1]
        proxy = ProxyServer(tmp_path, confdir=confdir, mode=ProxyMode.PASSTHROUGH).start()
        client = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        client.request("POST", f"http://127.0.0.1:{silent_port}/slow", body=b"imei=1")
        upstream, _ = silent.accept()
        with upstream:
            assert upstream.recv(4096).startswith(b"POST /slow")
            started = time.monotonic()
            proxy.stop()
            assert time.monotonic() - started < 5
        client.close()
    [record] = read_flows(tmp_path / FLOWS_FILE)
    assert (record.url, record.request_body, record.status) == (
        f"http://127.0.0.1:{silent_port}/slow",
        b"imei=1",
        None,
    )
