"""The host lab's broadcast model without a JVM: who gets which broadcast, the command, the
lab logcat (read back by the Android parser). A real delivery under Frida is in
tests/scenario/test_withdraw_probe_lab.py."""

from __future__ import annotations

import os
from dataclasses import replace

from harness.android.logcat import parse_line, parse_process_start
from harness.hostlab import find_lab_app
from harness.hostlab.broadcasts import LabSystem
from harness.hostlab.labapp import RECEIVER_LAUNCHER_CLASS, LabPlatform, receiver_command
from harness.selfstart import load_self_start_table

BOOT = "android.intent.action.BOOT_COMPLETED"
PRESENT = "android.intent.action.USER_PRESENT"
MAIN = [
    "/usr/bin/java",
    "-Xshare:auto",
    "-Dharness.id.device_id=8675309",
    "-Dharness.ui.portfile=/tmp/ui",
    "-Dharness.zygote=1:t",
    "-cp",
    "/cache/lab/x",
    "harness.lab.LabLauncher",
    "com.a.App",
    "com.a",
    "A",
]


def test_the_receiver_command_keeps_the_apps_options_but_not_its_ui() -> None:
    argv = receiver_command(MAIN, "com.a:core", "com.a.Boot", "com.a", BOOT)
    assert argv == [
        "/usr/bin/java",
        "-Xshare:auto",
        "-Dharness.id.device_id=8675309",
        "-Dharness.zygote=1:t",
        "-Dharness.process=com.a:core",
        "-cp",
        "/cache/lab/x",
        RECEIVER_LAUNCHER_CLASS,
        "com.a.Boot",
        "com.a",
        BOOT,
    ]


def test_implicit_broadcast_limits_follow_the_target_sdk() -> None:
    table = load_self_start_table()
    assert table.delivered_to_manifest(PRESENT, None)  # the lab's classic rules
    assert table.delivered_to_manifest(PRESENT, 25)
    assert not table.delivered_to_manifest(PRESENT, 26)
    assert table.delivered_to_manifest(BOOT, 34)  # exempt
    assert not table.delivered_to_manifest("android.net.conn.CONNECTIVITY_CHANGE", 24)
    assert not table.delivered_to_manifest("com.example.CUSTOM", 26)


def test_delivery_starts_each_receivers_process_once_and_logs_it() -> None:
    app = find_lab_app("agenda")
    started: list[tuple[list[str], str]] = []

    def start(argv: list[str], name: str) -> int:
        started.append((argv, name))
        return os.getpid()  # alive: a second broadcast finds it running

    system = LabSystem(app, MAIN, start)
    first = system.deliver(BOOT)
    assert [(s.process, s.hosting, s.component) for s in first] == [
        (
            "com.harnesslab.agenda:core",
            "broadcast",
            "com.harnesslab.agenda/com.harnesslab.agenda.BootReceiver",
        )
    ]
    assert system.deliver(PRESENT) == []  # running already: no new process
    assert system.deliver("android.net.conn.CONNECTIVITY_CHANGE") == []  # no receiver for it
    assert [name for _argv, name in started] == ["com.harnesslab.agenda:core"]
    assert started[0][0][-3:] == [
        "com.harnesslab.agenda.BootReceiver",
        "com.harnesslab.agenda",
        BOOT,
    ]
    # The lab logcat reads back, with the phone's parser, as the same start.
    (text,) = system.logcat().decode().splitlines()
    line = parse_line(text)
    assert line is not None and parse_process_start(line) == replace(
        first[0], ts=round(first[0].ts, 3)
    )
    assert system.since(first[0].ts) == first and system.since(first[0].ts + 1) == []


def test_an_app_targeting_android_8_gets_no_user_present() -> None:
    app = replace(find_lab_app("agenda"), android=LabPlatform(api_level=33))
    system = LabSystem(app, MAIN, lambda argv, name: 1)
    assert system.deliver(PRESENT) == []
    assert len(system.deliver(BOOT)) == 1
