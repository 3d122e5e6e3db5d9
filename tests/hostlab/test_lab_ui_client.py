"""HostLabUi against a scripted stand-in server: connecting, replies, errors (no JVM)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.errors import InfrastructureError
from harness.hostlab import HostLabUi, LabConnectionLost
from harness.ui.driver import Key

Script = Callable[[dict[str, object]], dict[str, object] | None]


class FakeServer:
    """Answers each request line with script(request); None closes the connection."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, object]] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn, conn.makefile("rwb") as stream:
                for line in stream:
                    request = json.loads(line)
                    self.requests.append(request)
                    reply = self.script(request)
                    if reply is None:
                        break
                    stream.write(json.dumps(reply).encode() + b"\n")
                    stream.flush()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def server_factory() -> Iterator[Callable[[Script], FakeServer]]:
    servers: list[FakeServer] = []

    def make(script: Script) -> FakeServer:
        servers.append(FakeServer(script))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def test_connect_waits_for_the_portfile(
    tmp_path: Path, server_factory: Callable[[Script], FakeServer]
) -> None:
    server = server_factory(lambda r: {"ok": True, "ts": 1700000000123.5})
    portfile = tmp_path / "ui.port"
    writer = threading.Timer(0.3, lambda: portfile.write_text(f"{server.port}\n"))
    writer.start()
    started = time.monotonic()
    with HostLabUi.connect(portfile, timeout=5) as ui:
        assert time.monotonic() - started >= 0.25
        assert ui.press(Key.HOME) == pytest.approx(1700000000.1235)
        assert ui.bring_to_foreground() == pytest.approx(1700000000.1235)
    assert server.requests == [{"op": "key", "key": "HOME"}, {"op": "foreground"}]


def test_connect_times_out_without_a_portfile(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(InfrastructureError, match="no lab UI server"):
        HostLabUi.connect(tmp_path / "never.port", timeout=0.3)
    assert time.monotonic() - started < 2


def test_connect_gives_up_at_once_when_the_app_died(tmp_path: Path) -> None:
    with pytest.raises(InfrastructureError, match="exited before"):
        HostLabUi.connect(tmp_path / "never.port", timeout=30, alive=lambda: False)


def test_replies_are_typed(tmp_path: Path, server_factory: Callable[[Script], FakeServer]) -> None:
    replies: dict[str, dict[str, object]] = {
        "dump": {"ok": True, "xml": "<hierarchy/>"},
        "click": {"ok": True, "ts": 1700000000500, "hit": "pkg:id/btn"},
        "state": {"ok": True, "foreground": False, "screen": "main", "package": "p.q"},
        "screenshot": {"ok": True, "png": "iVBORw0KGgo="},  # base64 of the PNG signature
    }
    server = server_factory(lambda r: replies[str(r["op"])])
    (tmp_path / "ui.port").write_text(str(server.port))
    with HostLabUi.connect(tmp_path / "ui.port", timeout=5) as ui:
        assert ui.dump_hierarchy() == "<hierarchy/>"
        assert ui.click(10, 20) == 1700000000.5
        assert ui.tap(10, 20).hit == "pkg:id/btn"
        state = ui.state()
        assert (state.foreground, state.screen, state.package) == (False, "main", "p.q")
        assert ui.screenshot_png() == b"\x89PNG\r\n\x1a\n"
    assert server.requests[1] == {"op": "click", "x": 10, "y": 20}


def test_error_and_malformed_replies_raise(
    tmp_path: Path, server_factory: Callable[[Script], FakeServer]
) -> None:
    replies: dict[str, dict[str, object]] = {
        "dump": {"ok": False, "error": "busy"},
        "state": {"ok": True, "foreground": "yes"},
        "foreground": {"ok": True, "ts": "soon"},
    }
    server = server_factory(lambda r: replies[str(r["op"])])
    (tmp_path / "ui.port").write_text(str(server.port))
    with HostLabUi.connect(tmp_path / "ui.port", timeout=5) as ui:
        with pytest.raises(InfrastructureError, match="refused dump: busy"):
            ui.dump_hierarchy()
        with pytest.raises(InfrastructureError, match="lacks bool 'foreground'"):
            ui.state()
        with pytest.raises(InfrastructureError, match="numeric 'ts'"):
            ui.bring_to_foreground()
        # The server answers, however oddly: the app is alive.
        assert ui.is_app_alive() is True


def test_lost_connection_raises_and_app_is_then_dead(
    tmp_path: Path, server_factory: Callable[[Script], FakeServer]
) -> None:
    server = server_factory(lambda r: None)  # hangs up on the first request
    (tmp_path / "ui.port").write_text(str(server.port))
    ui = HostLabUi.connect(tmp_path / "ui.port", timeout=5)
    with pytest.raises(LabConnectionLost, match="closed the connection"):
        ui.dump_hierarchy()
    server.close()  # the "app" is gone: reconnecting is refused
    assert ui.is_app_alive() is False
    with pytest.raises(LabConnectionLost):
        ui.state()


def test_exiting_app_counts_as_gone(
    tmp_path: Path, server_factory: Callable[[Script], FakeServer]
) -> None:
    server = server_factory(lambda r: {"ok": False, "error": "the app is exiting", "exiting": True})
    (tmp_path / "ui.port").write_text(str(server.port))
    with HostLabUi.connect(tmp_path / "ui.port", timeout=5) as ui:
        assert ui.is_app_alive() is False
