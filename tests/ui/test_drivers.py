"""The new UiDriver operations on both drivers: the host lab's client and uiautomator2's."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.errors import InfrastructureError
from harness.hostlab import HostLabUi
from harness.ui.driver import UiDriver
from tests.hostlab.test_lab_ui_client import FakeServer, Script

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Script], HostLabUi]]:
    servers: list[FakeServer] = []

    def make(script: Script) -> HostLabUi:
        server = FakeServer(script)
        servers.append(server)
        (tmp_path / "ui.port").write_text(str(server.port))
        return HostLabUi.connect(tmp_path / "ui.port", timeout=5)

    yield make
    for server in servers:
        server.close()


def test_lab_client_new_operations(serve: Callable[[Script], HostLabUi]) -> None:
    requests: list[dict[str, object]] = []

    def script(request: dict[str, object]) -> dict[str, object]:
        requests.append(request)
        replies: dict[str, dict[str, object]] = {
            "long_click": {"ok": True, "ts": 1700000000001, "hit": "p:id/item"},
            "swipe": {"ok": True, "ts": 1700000000002, "scrolled": 640},
            "input": {"ok": True, "ts": 1700000000003, "field": "p:id/et"},
            "screenshot": {"ok": True, "png": base64.b64encode(PNG).decode()},
            "state": {"ok": True, "foreground": True, "screen": "home", "package": "p",
                      "dialog": "permission_dialog"},
        }  # fmt: skip
        return replies[str(request["op"])]

    with serve(script) as ui:
        driver: UiDriver = ui
        assert driver.long_click(10, 20, 0.8) == pytest.approx(1700000000.001)
        assert driver.swipe(540, 1800, 540, 600, 0.3) == pytest.approx(1700000000.002)
        assert ui.drag(1, 2, 3, 4)[1] == 640
        assert driver.input_text("手机", clear=False) == pytest.approx(1700000000.003)
        assert driver.screenshot_png() == PNG
        assert ui.state().dialog == "permission_dialog"
    assert requests[0] == {"op": "long_click", "x": 10, "y": 20, "ms": 800}
    assert requests[1] == {"op": "swipe", "x1": 540, "y1": 1800, "x2": 540, "y2": 600, "ms": 300}
    assert requests[3] == {"op": "input", "text": "手机", "clear": False}


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ({"ok": True, "png": "not base64!"}, "not base64"),
        ({"ok": True, "png": base64.b64encode(b"GIF89a").decode()}, "not a PNG"),
        ({"ok": True}, "lacks str 'png'"),
    ],
)
def test_lab_client_refuses_a_bad_screenshot(
    serve: Callable[[Script], HostLabUi], reply: dict[str, object], error: str
) -> None:
    with serve(lambda r: reply) as ui, pytest.raises(InfrastructureError, match=error):
        ui.screenshot_png()
