"""A lab host with one phone attached, as a process of its own:
`python -m tests.distributed.phone_host`.

The phone is tests/android/session_kit.py's (the adb stand-in speaking the real wire
protocol with a rooted phone's recorded answers, a fake Frida device, recorded screens),
served by this process's own adb stand-in, as each lab host has its own adb server; the
host runs the real family worker (harness.distributed.worker.serve_family) on the real
Redis broker. The worker is a solo one: the phone's fakes live in this process, so its
jobs must run here too rather than in a forked pool process.

`--lose-device-after-install` takes the phone off adb (state `offline`, as a phone whose
cable came out) right after the app is installed: the session that installed it fails as
the lab's fault and its job must end on another host.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from pathlib import Path

from harness.android.adb import AdbEndpoint
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.config.devices import DeviceConfig, DeviceKind
from harness.distributed.worker import build_parser, serve_family
from harness.session.android import AndroidTargets
from harness.session.target import TargetFactory
from harness.ui.driver import UiDriver
from tests.android.adb_standin import AdbStandin
from tests.android.frida_standin import frida_service
from tests.android.session_kit import FakeFridaDevice, Phone, RecordedScreens, rooted_phone


def main(argv: list[str]) -> int:
    ours = argparse.ArgumentParser()
    ours.add_argument("--serial", required=True)
    ours.add_argument("--lose-device-after-install", action="store_true")
    known, rest = ours.parse_known_args(argv)
    args = build_parser().parse_args(rest)

    phone = Phone()
    stack = contextlib.ExitStack()  # holds the Frida service until this host ends
    frida_peer = stack.enter_context(frida_service())
    device = rooted_phone(known.serial, phone, frida_peer)
    if known.lose_device_after_install:
        index, (regex, installed) = next(
            (i, p) for i, p in enumerate(device.patterns) if "pm install" in p[0].pattern
        )

        def install_then_go(m: re.Match[str]) -> tuple[str, int]:
            answer = installed(m) if callable(installed) else installed
            device.state = "offline"
            print(f"phone_host: {known.serial} went offline after the install", flush=True)
            return answer

        device.patterns[index] = (regex, install_then_go)
    standin = AdbStandin([device])
    os.environ["ANDROID_ADB_SERVER_PORT"] = str(standin.port)
    frida_device = FakeFridaDevice(phone)
    screens = RecordedScreens(phone)
    endpoint = AdbEndpoint("127.0.0.1", standin.port)

    def targets(config: DeviceConfig) -> TargetFactory | None:
        def connect_ui(shell: DeviceShell, package: str) -> UiDriver:
            return U2Driver(screens, shell, package)

        return AndroidTargets(
            frida_device=lambda serial: frida_device.for_serial(serial),  # type: ignore[arg-type,return-value]
            connect_ui=connect_ui,
            endpoint=endpoint,
        )

    config = DeviceConfig(name="pixel", kind=DeviceKind.USB, serial=known.serial)
    try:
        return serve_family(args, [config], targets=targets, pool="solo")
    finally:
        standin.close()
        stack.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main(sys.argv[1:]))
