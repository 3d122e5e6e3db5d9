"""A stand-in of uiautomator2's device side, so the real uiautomator2 client runs in tests.

What the installed client (uiautomator2 3.x, core.py / _input.py) does through adb, and what
this answers, on a StandinDevice of tests/android/adb_standin.py:
- `toybox md5sum /data/local/tmp/u2.jar`: the md5 of what was pushed there (so the client
  pushes u2.jar once, over the real sync protocol, and not again);
- `CLASSPATH=/data/local/tmp/u2.jar app_process / com.wetest.uia2.Main -p PORT`: a process
  that starts the JSON-RPC HTTP server (a real one on a loopback port, reached through the adb
  stand-in's `tcp:PORT` relay) and stops it when the client closes the stream;
- `ime list -s [-a]`, `ime enable|disable|set ID`, `settings get|put secure
  default_input_method` (the adb stand-in keeps settings) and the AdbKeyboard broadcasts
  (`am broadcast -a ADB_KEYBOARD_INPUT_TEXT --es text BASE64`, ..._HIDE, ..._CLEAR_TEXT);
- `monkey -p PKG -c android.intent.category.LAUNCHER 1` (app_start).

The HTTP server answers `GET /ping` with `pong` and `POST /jsonrpc/0` with JSON-RPC 2.0 as
the u2 server's AutomatorService does: dumpWindowHierarchy, click (with a duration: long
click), swipe, pressKey, pressKeyCode, takeScreenshot (base64 JPEG), getClipboard,
setClipboard, pasteClipboard, clearInputText, deviceInfo; any other method gets jsonrpc4j's
"-32601 method not found" error.

Screens are recorded hierarchies. A tap lands on the deepest enabled clickable node under the
point; the screen's `taps` table (keyed by that node's resource id, else its text) names the
screen that follows, as its `keys` table does for a pressed key ("home", "back"); starting
the app from the launcher (`monkey`) shows `resume_screen` when one is given. Text typed
(pasted from the clipboard, or sent through the IME) is kept in `typed` with the screen it
was typed on; the dump does not change with it.

Known gaps: no rendering (a screenshot is a blank picture of the screen's size), no scrolling,
one display; the clipboard is always readable (Android 10+ hides it from apps in the
background, which makes the real client fall back to its IME).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image

from harness.ui.hierarchy import Hierarchy, Node, parse_hierarchy
from tests.android.adb_standin import StandinDevice

ADB_KEYBOARD = "com.github.uiautomator/.AdbKeyboard"
LATIN_IME = "com.google.android.inputmethod.latin/com.android.inputmethod.latin.LatinIME"
_LAUNCH = re.compile(r"CLASSPATH=(\S+) app_process / com\.wetest\.uia2\.Main -p (\d+)")
_BROADCAST_OK = (
    "Broadcasting: Intent {{ act={action} flg=0x400000 (has extras) }}\n"
    'Broadcast completed: result=-1, data="success"\n'
)
_NO_RECEIVER = (
    "Broadcasting: Intent {{ act={action} flg=0x400000 (has extras) }}\n"
    "Broadcast completed: result=0\n"
)


@dataclass(frozen=True)
class Screen:
    """A recorded screen and where each of its buttons leads."""

    name: str
    xml: str
    taps: dict[str, str] = field(default_factory=dict)  # resource id or text -> next screen
    keys: dict[str, str] = field(default_factory=dict)  # key pressed ("home", "back") -> next

    @property
    def hierarchy(self) -> Hierarchy:
        return parse_hierarchy(self.xml)


@dataclass
class Tap:
    x: int
    y: int
    screen: str
    node: str  # resource id or text of the node hit, "" when none


class U2Standin:
    """The u2 server and the IME of one stand-in device; `close()` stops its server."""

    def __init__(
        self,
        device: StandinDevice,
        screens: list[Screen],
        *,
        ime_installed: bool = False,
        clipboard: str | None = None,
        secure: bool = False,
        resume_screen: str | None = None,
    ) -> None:
        self.device = device
        self.screens = {s.name: s for s in screens}
        self.current = screens[0].name
        self.taps: list[Tap] = []
        self.typed: list[tuple[str, str]] = []  # (screen, text)
        self.rpc_log: list[str] = []  # method names, in order
        self.rpc_calls: list[tuple[str, list[Any]]] = []  # and their parameters
        self.keys: list[str] = []
        self.clipboard = clipboard
        self.launches = 0
        self.secure = secure  # FLAG_SECURE window: takeScreenshot gives null
        self.resume_screen = resume_screen
        self.installed_imes = [LATIN_IME] + ([ADB_KEYBOARD] if ime_installed else [])
        self.enabled_imes = [LATIN_IME]
        device.settings[("secure", "default_input_method")] = LATIN_IME
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()
        device.processes.append((_LAUNCH, self._run_server))
        device.patterns[:0] = [
            (re.compile(r"toybox md5sum (\S+)"), self._md5sum),
            (re.compile(r"ime list -s -a"), lambda m: ("\n".join(self.installed_imes) + "\n", 0)),
            (re.compile(r"ime list -s"), lambda m: ("\n".join(self.enabled_imes) + "\n", 0)),
            (re.compile(r"ime (enable|disable|set) (\S+)"), self._ime),
            (re.compile(r"am broadcast -a (\S+)(.*)"), self._broadcast),
            (
                re.compile(r"monkey -p (\S+) -c android\.intent\.category\.LAUNCHER 1"),
                self._monkey,
            ),
        ]

    # -- adb side ---------------------------------------------------------------
    def _md5sum(self, m: re.Match[str]) -> tuple[str, int]:
        data = self.device.files.get(m[1])
        if data is None:
            return (f"md5sum: {m[1]}: No such file or directory\n", 1)
        return (f"{hashlib.md5(data).hexdigest()}  {m[1]}\n", 0)

    def _monkey(self, m: re.Match[str]) -> tuple[str, int]:
        if self.resume_screen is not None:
            self.current = self.resume_screen
        return (f"  bash arg: -p\n  bash arg: {m[1]}\nEvents injected: 1\n", 0)

    def _run_server(self, m: re.Match[str], conn: socket.socket) -> None:
        jar, port = m[1], int(m[2])
        if jar not in self.device.files:
            conn.sendall(b"Error: Could not find or load main class com.wetest.uia2.Main\n")
            return
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="u2-standin", daemon=True)
        thread.start()
        self._server = server
        self.launches += 1
        self.device.tcp_services[port] = ("127.0.0.1", server.server_address[1])
        conn.sendall(b"[server] INFO: [UiAutomator2Server] Starting Server\n")
        conn.settimeout(None)  # runs until the client closes the stream (kills the process)
        with contextlib.suppress(OSError):
            while conn.recv(1024):
                pass
        self.device.tcp_services.pop(port, None)
        server.shutdown()
        server.server_close()
        self._server = None

    def _ime(self, m: re.Match[str]) -> tuple[str, int]:
        verb, ime = m[1], m[2]
        if ime not in self.installed_imes:
            return (f"Unknown input method {ime} cannot be enabled for user #0\n", 0)
        if verb == "enable":
            if ime not in self.enabled_imes:
                self.enabled_imes.append(ime)
            return (f"Input method {ime}: now enabled for user #0\n", 0)
        if verb == "disable":
            if ime in self.enabled_imes:
                self.enabled_imes.remove(ime)
            if self.default_ime == ime:  # Android falls back to another enabled IME
                self.device.settings[("secure", "default_input_method")] = self.enabled_imes[0]
            return (f"Input method {ime}: now disabled for user #0\n", 0)
        if ime not in self.enabled_imes:
            return (f"Input method {ime} is not enabled for user #0\n", 0)
        self.device.settings[("secure", "default_input_method")] = ime
        return (f"Input method {ime} selected for user #0\n", 0)

    @property
    def default_ime(self) -> str:
        return self.device.settings.get(("secure", "default_input_method"), "")

    def _broadcast(self, m: re.Match[str]) -> tuple[str, int]:
        action, extras = m[1], m[2]
        if not action.startswith("ADB_KEYBOARD_") or self.default_ime != ADB_KEYBOARD:
            return (_NO_RECEIVER.format(action=action), 0)
        if action == "ADB_KEYBOARD_INPUT_TEXT":
            text = re.search(r"--es text (\S+)", extras)
            if text:
                self._type(base64.b64decode(text[1]).decode("utf-8"))
        return (_BROADCAST_OK.format(action=action), 0)

    # -- the screen ---------------------------------------------------------------
    def _type(self, text: str) -> None:
        self.typed.append((self.current, text))

    def _tap(self, x: int, y: int) -> None:
        screen = self.screens[self.current]
        hit = _deepest_clickable(screen.hierarchy, x, y)
        key = ""
        if hit is not None:
            # The taps table names a node by its id, else by its (or a child's) text.
            names = [hit.resource_id, hit.label, *(n.label for n in hit.walk())]
            key = next((k for k in names if k and k in screen.taps), "")
            self.taps.append(Tap(x, y, self.current, key or hit.resource_id or hit.label))
        else:
            self.taps.append(Tap(x, y, self.current, ""))
        if key:
            self.current = screen.taps[key]

    def rpc(self, method: str, params: list[Any]) -> Any:
        """One JSON-RPC call, as AutomatorServiceImpl answers it."""
        with self._lock:
            self.rpc_log.append(method)
            self.rpc_calls.append((method, params))
            screen = self.screens[self.current]
            if method == "dumpWindowHierarchy":
                return screen.xml
            if method == "click":
                self._tap(int(params[0]), int(params[1]))
                return True
            if method == "swipe":
                return True
            if method in ("pressKey", "pressKeyCode"):
                key = str(params[0])
                self.keys.append(key)
                self.current = screen.keys.get(key, self.current)
                return True
            if method == "takeScreenshot":
                return None if self.secure else _screenshot(screen.hierarchy)
            if method == "getClipboard":
                return self.clipboard
            if method == "setClipboard":
                self.clipboard = params[1]
                return None
            if method == "pasteClipboard":
                if self.clipboard:
                    self._type(self.clipboard)
                return None
            if method == "clearInputText":
                return None
            if method == "deviceInfo":
                root = screen.hierarchy.roots[0].bounds if screen.hierarchy.roots else None
                return {
                    "currentPackageName": screen.hierarchy.roots[0].package if root else "",
                    "displayWidth": root.right if root else 0,
                    "displayHeight": root.bottom if root else 0,
                    "displayRotation": 0,
                    "sdkInt": 34,
                    "naturalOrientation": True,
                    "screenOn": True,
                }
            raise LookupError(method)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _deepest_clickable(hierarchy: Hierarchy, x: int, y: int) -> Node | None:
    found: Node | None = None
    for root in hierarchy.roots:  # later windows are on top
        for node in root.walk():
            b = node.bounds
            if node.clickable and node.enabled and b.left <= x < b.right and b.top <= y < b.bottom:
                found = node
    return found


def _screenshot(hierarchy: Hierarchy) -> str:
    width = max((r.bounds.right for r in hierarchy.roots), default=1)
    height = max((r.bounds.bottom for r in hierarchy.roots), default=1)
    buffer = io.BytesIO()
    Image.new("RGB", (max(1, width // 4), max(1, height // 4)), "white").save(
        buffer, format="JPEG", quality=80
    )
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _handler_for(standin: U2Standin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "NanoHTTPD"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the test reads rpc_log instead

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/ping":
                self._send(200, b"pong", "text/plain")
            else:
                self._send(404, b"Not Found", "text/plain")

        def do_POST(self) -> None:
            if self.path != "/jsonrpc/0":
                self._send(404, b"Not Found", "text/plain")
                return
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            reply: dict[str, Any] = {"jsonrpc": "2.0", "id": request.get("id")}
            try:
                reply["result"] = standin.rpc(request["method"], request.get("params") or [])
            except LookupError:
                reply["error"] = {"code": -32601, "message": "method not found"}
            self._send(200, json.dumps(reply).encode("utf-8"), "application/json")

    return Handler
