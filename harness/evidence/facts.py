"""Run facts for manifest.json: which machine and which tools produced a bundle.

A reader of a bundle years later must be able to tell what ran: the device (for the host
lab: this machine, its OS and CPU, the Java that ran the lab app, and the devices.yaml entry
as it was), and the exact tool versions. Each fact is read without side effects; one that
cannot be read is recorded as "unknown (why)" rather than failing a finished session.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

from harness.paths import HOOKS_DIR

_JAVA_VERSION_TIMEOUT_S = 20.0


def utc_iso(ts: float) -> str:
    """Epoch seconds -> `2026-11-27T23:51:51.713741Z` (microseconds, UTC)."""
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _os_release() -> str:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return platform.platform()
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key == "PRETTY_NAME":
            return value.strip().strip('"')
    return platform.platform()


def _java_release_file(java: str) -> str | None:
    """A JDK's `release` file names its version without starting a JVM."""
    home = Path(os.path.realpath(java)).parent.parent
    try:
        text = (home / "release").read_text(encoding="utf-8")
    except OSError:
        return None
    fields = dict(line.partition("=")[::2] for line in text.splitlines() if "=" in line)
    version = fields.get("JAVA_VERSION", "").strip('"')
    vendor = fields.get("IMPLEMENTOR", "").strip('"')
    if not version:
        return None
    return f"{vendor} {version} ({home})".strip()


def java_version() -> str:
    java = shutil.which("java")
    if java is None:
        return "unknown (java not on PATH)"
    from_release = _java_release_file(java)
    if from_release is not None:
        return from_release
    try:
        done = subprocess.run(
            [java, "-version"],
            capture_output=True,
            text=True,
            timeout=_JAVA_VERSION_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    first = (done.stderr or done.stdout).strip().splitlines()
    return first[0] if first else f"unknown (java -version exited {done.returncode})"


def host_fingerprint(device_entry: dict[str, Any]) -> dict[str, Any]:
    """The host lab's device is this machine: name, OS, CPU, Java, and its devices.yaml entry."""
    uname = platform.uname()
    return {
        "hostname": socket.gethostname(),
        "os": _os_release(),
        "kernel": f"{uname.system} {uname.release}",
        "arch": uname.machine,
        "cpus": os.cpu_count(),
        "java": java_version(),
        "entry": device_entry,
    }


def _locked_npm_version(package: str, hooks_dir: Path) -> str:
    try:
        lock = json.loads((hooks_dir / "package-lock.json").read_text(encoding="utf-8"))
        return str(lock["packages"][f"node_modules/{package}"]["version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"unknown ({type(exc).__name__})"


def _agent_version(hooks_dir: Path) -> str:
    try:
        manifest = json.loads((hooks_dir / "package.json").read_text(encoding="utf-8"))
        return str(manifest["version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"unknown ({type(exc).__name__})"


def tool_versions(agent_digest: str, hooks_dir: Path = HOOKS_DIR) -> dict[str, str]:
    # Imported here, for their versions only: the report and the agent's processes use this
    # module's clock helpers and must not import Frida or mitmproxy for them.
    import frida
    import jinja2
    import mitmproxy.version

    return {
        "frida": frida.__version__,
        "frida_java_bridge": _locked_npm_version("frida-java-bridge", hooks_dir),
        "agent": _agent_version(hooks_dir),
        "agent_digest": agent_digest,
        "mitmproxy": mitmproxy.version.VERSION,
        "jinja2": jinja2.__version__,
        "python": platform.python_version(),
    }
