"""Running commands on a device over adb, with errors the harness understands.

`DeviceShell` wraps one adbutils.AdbDevice: adb failures become InfrastructureError (the
device went away, adb died), and commands that need root go through whichever root path
the device offers (adbd already root, Magisk-style `su -c`, or AOSP userdebug `su 0`).

Root is "none" only when there is no su at all. A su that refuses or does not answer is
Magisk waiting on its grant prompt (or having timed it out as a denial, after 10 s by
default): the check asks again with a longer wait, then fails naming the fix, rather than
recording "no root" and running the session without frida-server or the system CA.
"""

from __future__ import annotations

import enum
import shlex
from collections.abc import Sequence

import adbutils

from harness.errors import InfrastructureError

Command = str | Sequence[str]

# Waits for su's answer: Magisk's grant prompt times out as a denial after 10 s by default,
# so the first wait covers it and the second gives a person time to tap Grant.
ROOT_WAITS_S = (15.0, 60.0)
MAGISK_FIX = (
    "on the phone, allow root for Shell (Magisk > Superuser > Shell, or tap Grant on the "
    "prompt) and run again; set Magisk's Superuser response to Allow for lab phones"
)


class RootMode(enum.StrEnum):
    ADBD = "adbd"  # adbd runs as root (emulator images after `adb root`): no wrapper
    SU_C = "su -c"  # Magisk / SuperSU: su -c 'command'
    SU_0 = "su 0"  # AOSP userdebug su: su 0 sh -c 'command'
    NONE = "none"


def root_wrap(mode: RootMode, command: str) -> str:
    """The shell line that runs `command` as root under `mode`."""
    if mode is RootMode.ADBD:
        return command
    if mode is RootMode.SU_C:
        return f"su -c {shlex.quote(command)}"
    if mode is RootMode.SU_0:
        return f"su 0 sh -c {shlex.quote(command)}"
    raise InfrastructureError(
        "this device has no root: use a rooted phone or a userdebug emulator image"
    )


def to_line(command: Command) -> str:
    if isinstance(command, str):
        return command
    return " ".join(shlex.quote(part) for part in command)


class DeviceShell:
    def __init__(self, device: adbutils.AdbDevice, timeout: float = 60) -> None:
        self.device = device
        self.serial = device.serial or "?"
        self._timeout = timeout
        self._root: RootMode | None = None

    def run(self, command: Command, timeout: float | None = None) -> str:
        """Output of a shell command (stdout and stderr together, as adb shell v1 gives)."""
        line = to_line(command)
        try:
            return str(self.device.shell(line, timeout=timeout or self._timeout))
        except (adbutils.AdbError, OSError, EOFError) as exc:
            raise InfrastructureError(
                f"{self.serial}: `adb shell {line}` failed: {exc}; "
                "check the device with `adb devices`"
            ) from None

    def run_rc(self, command: Command, timeout: float | None = None) -> tuple[str, int]:
        """Output and exit status."""
        line = to_line(command)
        try:
            result = self.device.shell2(line, timeout=timeout or self._timeout)
        except (adbutils.AdbError, OSError, EOFError) as exc:
            raise InfrastructureError(f"{self.serial}: `adb shell {line}` failed: {exc}") from None
        return str(result.output), int(result.returncode)

    def root_mode(self) -> RootMode:
        if self._root is None:
            self._root = self._detect_root()
        return self._root

    def run_root(self, command: str, timeout: float | None = None) -> tuple[str, int]:
        return self.run_rc(root_wrap(self.root_mode(), command), timeout)

    def _detect_root(self) -> RootMode:
        if self.run("id -u").strip() == "0":
            return RootMode.ADBD
        refused: list[str] = []
        for mode in (RootMode.SU_C, RootMode.SU_0):
            for wait in ROOT_WAITS_S:
                try:
                    output, rc = self.run_rc(root_wrap(mode, "id -u"), timeout=wait)
                except InfrastructureError:
                    refused.append(f"`{root_wrap(mode, 'id -u')}` gave no answer in {wait:g} s")
                    continue  # a grant prompt on screen: ask again, waiting longer
                if rc == 0 and output.strip().splitlines()[-1:] == ["0"]:
                    return mode
                if rc == 127 or "not found" in output:
                    return RootMode.NONE  # no su binary: an unrooted device
                if "invalid uid" in output or "unknown option" in output.lower():
                    break  # AOSP's su does not take -c: try `su 0`
                refused.append(f"`{root_wrap(mode, 'id -u')}`: {output.strip()[-120:]}")
            else:
                break  # su answered (refusing) with every wait: the other form would too
        if refused:
            raise InfrastructureError(
                f"{self.serial}: su did not grant root ({'; '.join(refused)}); {MAGISK_FIX}"
            )
        return RootMode.NONE
