"""The self-start probe on a phone: the app's processes ended, system broadcasts sent.

    stop_app_processes(shell, package)   # HOME, then `am kill PACKAGE`
    send_broadcast(shell, action)        # `am broadcast -a ACTION`, as root when it has it

`am kill` ends the app's processes that are not in the foreground (hence HOME first) without
`am force-stop`'s "stopped" state: a force-stopped app receives no broadcast until the user
opens it again, which would hide exactly what the probe looks for. Protected broadcasts
(BOOT_COMPLETED, USER_PRESENT, PACKAGE_ADDED …) are sent by the system only, so the command
runs as root when the device has it; a refusal raises BroadcastRefused with am's message.
What the system starts is read from logcat (harness.android.logcat: "Start proc" lines).

Known gaps: without root only unprotected broadcasts can be sent (CONNECTIVITY_CHANGE on old
releases); a receiver running in the app's foreground process is not seen (it is alive).
"""

from __future__ import annotations

from harness.android.shell import DeviceShell, RootMode
from harness.selfstart import BroadcastRefused

_REFUSED = ("Security exception", "Permission Denial", "Error:", "Exception")


def stop_app_processes(shell: DeviceShell, package: str) -> None:
    shell.run("input keyevent KEYCODE_HOME")
    shell.run(["am", "kill", package])


def send_broadcast(shell: DeviceShell, action: str) -> str:
    """Send it; returns am's output ("Broadcast completed: result=0")."""
    command = f"am broadcast -a {action}"
    if shell.root_mode() is RootMode.NONE:
        output, rc = shell.run_rc(command)
    else:
        output, rc = shell.run_root(command)
    if rc not in (0, None) or any(word in output for word in _REFUSED):
        raise BroadcastRefused(f"`{command}`: {output.strip()[-200:] or f'exit status {rc}'}")
    return output
