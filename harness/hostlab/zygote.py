"""The host lab's zygote: where a lab app asks for its other processes (harness.lab.LabProcesses).

On Android an app never forks its `:push` process or its restarted main process: the system
asks zygote, and frida-server's spawn gating holds the new process for the harness. A lab
app is a JVM on this host, so the lab runtime asks the harness instead, over 127.0.0.1: one
JSON line `{"op": "start", "token": ..., "process": "com.example:push", "argv": [...]}`. The
harness checks it (the session's token; a process of the app; the lab's own java running one
of the lab's launchers), replies `{"ok": true}` at once and spawns the process on a thread of
its own, suspended under its agent (harness.agent.processes). A bad request gets
`{"ok": false, "error": "..."}` and starts nothing.

Known gaps: the token travels in the JVM's command line, readable by local users in /proc;
only loopback connections are served.
"""

from __future__ import annotations

import json
import logging
import secrets
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.hostlab.labapp import LAUNCHER_CLASS, PROCESS_PROPERTY, SERVICE_LAUNCHER_CLASS

logger = logging.getLogger(__name__)

ZYGOTE_PROPERTY = "harness.zygote"  # "<port>:<token>", read by harness.lab.LabProcesses
_MAX_REQUEST = 1 << 20

StartProcess = Callable[[list[str], str], object]  # (argv, process name) -> anything


@dataclass(frozen=True, slots=True)
class StartRequest:
    """A lab app's request for one of its processes, parsed and checked."""

    process: str
    argv: tuple[str, ...]


class BadRequest(ValueError):
    pass


def parse_request(line: bytes, *, token: str, package: str, java: str) -> StartRequest:
    """Check one request line against the session; raise BadRequest saying what is wrong."""
    try:
        raw = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"not JSON: {exc}") from None
    if not isinstance(raw, dict) or raw.get("op") != "start":
        raise BadRequest('expected {"op": "start", ...}')
    if not secrets.compare_digest(str(raw.get("token", "")), token):
        raise BadRequest("wrong token")
    process, argv = raw.get("process"), raw.get("argv")
    if not isinstance(process, str) or not (
        process == package or process.startswith(package + ":")
    ):
        raise BadRequest(f"process {process!r} is not one of {package}'s")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv) or not argv:
        raise BadRequest("argv must be a non-empty list of strings")
    if argv[0] != java:
        raise BadRequest(f"argv[0] must be the lab's java ({java}), not {argv[0]!r}")
    if LAUNCHER_CLASS not in argv and SERVICE_LAUNCHER_CLASS not in argv:
        raise BadRequest("argv runs neither of the lab's launchers")
    if f"-D{PROCESS_PROPERTY}={process}" not in argv:
        raise BadRequest(f"argv does not name its process (-D{PROCESS_PROPERTY}={process})")
    return StartRequest(process, tuple(argv))


class LabZygote:
    """Serves one session's lab app; `property_value` goes into its JVM's -Dharness.zygote."""

    def __init__(self, package: str, java: str, start: StartProcess) -> None:
        self._package = package
        self._java = java
        self._start = start
        self._token = secrets.token_hex(16)
        zygote = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                reply = zygote._serve(self.rfile.readline(_MAX_REQUEST))
                self.wfile.write(json.dumps(reply).encode() + b"\n")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="lab-zygote", daemon=True
        )
        self._thread.start()
        self.requests: list[StartRequest] = []  # what was accepted, in order

    @property
    def property_value(self) -> str:
        return f"{self._server.server_address[1]}:{self._token}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, line: bytes) -> dict[str, Any]:
        try:
            request = parse_request(line, token=self._token, package=self._package, java=self._java)
        except BadRequest as exc:
            logger.warning("lab zygote: refused a request: %s", exc)
            return {"ok": False, "error": str(exc)}
        self.requests.append(request)
        threading.Thread(
            target=self._run, args=(request,), name=f"spawn {request.process}", daemon=True
        ).start()
        return {"ok": True}

    def _run(self, request: StartRequest) -> None:
        try:
            self._start(list(request.argv), request.process)
        # The spawner reports its own failures (an AgentProblem); this thread must just end.
        except Exception as exc:
            logger.warning("lab zygote: %s did not start: %s", request.process, exc)
