"""The host lab's zygote (harness.hostlab.zygote): what a lab app may ask the harness to start.

Real sockets on 127.0.0.1; the spawner is a recorder (the real one, Frida spawning a JVM under
the agent, runs in tests/session/test_run_processes.py).
"""

from __future__ import annotations

import json
import socket
import threading

import pytest

from harness.hostlab.labapp import LAUNCHER_CLASS, SERVICE_LAUNCHER_CLASS
from harness.hostlab.zygote import BadRequest, LabZygote, parse_request

JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
PKG = "com.harnesslab.inbox"
PUSH_ARGV = [
    JAVA,
    "-Dharness.id.device_id=867530912345678",
    f"-Dharness.process={PKG}:push",
    "-cp",
    "/cache/lab/abc",
    SERVICE_LAUNCHER_CLASS,
    "com.igexin.sdk.PushService",
    PKG,
]


def _line(**changes: object) -> bytes:
    request: dict[str, object] = {
        "op": "start",
        "token": "t0k",
        "process": f"{PKG}:push",
        "argv": PUSH_ARGV,
    }
    request.update(changes)
    return json.dumps(request).encode()


def test_a_request_for_a_process_of_the_app_is_parsed() -> None:
    request = parse_request(_line(), token="t0k", package=PKG, java=JAVA)
    assert (request.process, request.argv) == (f"{PKG}:push", tuple(PUSH_ARGV))


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b"not json", "not JSON"),
        (_line(op="exec"), '"op": "start"'),
        (_line(token="guess"), "wrong token"),
        (_line(process="com.other.app:push"), "is not one of com.harnesslab.inbox's"),
        (_line(process=f"{PKG}x"), "is not one of"),
        (_line(argv=[]), "non-empty list of strings"),
        (_line(argv=["/bin/sh", "-c", "id"]), "argv[0] must be the lab's java"),
        (_line(argv=[JAVA, "-jar", "x.jar"]), "neither of the lab's launchers"),
        (
            _line(process=PKG, argv=[JAVA, "-cp", "c", LAUNCHER_CLASS, "A", PKG, "L"]),
            f"-Dharness.process={PKG}",
        ),
    ],
)
def test_a_bad_request_says_what_is_wrong(line: bytes, error: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_request(line, token="t0k", package=PKG, java=JAVA)
    assert error in str(caught.value)


def _ask(zygote: LabZygote, request: dict[str, object]) -> dict[str, object]:
    port = int(zygote.property_value.split(":")[0])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(json.dumps(request).encode() + b"\n")
        reply: dict[str, object] = json.loads(sock.makefile("rb").readline())
    return reply


def test_the_zygote_answers_at_once_and_starts_on_its_own_thread() -> None:
    started: list[tuple[list[str], str]] = []
    done = threading.Event()
    release = threading.Event()

    def start(argv: list[str], name: str) -> None:
        release.wait(10)  # a spawn under the agent takes seconds: the reply must not wait
        started.append((argv, name))
        done.set()

    zygote = LabZygote(PKG, JAVA, start)
    try:
        token = zygote.property_value.split(":", 1)[1]
        request = {"op": "start", "token": token, "process": f"{PKG}:push", "argv": PUSH_ARGV}
        assert _ask(zygote, request) == {"ok": True}
        release.set()
        assert done.wait(10)
        assert started == [(PUSH_ARGV, f"{PKG}:push")]
        refused = _ask(zygote, request | {"token": "nope"})
        assert refused == {"ok": False, "error": "wrong token"}
        assert [r.process for r in zygote.requests] == [f"{PKG}:push"]
    finally:
        zygote.close()
