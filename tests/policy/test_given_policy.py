"""`harness run --policy FILE|URL`: a URL is fetched through the session's own mitmproxy.

Real mitmproxy (passthrough) and a real HTTP server on loopback: the page arrives through
the proxy (its flow is recorded, as the session's flows.mitm would hold it), and the policy
read from it is written into the bundle as policy/given.txt with its source.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.config.devices import ProxyMode
from harness.errors import InputError
from harness.evidence.bundle import BundleWriter
from harness.model import DataCategory as C
from harness.model import FlowRecord
from harness.policy.source import read_bundle
from harness.profile import AppProfile
from harness.session.policy import given_policy, judged_profile, read_given
from harness.traffic.proxy import ProxyServer

POLICY_HTML = (
    "<html><body><h1>示例隐私政策</h1>"
    "<p>为向您推荐附近门店，我们会收集您的位置信息。</p>"
    "<table><tr><th>SDK名称</th><th>公司</th><th>目的</th></tr>"
    "<tr><td>高德定位SDK</td><td>高德软件有限公司</td><td>定位</td></tr></table>"
    "</body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (POLICY_HTML if self.path == "/policy.html" else "<p>hello</p>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_policy_url_is_fetched_through_the_sessions_proxy(tmp_path: Path, site: str) -> None:
    flows: list[FlowRecord] = []
    writer = BundleWriter(tmp_path / "out", "app", "run1")
    url = f"{site}/policy.html"
    assert read_given(url) is None  # a URL is not fetched before the proxy is up
    with ProxyServer(
        tmp_path / "proxy", mode=ProxyMode.PASSTHROUGH, on_flow=flows.append,
        confdir=tmp_path / "conf",
    ) as proxy:  # fmt: skip
        policy = given_policy(url, None, proxy.port, proxy.confdir, writer)
    assert [f.url for f in flows] == [url]  # it went through the proxy
    assert policy.categories() == {C.LOCATION}
    assert [s.name for s in policy.sdks] == ["高德定位SDK"]
    source = json.loads((writer.staging / "policy" / "given.json").read_text("utf-8"))
    assert source["kind"] == "url" and source["location"] == url
    assert read_bundle(writer.staging).text.startswith("示例隐私政策")
    profile, where = judged_profile(
        AppProfile(package="com.example.shop"), "app.yaml", None, policy
    )
    assert profile.declared_categories == (C.LOCATION,) and where == f"policy:{url}"


def test_a_page_that_is_no_policy_is_an_input_error(tmp_path: Path, site: str) -> None:
    writer = BundleWriter(tmp_path / "out", "app", "run1")
    with (
        ProxyServer(
            tmp_path / "proxy", mode=ProxyMode.PASSTHROUGH, confdir=tmp_path / "conf"
        ) as proxy,
        pytest.raises(InputError) as caught,
    ):
        given_policy(f"{site}/other", None, proxy.port, proxy.confdir, writer)
    assert "is this a privacy policy" in str(caught.value)


def test_a_policy_file_is_read_before_the_session(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    with pytest.raises(InputError) as caught:
        read_given(str(missing))
    assert caught.value.path == missing
    page = tmp_path / "policy.md"
    page.write_text("我们会读取剪切板，用于识别口令。", encoding="utf-8")
    loaded = read_given(str(page))
    assert loaded is not None and loaded.kind == "file"


def test_a_captured_policy_judges_only_a_profile_that_declares_nothing_by_hand() -> None:
    from harness.policy import PolicyReader

    reader = PolicyReader()
    captured = reader.read_text("我们会收集您的位置信息，用于导航。", "ui", "《隐私政策》")
    bare = AppProfile(package="com.example.maps")
    profile, where = judged_profile(bare, "app.yaml", captured)
    assert profile.policy is captured and where == "policy:ui"
    assert profile.declared_categories == (C.LOCATION,)
    # A hand-written profile stays, even one that declares an empty list.
    for hand in (
        AppProfile(package="com.example.maps", declared_categories=(C.CLIPBOARD,)),
        AppProfile(package="com.example.maps", declared_categories=()),
    ):
        assert judged_profile(hand, "app.yaml", captured) == (hand, "app.yaml")
    # A page that declares nothing is no policy to judge by (a summary, a missed WebView).
    summary = reader.read_text("一、我们如何收集和使用您的个人信息\n二、您的权利", "ui", "x")
    assert judged_profile(bare, "app.yaml", summary) == (bare, "app.yaml")
    assert judged_profile(bare, "none", None) == (bare, "none")


def test_a_given_policy_joins_a_hand_written_profile() -> None:
    from harness.policy import PolicyReader

    given = PolicyReader().read_text("我们会读取剪贴板，用于识别口令。", "file", "p.md")
    hand = AppProfile(package="com.example.maps", declared_categories=(C.LOCATION,))
    profile, where = judged_profile(hand, "app.yaml", None, given)
    assert profile.policy is given and profile.declared_categories == (C.LOCATION,)
    assert where == "app.yaml + policy:p.md"
