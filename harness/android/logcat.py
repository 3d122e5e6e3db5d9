"""The app's logcat, and what it says about the app crashing or exiting.

The collector streams `logcat -v epoch` (threadtime layout, epoch-seconds timestamps, so
the clock offset converts them directly) from the main, system and crash buffers into a
file, and watches the lines for the app's end: a Java crash (AndroidRuntime FATAL
EXCEPTION), a native crash (libc Fatal signal / debuggerd), an ANR, or ActivityManager
reporting the process died or was killed. `parse_process_start` reads ActivityManager's
"Start proc" lines: the system starting a process of an app for a component (a broadcast, a
service, a content provider), the evidence of self-start and associated start.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import adbutils

from harness.android.shell import DeviceShell
from harness.model import ProcessStart

LOGCAT = "logcat -v epoch -b main,system,crash"

_LINE = re.compile(
    r"^\s*(?P<ts>\d+\.\d+)\s+(?:(?P<uid>[a-z_0-9]+)\s+)?(?P<pid>\d+)\s+(?P<tid>\d+)\s+"
    r"(?P<level>[VDIWEFA])\s+(?P<tag>.*?)\s*: (?P<msg>.*)$"
)


class EndKind(enum.StrEnum):
    JAVA_CRASH = "java_crash"
    NATIVE_CRASH = "native_crash"
    ANR = "anr"
    DIED = "died"  # the process exited or was killed without a crash report


@dataclass(frozen=True, slots=True)
class LogLine:
    ts: float  # device clock, epoch seconds
    pid: int
    tid: int
    level: str
    tag: str
    message: str


@dataclass(frozen=True, slots=True)
class AppEnd:
    kind: EndKind
    ts: float  # device clock
    pid: int | None
    detail: str


def parse_line(text: str) -> LogLine | None:
    m = _LINE.match(text.rstrip("\r\n"))
    if m is None:
        return None  # "--------- beginning of main" and continuation noise
    return LogLine(
        float(m.group("ts")),
        int(m.group("pid")),
        int(m.group("tid")),
        m.group("level"),
        m.group("tag"),
        m.group("msg"),
    )


# ProcessList.startProcessLocked's line. Android 10+: the component as ComponentName.
# toShortString(), "{pkg/cls}"; Android 5-9: flattenToShortString(), "pkg/.Cls"; the hosting
# type may have spaces ("content provider", "added application"), and may have no component.
_START_PROC = re.compile(
    r"^Start proc (?P<pid>\d+):(?P<process>[^/\s]+)/(?P<uid>\w+) for "
    r"(?P<hosting>[a-z]+(?:[ -][a-z]+)*?)(?: (?P<component>\{[^{}\s]+\}|[^{}\s]+))?\s*$"
)
# Android 4.x: "Start proc com.x for broadcast com.x/.Boot: pid=1234 uid=10056 gids={...}".
_START_PROC_OLD = re.compile(
    r"^Start proc (?P<process>\S+) for (?P<hosting>[a-z]+(?:[ -][a-z]+)*?)"
    r"(?: (?P<component>[^{}\s:]+))?: pid=(?P<pid>\d+) uid=(?P<uid>\d+)"
)


def parse_process_start(line: LogLine) -> ProcessStart | None:
    """The process start an ActivityManager line reports, or None for any other line."""
    if line.tag != "ActivityManager":
        return None
    m = _START_PROC.match(line.message) or _START_PROC_OLD.match(line.message)
    if m is None:
        return None
    return ProcessStart(
        ts=line.ts,
        pid=int(m.group("pid")),
        process=m.group("process"),
        uid=m.group("uid"),
        hosting=m.group("hosting"),
        component=(m.group("component") or "").strip("{}"),
    )


class EndDetector:
    """Feeds on LogLines, one at a time; reports how `package` ended, once per event."""

    def __init__(self, package: str) -> None:
        self.package = package
        self._pending_fatal: LogLine | None = None
        self._esc = re.escape(package)
        self._seen: set[tuple[EndKind, int | None]] = set()

    def feed(self, line: LogLine) -> AppEnd | None:
        """The end this line reports, once: libc and debuggerd both report a native crash."""
        end = self._classify(line)
        if end is None or (end.kind, end.pid) in self._seen:
            return None
        self._seen.add((end.kind, end.pid))
        return end

    def _classify(self, line: LogLine) -> AppEnd | None:
        msg = line.message
        if line.tag == "AndroidRuntime":
            if msg.startswith("FATAL EXCEPTION"):
                self._pending_fatal = line
                return None
            if self._pending_fatal is not None and (
                m := re.match(rf"Process: {self._esc}, PID: (\d+)", msg)
            ):
                self._pending_fatal = None
                return AppEnd(EndKind.JAVA_CRASH, line.ts, int(m.group(1)), "FATAL EXCEPTION")
            if self._pending_fatal is not None and msg.startswith("Process: "):
                self._pending_fatal = None  # another app's crash
            return None
        if line.tag == "libc" and (
            m := re.match(rf"Fatal signal (\d+) \((\w+)\).*pid (\d+) \({self._esc}\)", msg)
        ):
            return AppEnd(
                EndKind.NATIVE_CRASH,
                line.ts,
                int(m.group(3)),
                f"signal {m.group(1)} ({m.group(2)})",
            )
        if line.tag == "DEBUG" and (
            m := re.match(rf"pid: (\d+), tid: \d+, name: .*>>> {self._esc} <<<", msg)
        ):
            return AppEnd(
                EndKind.NATIVE_CRASH, line.ts, int(m.group(1)), "native crash (debuggerd)"
            )
        if line.tag == "ActivityManager":
            if (m := re.match(rf"ANR in {self._esc}(?:\s|$|\))", msg)) is not None:
                return AppEnd(EndKind.ANR, line.ts, None, msg.strip())
            if (m := re.match(rf"Process {self._esc} \(pid (\d+)\) has died", msg)) is not None:
                return AppEnd(EndKind.DIED, line.ts, int(m.group(1)), msg.strip())
            if (
                m := re.match(rf"Killing (\d+):{self._esc}/\S+ \(adj -?\d+\): (.*)", msg)
            ) is not None:
                return AppEnd(EndKind.DIED, line.ts, int(m.group(1)), f"killed: {m.group(2)}")
        return None


def detect_ends(lines: Iterable[str], package: str) -> tuple[AppEnd, ...]:
    detector = EndDetector(package)
    return tuple(end for line in _parsed(lines) if (end := detector.feed(line)) is not None)


def _parsed(lines: Iterable[str]) -> Iterator[LogLine]:
    for text in lines:
        line = parse_line(text)
        if line is not None:
            yield line


class LogcatCollector:
    """Streams the device log to a file on a thread; `stop()` returns the app's ends seen."""

    def __init__(
        self,
        shell: DeviceShell,
        out: Path,
        package: str,
        on_end: Callable[[AppEnd], None] | None = None,
    ) -> None:
        self._shell = shell
        self._out = out
        self._detector = EndDetector(package)
        self._on_end = on_end
        self._ends: list[AppEnd] = []
        self._starts: list[ProcessStart] = []  # every "Start proc" line, any app's
        self._lock = threading.Lock()
        self._stream: adbutils.AdbConnection | None = None
        self._thread: threading.Thread | None = None

    def start(self, clear: bool = True) -> None:
        if clear:
            self._shell.run("logcat -c")  # so the file starts with this session
        stream = self._shell.device.shell(LOGCAT, stream=True)
        self._stream = stream
        self._thread = threading.Thread(
            target=self._pump, args=(stream,), name="logcat", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5) -> tuple[AppEnd, ...]:
        if self._stream is not None:
            self._stream.close()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            return tuple(self._ends)

    def ends(self) -> tuple[AppEnd, ...]:
        with self._lock:
            return tuple(self._ends)

    def process_starts(self) -> tuple[ProcessStart, ...]:
        """The processes the system started so far (device clock), any app's."""
        with self._lock:
            return tuple(self._starts)

    def _pump(self, stream: adbutils.AdbConnection) -> None:
        self._out.parent.mkdir(parents=True, exist_ok=True)
        try:
            reader: IO[str] = stream.conn.makefile(
                "r", encoding="utf-8", errors="replace", newline=""
            )
            with self._out.open("w", encoding="utf-8") as sink:
                for text in reader:
                    sink.write(text)
                    line = parse_line(text)
                    start = parse_process_start(line) if line is not None else None
                    if start is not None:
                        with self._lock:
                            self._starts.append(start)
                    end = self._detector.feed(line) if line is not None else None
                    if end is not None:
                        with self._lock:
                            self._ends.append(end)
                        if self._on_end is not None:
                            self._on_end(end)
        except (OSError, ValueError, adbutils.AdbError):
            pass  # stop() closed the socket under us: the normal way out
