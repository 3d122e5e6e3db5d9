"""ActivityManager's "Start proc" lines, on the three layouts Android has written them in."""

from __future__ import annotations

from pathlib import Path

from harness.android.logcat import parse_line, parse_process_start
from harness.model import ProcessStart

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "logcat"


def starts(name: str) -> list[ProcessStart]:
    found = []
    for text in (LOGS / name).read_text(encoding="utf-8").splitlines():
        line = parse_line(text)
        if line is not None and (start := parse_process_start(line)) is not None:
            found.append(start)
    return found


def test_android_10_and_later() -> None:
    found = starts("start-proc.txt")
    assert [(s.pid, s.process, s.hosting, s.package) for s in found] == [
        (5120, "com.example.wake", "broadcast", "com.example.wake"),
        (5141, "com.example.wake:pushcore", "service", "com.example.wake"),
        (5162, "com.example.partner", "service", "com.example.partner"),
        (5170, "com.example.wake", "content provider", "com.example.wake"),
        (5180, "com.android.vending", "broadcast", "com.android.vending"),
        (5190, "com.example.wake", "top-activity", "com.example.wake"),
        (5201, "com.example.wake", "added application", "com.example.wake"),
    ]  # and not the "Killing" line
    first = found[0]
    assert first == ProcessStart(
        1732087200.104,
        5120,
        "com.example.wake",
        "u0a201",
        "broadcast",
        "com.example.wake/com.example.wake.BootReceiver",
    )
    # The record writes its line back the way Android 10+ does.
    assert first.log_message() == (
        "Start proc 5120:com.example.wake/u0a201 for broadcast "
        "{com.example.wake/com.example.wake.BootReceiver}"
    )
    assert found[-1].component == "com.example.wake"  # "added application" names the process


def test_android_5_to_9_write_the_short_component() -> None:
    found = starts("start-proc-api28.txt")
    assert [(s.pid, s.hosting, s.component) for s in found] == [
        (3120, "broadcast", "com.example.wake/.BootReceiver"),
        (3141, "service", "com.example.wake/cn.jpush.android.service.PushService"),
        (3160, "content provider", "com.example.wake/.data.SyncProvider"),
    ]


def test_android_4_writes_pid_and_uid_after() -> None:
    found = starts("start-proc-api19.txt")
    assert [(s.pid, s.process, s.uid, s.hosting, s.component) for s in found] == [
        (2120, "com.example.wake", "10056", "broadcast", "com.example.wake/.BootReceiver"),
        (
            2141,
            "com.example.wake:pushcore",
            "10056",
            "service",
            "com.example.wake/cn.jpush.android.service.PushService",
        ),
    ]


def test_other_tags_and_messages_are_not_starts() -> None:
    for text in (
        "1732087201.305  1523  1601 I ActivityManager: Killing 5120:com.x/u0a201 (adj 985): empty",
        "1732087201.305  4000  4000 I MyApp   : Start proc 1:com.x/u0a1 for broadcast {com.x/.R}",
        "1732087201.305  1523  1601 I ActivityManager: Start u0 {act=x cmp=com.x/.M} from uid 2000",
    ):
        line = parse_line(text)
        assert line is not None and parse_process_start(line) is None
