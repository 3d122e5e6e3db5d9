"""The calibration app as a real JVM process, driven through its UI server with HostLabUi."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.hostlab import HostLabUi, LabApp, build_lab_app, find_lab_app, jvm_command
from harness.model import DataCategory
from harness.ui.driver import Key

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

PKG = "com.harnesslab.calibration"
AGREE = f"{PKG}:id/btn_agree"
DISAGREE = f"{PKG}:id/btn_disagree"
ATTRIBUTES = [
    "index", "text", "resource-id", "class", "package", "content-desc", "checkable", "checked",
    "clickable", "enabled", "focusable", "focused", "scrollable", "long-clickable", "password",
    "selected", "bounds",
]  # fmt: skip
BOUNDS = re.compile(r"^\[(\d+),(\d+)\]\[(\d+),(\d+)\]$")


@dataclass(frozen=True)
class Running:
    process: subprocess.Popen[bytes]
    ui: HostLabUi
    stderr: Path


@pytest.fixture(scope="module")
def app() -> LabApp:
    return find_lab_app("calibration")


@pytest.fixture(scope="module")
def classpath(app: LabApp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lab_app(app, cache_root=tmp_path_factory.mktemp("cache")).classpath


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def launched(
    app: LabApp,
    classpath: Path,
    tmp_path: Path,
    *,
    proxy_port: int | None = None,
    identifiers: Mapping[DataCategory, str] | None = None,
) -> Iterator[Running]:
    # The proxy points at a closed port unless a test listens there: the app's HTTPS fails fast.
    proxy = {"https.proxyHost": "127.0.0.1", "https.proxyPort": str(proxy_port or closed_port())}
    command = jvm_command(
        app,
        classpath,
        portfile=tmp_path / "ui.port",
        identifiers=identifiers or {},
        extra_props=proxy,
    )
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    try:
        ui = HostLabUi.connect(
            tmp_path / "ui.port", timeout=30, alive=lambda: process.poll() is None
        )
        with ui:
            yield Running(process, ui, stderr)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def nodes(xml: str) -> list[ET.Element]:
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "hierarchy"
    assert root.get("rotation") == "0"
    return list(root.iter("node"))


def by_id(xml: str, resource_id: str) -> ET.Element:
    found = [n for n in nodes(xml) if n.get("resource-id") == resource_id]
    assert len(found) == 1, f"{resource_id} appears {len(found)} times"
    return found[0]


def bounds(node: ET.Element) -> tuple[int, int, int, int]:
    match = BOUNDS.match(node.get("bounds", ""))
    assert match, node.get("bounds")
    left, top, right, bottom = (int(g) for g in match.groups())
    return left, top, right, bottom


def center(node: ET.Element) -> tuple[int, int]:
    left, top, right, bottom = bounds(node)
    return (left + right) // 2, (top + bottom) // 2


def test_startup_shows_the_privacy_dialog(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    with launched(app, classpath, tmp_path) as run:
        xml = run.ui.dump_hierarchy()
        assert xml.startswith("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>")
        all_nodes = nodes(xml)
        for node in all_nodes:
            assert list(node.attrib) == ATTRIBUTES
            assert node.get("package") == PKG
        assert bounds(all_nodes[0]) == (0, 0, 1080, 2340)
        assert by_id(xml, f"{PKG}:id/dialog_title").get("text") == "隐私政策"
        message = by_id(xml, f"{PKG}:id/dialog_message").get("text", "")
        assert "请阅读《隐私政策》和《用户协议》" in message
        assert "Privacy Policy" in message
        disagree, agree = by_id(xml, DISAGREE), by_id(xml, AGREE)
        for button, text in ((disagree, "不同意"), (agree, "同意")):
            assert button.get("text") == text
            assert button.get("class") == "android.widget.Button"
            assert button.get("clickable") == "true"
            assert button.get("enabled") == "true"
        assert bounds(disagree)[2] <= bounds(agree)[0]  # 不同意 left of 同意
        left, top, right, bottom = bounds(by_id(xml, f"{PKG}:id/dialog_root"))
        assert (left + right) // 2 == 540
        assert top > 0 and bottom < 2340
        state = run.ui.state()
        assert (state.foreground, state.screen, state.package) == (True, "privacy_dialog", PKG)
        # The SDK's pre-consent HTTPS failed (nothing listens) and the app carried on.
        assert "umeng: sending the startup log failed" in run.stderr.read_text("utf-8")
        assert run.ui.is_app_alive()


def test_accept_reads_location_and_shows_main(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    where = {DataCategory.LOCATION: "31.230416,121.473701"}
    with launched(app, classpath, tmp_path, identifiers=where) as run:
        x, y = center(by_id(run.ui.dump_hierarchy(), AGREE))
        before = time.time()
        click = run.ui.tap(x, y)
        after = time.time()
        assert click.hit == AGREE
        assert before - 0.001 <= click.ts <= after + 0.001
        assert run.ui.state().screen == "main"
        xml = run.ui.dump_hierarchy()
        assert AGREE not in xml
        assert by_id(xml, f"{PKG}:id/location").get("text") == "当前位置：31.230416, 121.473701"


def test_refuse_then_review_then_exit(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    with launched(app, classpath, tmp_path) as run:
        run.ui.click(*center(by_id(run.ui.dump_hierarchy(), DISAGREE)))
        xml = run.ui.dump_hierarchy()
        assert run.ui.state().screen == "refused"
        texts = [n.get("text") for n in nodes(xml)]
        assert "您需要同意隐私政策后才能使用本应用" in texts
        run.ui.click(*center(by_id(xml, f"{PKG}:id/btn_review")))
        assert run.ui.state().screen == "privacy_dialog"
        run.ui.click(*center(by_id(run.ui.dump_hierarchy(), DISAGREE)))
        exit_click = run.ui.tap(*center(by_id(run.ui.dump_hierarchy(), f"{PKG}:id/btn_exit")))
        assert exit_click.hit == f"{PKG}:id/btn_exit"  # the reply got out before the exit
        assert run.process.wait(timeout=10) == 0
        assert not run.ui.is_app_alive()


def test_home_background_and_foreground(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    with launched(app, classpath, tmp_path) as run:
        dialog = run.ui.dump_hierarchy()
        before = time.time()
        ts = run.ui.press(Key.BACK)  # the consent dialog cannot be dismissed
        assert before - 0.001 <= ts <= time.time() + 0.001
        assert run.ui.state().foreground is True
        assert run.ui.dump_hierarchy() == dialog

        run.ui.press(Key.HOME)
        state = run.ui.state()
        assert (state.foreground, state.screen) == (False, "privacy_dialog")
        home = run.ui.dump_hierarchy()
        assert {n.get("package") for n in nodes(home)} == {"com.android.launcher3"}

        run.ui.bring_to_foreground()
        assert run.ui.state().foreground is True
        assert run.ui.dump_hierarchy() == dialog

        # The launcher's icon for the app brings it back too.
        run.ui.press(Key.HOME)
        icon = [n for n in nodes(run.ui.dump_hierarchy()) if n.get("content-desc") == app.label]
        assert len(icon) == 1
        assert run.ui.tap(*center(icon[0])).hit == app.label
        assert run.ui.state().foreground is True


def test_click_on_nothing_hits_nothing(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    with launched(app, classpath, tmp_path) as run:
        assert run.ui.tap(5, 5).hit == ""
        assert run.ui.tap(-1, 5000).hit == ""
        assert run.ui.state().screen == "privacy_dialog"


def test_quit_ends_the_process_with_status_0(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    with launched(app, classpath, tmp_path) as run:
        run.ui.quit()
        assert run.process.wait(timeout=10) == 0
        assert not run.ui.is_app_alive()


def test_bad_requests_get_error_replies(app: LabApp, classpath: Path, tmp_path: Path) -> None:
    with (
        launched(app, classpath, tmp_path) as run,
        socket.create_connection(("127.0.0.1", run.ui.port), timeout=30) as raw,
        raw.makefile("rwb") as stream,
    ):

        def send(line: str) -> dict[str, object]:
            stream.write(line.encode("utf-8") + b"\n")
            stream.flush()
            reply: dict[str, object] = json.loads(stream.readline())
            return reply

        for line, error in (
            ("not json", "bad JSON"),
            ("[1, 2]", "a request is a JSON object"),
            ('{"x": 1}', 'needs a string "op"'),
            ('{"op": "fly"}', 'unknown op "fly"'),
            ('{"op": "click", "x": 1}', 'needs a number "y"'),
            ('{"op": "key", "key": "MENU"}', "key must be BACK, HOME or ENTER"),
        ):
            reply = send(line)
            assert reply["ok"] is False
            assert error in str(reply["error"])
        # The connection survives bad requests.
        assert send('{"op": "state"}')["screen"] == "privacy_dialog"


def test_pre_consent_https_goes_through_the_proxy(
    app: LabApp, classpath: Path, tmp_path: Path
) -> None:
    seen: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as proxy:

        def accept_once() -> None:
            conn, _ = proxy.accept()
            with conn:
                seen.append(conn.recv(4096))  # then hang up, as a dead proxy would

        threading.Thread(target=accept_once, daemon=True).start()
        device_id = "359881234567890"
        with launched(
            app,
            classpath,
            tmp_path,
            proxy_port=proxy.getsockname()[1],
            identifiers={DataCategory.DEVICE_ID: device_id},
        ) as run:
            # The first dump waits for startup, which makes the HTTPS call before the dialog.
            assert AGREE in run.ui.dump_hierarchy()
            assert seen and seen[0].startswith(b"CONNECT alog.umeng.com:443 HTTP/1.1\r\n")
            assert "umeng: sending the startup log failed" in run.stderr.read_text("utf-8")
