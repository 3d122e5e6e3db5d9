"""Logcat lines, the app's end (crash, ANR, death) and the streaming collector."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from harness.android.logcat import (
    AppEnd,
    EndKind,
    LogcatCollector,
    LogLine,
    detect_ends,
    parse_line,
)
from harness.android.shell import DeviceShell

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "logcat"
PKG = "org.harness.fixture"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "1732086842.118  4321  4321 E AndroidRuntime: FATAL EXCEPTION: main\n",
            LogLine(1732086842.118, 4321, 4321, "E", "AndroidRuntime", "FATAL EXCEPTION: main"),
        ),
        (
            "1732086900.201  5555  5570 F libc    : Fatal signal 11 (SIGSEGV)\r\n",
            LogLine(1732086900.201, 5555, 5570, "F", "libc", "Fatal signal 11 (SIGSEGV)"),
        ),
        (
            # with -v uid
            "   1732086842.131  1000  1523  1599 W ActivityTaskManager:   Force finishing\n",
            LogLine(1732086842.131, 1523, 1599, "W", "ActivityTaskManager", "  Force finishing"),
        ),
        ("--------- beginning of crash\n", None),
        ("11-20 09:14:02.118  4321  4321 I Tag: threadtime is not epoch\n", None),
    ],
)
def test_parse_line(text: str, line: LogLine | None) -> None:
    assert parse_line(text) == line


def test_java_crash_then_death() -> None:
    lines = (LOGS / "java-crash.txt").read_text(encoding="utf-8").splitlines()
    assert detect_ends(lines, PKG) == (
        AppEnd(EndKind.JAVA_CRASH, 1732086842.118, 4321, "FATAL EXCEPTION"),
        AppEnd(
            EndKind.DIED,
            1732086842.650,
            4321,
            "Process org.harness.fixture (pid 4321) has died: fg  TOP",
        ),
    )


def test_other_apps_and_subprocesses_do_not_count() -> None:
    lines = (LOGS / "mixed-ends.txt").read_text(encoding="utf-8").splitlines()
    ends = detect_ends(lines, PKG)
    assert [(e.kind, e.pid) for e in ends] == [
        (EndKind.NATIVE_CRASH, 5555),  # libc and debuggerd report it: once
        (EndKind.DIED, 5555),
        (EndKind.ANR, None),
        (EndKind.DIED, 5890),
    ]
    assert ends[0].detail == "signal 11 (SIGSEGV)"
    assert ends[3].detail == "killed: user request after error"


def test_collector_streams_to_file_and_reports(emu_shell: DeviceShell, tmp_path: Path) -> None:
    seen: list[AppEnd] = []
    out = tmp_path / "logs" / "logcat.txt"
    collector = LogcatCollector(emu_shell, out, PKG, on_end=seen.append)
    collector.start()
    deadline = time.monotonic() + 5
    while len(seen) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    ends = collector.stop()
    assert [e.kind for e in ends] == [EndKind.JAVA_CRASH, EndKind.DIED] == [e.kind for e in seen]
    assert out.read_text(encoding="utf-8") == (LOGS / "java-crash.txt").read_text(encoding="utf-8")
