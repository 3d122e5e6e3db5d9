"""`harness devices [--devices FILE] [--json]`: the lab's devices and their health.

Lists every device of devices.yaml with a health check (adb reachable, root, screen and lock,
install verification, frida-server, uiautomator2, proxy state) and, for each problem, how to
fix it; then the devices adb sees that devices.yaml does not name. An adb server started
for this is stopped again.
Exit status: 0 when every device is healthy, 3 when one has a problem (the lab's machinery,
as for every command; 2 for a bad devices file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from harness.paths import DEVICES_FILE

if TYPE_CHECKING:
    from harness.android.adb import AdbDeviceEntry, AdbEndpoint
    from harness.android.health import DeviceHealth
    from harness.config.devices import LabConfig

# The device layer (adbutils) is imported by `run` and `survey`: `harness --help` imports
# every command module and must answer at once.

_MARK = {True: "ok  ", False: "FAIL", None: "info"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "devices",
        help="list the lab's devices and check their health",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument(
        "--devices", type=Path, default=DEVICES_FILE, help="devices file (default: devices.yaml)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--adb-port",
        type=int,
        default=None,
        help="adb server port (default: ANDROID_ADB_SERVER_PORT or 5037)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from harness.android.adb import AdbEndpoint
    from harness.config.devices import load_devices

    stream = out if out is not None else sys.stdout
    lab = load_devices(args.devices)
    endpoint = AdbEndpoint.from_env()
    if args.adb_port is not None:
        endpoint = AdbEndpoint(endpoint.host, args.adb_port)
    healths, unknown = survey(lab, endpoint)
    if args.json:
        document = {
            "devices": [h.to_json() for h in healths],
            "unlisted": [{"serial": e.serial, "state": e.state, "model": e.model} for e in unknown],
        }
        json.dump(document, stream, indent=2)
        stream.write("\n")
    else:
        stream.write(render_text(healths, unknown))
    return 0 if all(h.healthy for h in healths) else 3


def survey(
    lab: LabConfig, endpoint: AdbEndpoint
) -> tuple[list[DeviceHealth], list[AdbDeviceEntry]]:
    """Health of each configured device, and adb's devices that are not configured."""
    from harness.android.adb import adb_session, list_devices
    from harness.android.health import check_device, host_lab_health
    from harness.config.devices import DeviceKind

    android = [d for d in lab.devices if d.kind is not DeviceKind.HOST_LAB]
    healths = [host_lab_health(d) for d in lab.devices if d.kind is DeviceKind.HOST_LAB]
    if not android:
        return healths, []
    with adb_session(endpoint) as client:
        entries = list_devices(client)
        healths += [check_device(d, entries, client, endpoint) for d in android]
        claimed = {h.serial for h in healths if h.serial}
        claimed |= {str(d.serial) for d in android if d.serial} | {
            str(d.address) for d in android if d.address
        }
        unknown = [e for e in entries if e.serial not in claimed]
    order = {d.name: i for i, d in enumerate(lab.devices)}
    healths.sort(key=lambda h: order[h.name])
    return healths, unknown


def render_text(healths: list[DeviceHealth], unknown: list[AdbDeviceEntry]) -> str:
    lines: list[str] = []
    for health in healths:
        status = "healthy" if health.healthy else "PROBLEMS"
        serial = f" [{health.serial}]" if health.serial else ""
        lines.append(f"{health.name} ({health.kind}){serial}: {status}")
        for check in health.checks:
            lines.append(f"  {_MARK[check.ok]} {check.name:<13} {check.detail}")
            if check.fix and check.ok is not True:
                lines.append(f"       {'':<13} fix: {check.fix}")
    if unknown:
        lines.append("adb also sees (not in devices.yaml):")
        for entry in unknown:
            model = f" {entry.model}" if entry.model else ""
            lines.append(
                f"  {entry.serial} {entry.state}{model}  (add it as kind {entry.transport})"
            )
    return "\n".join(lines) + "\n"
