"""Pure parsers for the package manager's text output (pm, dumpsys package).

Formats as printed by Android 7-14 (see tests/fixtures/android/README.md for the origin of
each recorded sample). Every function takes the text as adb returned it, CRLF or LF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PermissionGrant:
    name: str
    granted: bool
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PackageState:
    """What `dumpsys package PKG` says about an installed package (user 0)."""

    package: str
    uid: int | None
    version_code: int | None
    version_name: str | None
    min_sdk: int | None
    target_sdk: int | None
    code_path: str | None
    first_install: str | None
    last_update: str | None
    requested: tuple[str, ...]
    install_granted: tuple[str, ...]
    runtime: tuple[PermissionGrant, ...]

    def runtime_state(self, permission: str) -> bool | None:
        for grant in self.runtime:
            if grant.name == permission:
                return grant.granted
        return None


@dataclass(frozen=True, slots=True)
class PackageEntry:
    name: str
    path: str | None = None  # with `pm list packages -f`
    uid: int | None = None  # with `pm list packages -U`


@dataclass(frozen=True, slots=True)
class PmResult:
    """The outcome of a pm command that answers Success/Failure."""

    ok: bool
    code: str  # "Success", "INSTALL_FAILED_...", "Exception", "Error"
    message: str


_PACKAGE_HEADER = re.compile(r"^\s*Package \[(?P<name>[^\]]+)\] \((?P<id>[^)]*)\):\s*$")
_SECTION = re.compile(r"^\S.*:\s*$")  # "Packages:", "Hidden system packages:", "Queries:"
_KV = re.compile(r"(\w+)=(\S*)")
_GRANT = re.compile(
    r"^\s*(?P<name>[\w.$-]+): granted=(?P<granted>true|false)(?:, flags=\[\s*(?P<flags>[^\]]*)\])?"
)
_USER = re.compile(r"^\s*User (?P<user>\d+):")


def parse_dumpsys_package(text: str, package: str, user: int = 0) -> PackageState | None:
    """The first `Package [package]` block under `Packages:`, or None if not installed.

    Later sections ("Hidden system packages:", "Queries:") repeat package names and
    permission lines; they are ignored.
    """
    block = _package_block(text.replace("\r\n", "\n").split("\n"), package)
    if block is None:
        return None
    values: dict[str, str] = {}
    requested: list[str] = []
    install: list[str] = []
    runtime: list[PermissionGrant] = []
    mode = ""
    current_user: int | None = None
    for line in block:
        stripped = line.strip()
        if (m := _USER.match(line)) is not None:
            current_user = int(m.group("user"))
            mode = ""
            continue
        if stripped.endswith("permissions:"):
            mode = stripped[: -len(" permissions:")]
            continue
        if mode == "requested" and stripped and "=" not in stripped.split(":")[0]:
            # Android 10+ adds ", restricted=true" or ": restricted=true".
            name = re.split(r"[:,]", stripped, maxsplit=1)[0].strip()
            if re.fullmatch(r"[\w.$-]+", name):
                requested.append(name)
                continue
        if (g := _GRANT.match(line)) is not None and mode in ("install", "runtime"):
            grant = PermissionGrant(
                g.group("name"), g.group("granted") == "true", _flags(g.group("flags"))
            )
            if mode == "install" and grant.granted:
                install.append(grant.name)
            # Android 6-9 print runtime grants without a User heading (single user).
            elif mode == "runtime" and current_user in (None, user):
                runtime.append(grant)
            continue
        if "=" in stripped and not stripped.startswith(("User ", "gids=")):
            mode = ""
            for key, value in _KV.findall(stripped):
                values.setdefault(key, value)
    version_line = _line_value(block, "versionName=")
    return PackageState(
        package=package,
        uid=_int(values.get("userId") or values.get("appId")),
        version_code=_int(values.get("versionCode")),
        version_name=None if version_line in (None, "null") else version_line,
        min_sdk=_int(values.get("minSdk")),
        target_sdk=_int(values.get("targetSdk")),
        code_path=values.get("codePath"),
        first_install=_line_value(block, "firstInstallTime="),
        last_update=_line_value(block, "lastUpdateTime="),
        requested=tuple(dict.fromkeys(requested)),
        install_granted=tuple(install),
        runtime=tuple(runtime),
    )


def _package_block(lines: list[str], package: str) -> list[str] | None:
    in_packages = False
    block: list[str] | None = None
    header_indent = 0
    for line in lines:
        if block is not None:
            indent = len(line) - len(line.lstrip())
            if line.strip() and indent <= header_indent:
                break
            block.append(line)
            continue
        if _SECTION.match(line):
            in_packages = line.strip() == "Packages:"
            continue
        m = _PACKAGE_HEADER.match(line)
        # Some builds print `dumpsys package PKG` without the "Packages:" heading.
        if (
            m
            and m.group("name") == package
            and (
                in_packages
                or not any(_SECTION.match(x) and x.strip() == "Packages:" for x in lines)
            )
        ):
            block = []
            header_indent = len(line) - len(line.lstrip())
    return block


def _line_value(block: list[str], key: str) -> str | None:
    """A value that may contain spaces (versionName, timestamps): the rest of its line."""
    for line in block:
        stripped = line.strip()
        if stripped.startswith(key):
            return stripped[len(key) :].strip()
    return None


def _flags(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(f for f in re.split(r"[|\s]+", text.strip()) if f)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def parse_pm_list_packages(text: str) -> tuple[PackageEntry, ...]:
    """`pm list packages [-f] [-U]`: `package:[PATH=]NAME[ uid:UID]` per line."""
    entries: list[PackageEntry] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("package:"):
            continue
        body = line[len("package:") :]
        uid: int | None = None
        if " uid:" in body:
            body, uid_text = body.rsplit(" uid:", 1)
            uid = _int(uid_text.split(",")[0])
        path: str | None = None
        if "=" in body:
            # The path itself may contain '=' (base64 dir names on Android 11+): split last.
            path, body = body.rsplit("=", 1)
        entries.append(PackageEntry(body.strip(), path, uid))
    return tuple(entries)


def parse_pm_path(text: str) -> tuple[str, ...]:
    """`pm path PKG`: one `package:/path.apk` per APK (base first, then splits)."""
    return tuple(
        line.strip()[len("package:") :]
        for line in text.splitlines()
        if line.strip().startswith("package:")
    )


_SESSION = re.compile(r"Success: created install session \[(\d+)\]")
_FAILURE = re.compile(r"Failure \[(?P<code>[A-Z0-9_]+)(?::\s*(?P<msg>.*?))?\]", re.S)


def parse_install_session(text: str) -> int | None:
    m = _SESSION.search(text)
    return int(m.group(1)) if m else None


def parse_pm_result(text: str) -> PmResult:
    """pm install/uninstall/clear/grant/revoke output as one outcome."""
    stripped = text.strip()
    if (m := _FAILURE.search(stripped)) is not None:
        return PmResult(False, m.group("code"), (m.group("msg") or "").strip())
    if "Exception occurred while executing" in stripped or re.search(
        r"^java\.\S+Exception", stripped, re.M
    ):
        exc = re.search(r"(?:java|android)\.[\w.$]*(?:Exception|Error):?\s*(.*)", stripped)
        return PmResult(False, "Exception", (exc.group(0) if exc else stripped).splitlines()[0])
    if stripped.startswith(("Error", "Unknown package", "Failure")):
        return PmResult(False, "Error", stripped.splitlines()[0])
    # `pm grant` prints nothing on success; install/clear/uninstall print "Success".
    if stripped == "" or stripped.splitlines()[-1].strip().startswith("Success"):
        return PmResult(True, "Success", stripped)
    return PmResult(False, "Error", stripped.splitlines()[0])
