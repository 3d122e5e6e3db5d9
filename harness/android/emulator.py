"""Emulators named by AVD: found when running, started headless when not, snapshot restored.

The running emulator for an AVD is found by asking each `emulator-NNNN` its AVD name over
the console (`adb emu avd name`). A snapshot is restored with `adb emu avd snapshot load`,
which brings the whole device back to the saved state (installed apps, settings, clock)
in seconds: the emulator's equivalent of a clean device for each app.

After a snapshot load the guest restarts from the saved state: adbd drops its connection
and the system comes back through its boot signals. `wait_reloaded` therefore first waits
for the old state to go (the device offline, or `sys.boot_completed` unset), then for
`sys.boot_completed=1` and the package manager answering (`pm path android`), so the next
install does not race a half-restored system. Known gap: a load so fast that no poll sees
the device go away is taken as done once the boot signals answer (recorded by the caller).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import adbutils

from harness.android.adb import AdbEndpoint, adb_command, list_devices
from harness.android.parse_sys import parse_emu_avd_name
from harness.errors import InfrastructureError

FIRST_PORT = 5554  # console ports are even, 5554-5584; adb uses port + 1
LAST_PORT = 5584


@dataclass(frozen=True, slots=True)
class StartedEmulator:
    avd: str
    serial: str
    pid: int


def emulator_binary() -> Path:
    for var in ("ANDROID_EMULATOR", "ANDROID_SDK_ROOT", "ANDROID_HOME"):
        value = os.environ.get(var)
        if not value:
            continue
        path = Path(value) if var == "ANDROID_EMULATOR" else Path(value) / "emulator" / "emulator"
        if path.is_file():
            return path
    found = shutil.which("emulator")
    if found:
        return Path(found)
    raise InfrastructureError(
        "no Android emulator: install it with `sdkmanager emulator` and set ANDROID_SDK_ROOT "
        "(or ANDROID_EMULATOR to the emulator binary)"
    )


def emulator_command(binary: Path, avd: str, port: int, snapshot: str | None) -> list[str]:
    """Headless, and never saving on exit, so the snapshot stays clean between apps."""
    cmd = [str(binary), "-avd", avd, "-port", str(port), "-no-window", "-no-audio", "-no-boot-anim"]
    cmd += ["-no-snapshot-save"]
    if snapshot:
        cmd += ["-snapshot", snapshot]
    return cmd


def find_running(endpoint: AdbEndpoint, client: adbutils.AdbClient, avd: str) -> str | None:
    for entry in list_devices(client):
        if entry.transport != "emulator" or entry.state != "device":
            continue
        if (
            parse_emu_avd_name(adb_command(endpoint, "emu", "avd", "name", serial=entry.serial))
            == avd
        ):
            return entry.serial
    return None


def free_port(client: adbutils.AdbClient) -> int:
    used = {int(e.serial.split("-")[1]) for e in list_devices(client) if e.transport == "emulator"}
    for port in range(FIRST_PORT, LAST_PORT + 1, 2):
        if port not in used:
            return port
    raise InfrastructureError("all 16 emulator console ports (5554-5584) are in use")


def start(
    endpoint: AdbEndpoint,
    client: adbutils.AdbClient,
    avd: str,
    snapshot: str | None,
    log: Path,
    boot_timeout: float = 300,
) -> StartedEmulator:
    port = free_port(client)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as sink:
        process = subprocess.Popen(
            emulator_command(emulator_binary(), avd, port, snapshot),
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the harness must not kill it mid-write
        )
    serial = f"emulator-{port}"
    try:
        wait_booted(client, serial, boot_timeout, process)
    except InfrastructureError:
        process.terminate()
        raise
    return StartedEmulator(avd, serial, process.pid)


def wait_booted(
    client: adbutils.AdbClient,
    serial: str,
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
    poll_s: float = 2,
) -> None:
    """Until `sys.boot_completed` is 1 and the package manager answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise InfrastructureError(
                f"emulator for {serial} exited with status {process.returncode}"
            )
        if _booted(client, serial) and _package_manager_answers(client, serial):
            return
        time.sleep(poll_s)
    raise InfrastructureError(f"{serial} did not finish booting in {timeout:.0f} s")


def wait_reloaded(
    client: adbutils.AdbClient,
    serial: str,
    timeout: float,
    gone_within_s: float = 15,
    poll_s: float = 0.5,
) -> bool:
    """After a snapshot load: the old state gone, then booted again. True when the device
    was seen going away (False: the load was over before the first look)."""
    end = time.monotonic() + timeout
    deadline = time.monotonic() + min(gone_within_s, timeout)
    went_away = False
    while time.monotonic() < deadline:
        if not _booted(client, serial):
            went_away = True
            break
        time.sleep(poll_s)
    wait_booted(client, serial, max(end - time.monotonic(), poll_s), poll_s=poll_s)
    return went_away


def _booted(client: adbutils.AdbClient, serial: str) -> bool:
    try:
        return (
            client.device(serial).shell(["getprop", "sys.boot_completed"], timeout=10).strip()
            == "1"
        )
    except (adbutils.AdbError, OSError):
        return False  # offline or not on adb (yet)


def _package_manager_answers(client: adbutils.AdbClient, serial: str) -> bool:
    try:
        answer = client.device(serial).shell(["pm", "path", "android"], timeout=20)
    except (adbutils.AdbError, OSError):
        return False
    return str(answer).startswith("package:")


def load_snapshot(endpoint: AdbEndpoint, serial: str, snapshot: str) -> None:
    output = adb_command(
        endpoint, "emu", "avd", "snapshot", "load", snapshot, serial=serial, timeout=120
    )
    if "OK" not in output.split() or "KO" in output:
        raise InfrastructureError(
            f"{serial}: snapshot {snapshot!r} did not load ({output.strip()}); "
            f"list them with `adb -s {serial} emu avd snapshot list`"
        )


def stop(endpoint: AdbEndpoint, started: StartedEmulator) -> None:
    """Stop an emulator this harness started (by console, which shuts it down cleanly)."""
    adb_command(endpoint, "emu", "kill", serial=started.serial)
