"""The self-start probe's device operations over the stand-in adb server: the app's processes
ended without a force-stop, broadcasts sent as root (refused without it), and logcat's
"Start proc" lines collected as they stream."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from harness.android.broadcasts import send_broadcast, stop_app_processes
from harness.android.logcat import LogcatCollector
from harness.android.shell import DeviceShell
from harness.selfstart import BroadcastRefused
from tests.android.adb_standin import AdbStandin
from tests.android.conftest import EMULATOR, PHONE

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "logcat"
BOOT = "android.intent.action.BOOT_COMPLETED"
# am's answers (frameworks/base ActivityManagerShellCommand runSendBroadcast, Android 14).
SENT = f"Broadcasting: Intent {{ act={BOOT} flg=0x400000 }}\nBroadcast completed: result=0\n"
DENIED = (
    f"Broadcasting: Intent {{ act={BOOT} flg=0x400000 }}\n"
    "Security exception: Permission Denial: not allowed to send broadcast "
    f"{BOOT} from pid=12345, uid=2000\n"
)


def test_the_app_goes_home_then_is_killed_not_force_stopped(
    standin: AdbStandin, emu_shell: DeviceShell
) -> None:
    device = standin.devices[EMULATOR]
    device.exact["am kill com.example.wake"] = ("", 0)
    stop_app_processes(emu_shell, "com.example.wake")
    issued = [c for c in device.shell_log if c.startswith(("input", "am"))]
    assert issued == ["input keyevent KEYCODE_HOME", "am kill com.example.wake"]


def test_a_rooted_device_sends_the_protected_broadcast(
    standin: AdbStandin, emu_shell: DeviceShell
) -> None:
    standin.devices[EMULATOR].exact[f"am broadcast -a {BOOT}"] = (SENT, 0)
    assert "Broadcast completed" in send_broadcast(emu_shell, BOOT)


def test_an_unrooted_phone_is_refused_with_ams_message(
    standin: AdbStandin, phone_shell: DeviceShell
) -> None:
    standin.devices[PHONE].exact[f"am broadcast -a {BOOT}"] = (DENIED, 0)
    with pytest.raises(BroadcastRefused) as refused:
        send_broadcast(phone_shell, BOOT)
    assert "not allowed to send broadcast" in str(refused.value)


def test_the_collector_keeps_every_process_start(
    standin: AdbStandin, emu_shell: DeviceShell, tmp_path: Path
) -> None:
    text = (LOGS / "start-proc.txt").read_text(encoding="utf-8")
    standin.devices[EMULATOR].exact["logcat -v epoch -b main,system,crash"] = (text, 0)
    collector = LogcatCollector(emu_shell, tmp_path / "logcat.txt", "com.example.wake")
    collector.start()
    deadline = time.monotonic() + 5
    while len(collector.process_starts()) < 7 and time.monotonic() < deadline:
        time.sleep(0.05)
    collector.stop()
    starts = collector.process_starts()
    assert [s.pid for s in starts] == [5120, 5141, 5162, 5170, 5180, 5190, 5201]
    assert starts[1].process == "com.example.wake:pushcore" and starts[1].hosting == "service"
