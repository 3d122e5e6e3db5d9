"""The host lab's UI driver: a `UiDriver` over a lab app's UI server (lab/README.md).

One JSON object per line each way on a local TCP socket. The server writes its port to a
portfile once it listens; `HostLabUi.connect` waits for that file and for the port to accept.
Action times come back as epoch milliseconds taken on the app's main thread at the instant it
handled the action, and are returned here as epoch seconds, as every harness time is.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from harness.errors import InfrastructureError
from harness.ui.driver import Key

_POLL_S = 0.05
_T = TypeVar("_T")


class LabConnectionLost(InfrastructureError):
    """The lab app's UI server went away (the app exited or crashed)."""


@dataclass(frozen=True, slots=True)
class LabUiState:
    foreground: bool
    screen: str  # the app's current screen, also while it is in the background
    package: str
    dialog: str = ""  # the system dialog over the app ("permission_dialog"), "" for none


@dataclass(frozen=True, slots=True)
class ClickResult:
    ts: float  # epoch seconds
    hit: str  # resource-id, else text, else content-desc of the node hit; "" for none


@dataclass(frozen=True, slots=True)
class _Connection:
    sock: socket.socket
    reader: io.BufferedReader


class HostLabUi:
    """Drives one lab app. Not for concurrent use from several threads (calls are serialised)."""

    def __init__(self, port: int, *, request_timeout: float = 30.0) -> None:
        # request_timeout exceeds the server's own 20 s main-thread limit, so a busy app is
        # reported by the server (an error reply) before the socket gives up.
        self.port = port
        self._request_timeout = request_timeout
        self._lock = threading.Lock()
        self._conn: _Connection | None = None

    @classmethod
    def connect(
        cls,
        portfile: Path,
        *,
        timeout: float = 30.0,
        request_timeout: float = 30.0,
        alive: Callable[[], bool] | None = None,
    ) -> HostLabUi:
        """Wait until the app has written its portfile and accepts a connection.

        `alive` (e.g. `lambda: process.poll() is None`) makes a dead app fail fast instead of
        waiting out the timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            port = _read_port(portfile)
            if port is not None:
                client = cls(port, request_timeout=request_timeout)
                try:
                    client._conn = client._open()
                    return client
                except OSError:
                    pass  # written but not accepting yet, or a stale file: keep waiting
            if alive is not None and not alive():
                raise InfrastructureError("the lab app exited before its UI server was up")
            if time.monotonic() >= deadline:
                raise InfrastructureError(f"no lab UI server at {portfile} after {timeout:g} s")
            time.sleep(_POLL_S)

    def __enter__(self) -> HostLabUi:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- UiDriver ---

    def dump_hierarchy(self) -> str:
        return _field(self._request({"op": "dump"}), "xml", str)

    def click(self, x: int, y: int) -> float:
        return self.tap(x, y).ts

    def long_click(self, x: int, y: int, duration_s: float = 0.5) -> float:
        return self.long_tap(x, y, duration_s).ts

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_s: float = 0.3) -> float:
        return self.drag(x1, y1, x2, y2, duration_s)[0]

    def input_text(self, text: str, clear: bool = True) -> float:
        return _seconds(self._request({"op": "input", "text": text, "clear": clear}))

    def press(self, key: Key) -> float:
        return _seconds(self._request({"op": "key", "key": Key(key).value}))

    def bring_to_foreground(self) -> float:
        return _seconds(self._request({"op": "foreground"}))

    def screenshot_png(self) -> bytes | None:
        encoded = _field(self._request({"op": "screenshot"}), "png", str)
        try:
            png = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise InfrastructureError(
                f"lab UI sent a screenshot that is not base64: {exc}"
            ) from None
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise InfrastructureError("lab UI sent a screenshot that is not a PNG")
        return png

    def is_app_alive(self) -> bool:
        """True while the app's UI server answers (reconnecting once if needed)."""
        try:
            self._request({"op": "state"})
        except LabConnectionLost:
            return False
        return True

    # --- lab extras ---

    def tap(self, x: int, y: int) -> ClickResult:
        reply = self._request({"op": "click", "x": int(x), "y": int(y)})
        return ClickResult(ts=_seconds(reply), hit=_field(reply, "hit", str))

    def long_tap(self, x: int, y: int, duration_s: float = 0.5) -> ClickResult:
        # The lab has no touch timing: a long press is an event, its duration is not simulated.
        reply = self._request(
            {"op": "long_click", "x": int(x), "y": int(y), "ms": round(duration_s * 1000)}
        )
        return ClickResult(ts=_seconds(reply), hit=_field(reply, "hit", str))

    def drag(
        self, x1: int, y1: int, x2: int, y2: int, duration_s: float = 0.3
    ) -> tuple[float, int]:
        """A swipe; returns its instant and how many pixels the container under it scrolled."""
        reply = self._request(
            {
                "op": "swipe",
                "x1": int(x1),
                "y1": int(y1),
                "x2": int(x2),
                "y2": int(y2),
                "ms": round(duration_s * 1000),
            }
        )
        return _seconds(reply), _field(reply, "scrolled", int)

    def state(self) -> LabUiState:
        reply = self._request({"op": "state"})
        dialog = reply.get("dialog", "")
        return LabUiState(
            foreground=_field(reply, "foreground", bool),
            screen=_field(reply, "screen", str),
            package=_field(reply, "package", str),
            dialog=dialog if isinstance(dialog, str) else "",
        )

    def quit(self) -> None:
        """Ask the app to exit (status 0); it does so right after replying."""
        self._request({"op": "quit"})
        self.close()

    def close(self) -> None:
        with self._lock:
            self._drop()

    # --- the wire ---

    def _open(self) -> _Connection:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=self._request_timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _Connection(sock, sock.makefile("rb"))

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.reader.close()
            self._conn.sock.close()
        self._conn = None

    def _request(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            conn = self._conn
            if conn is None:
                # After a dropped connection, one fresh attempt: refused means the app is gone.
                try:
                    conn = self._conn = self._open()
                except OSError as exc:
                    raise LabConnectionLost(f"lab UI server on port {self.port}: {exc}") from exc
            try:
                conn.sock.sendall(json.dumps(request).encode("utf-8") + b"\n")
                line = conn.reader.readline()
            except TimeoutError as exc:
                # The reply may still come and would answer the next request: start afresh.
                self._drop()
                raise InfrastructureError(
                    f"lab UI server gave no reply to {request['op']} in {self._request_timeout} s"
                ) from exc
            except OSError as exc:
                self._drop()
                raise LabConnectionLost(f"lab UI connection lost: {exc}") from exc
            if not line:
                self._drop()
                raise LabConnectionLost(f"lab UI server closed the connection ({request['op']})")
        return _parse_reply(line, request["op"])


def _read_port(portfile: Path) -> int | None:
    try:
        text = portfile.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _parse_reply(line: bytes, op: str) -> dict[str, Any]:
    try:
        reply = json.loads(line)
    except ValueError as exc:
        raise InfrastructureError(f"lab UI server sent a bad reply to {op}: {line!r}") from exc
    if not isinstance(reply, dict):
        raise InfrastructureError(f"lab UI server sent a bad reply to {op}: {line!r}")
    if reply.get("ok") is not True:
        if reply.get("exiting") is True:
            raise LabConnectionLost(f"lab app is exiting ({op})")
        raise InfrastructureError(f"lab UI server refused {op}: {reply.get('error', reply)}")
    return reply


def _field(reply: dict[str, Any], name: str, kind: type[_T]) -> _T:
    value = reply.get(name)
    if not isinstance(value, kind):
        raise InfrastructureError(f"lab UI reply lacks {kind.__name__} {name!r}: {reply}")
    return value


def _seconds(reply: dict[str, Any]) -> float:
    value = reply.get("ts")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InfrastructureError(f"lab UI reply lacks a numeric 'ts': {reply}")
    return float(value) / 1000.0
