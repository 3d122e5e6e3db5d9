"""Apps on the device: install (APK, split APKs, XAPK), uninstall, clear, permissions, pids.

Installs go through `pm` on the device (push, then `pm install`, or for splits an install
session: `pm install-create/-write/-commit`, what `adb install-multiple` does), never
adbutils' install helper, which launches the app afterwards: the harness must be the one to
start it, under Frida. Of a bundle's splits only those that fit the device are installed
(harness.android.splits), as Play would deliver them. Runtime permissions are not granted
at install (no `-g`): the scenarios test the permission dialogs.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from harness.android import splits
from harness.android.parse_pkg import (
    PackageState,
    PmResult,
    parse_dumpsys_package,
    parse_install_session,
    parse_pm_list_packages,
    parse_pm_result,
)
from harness.android.parse_sys import parse_pidof
from harness.android.shell import DeviceShell
from harness.apk.archive import ApkArchive, ApkSet, open_apk_set
from harness.apk.manifest import read_manifest
from harness.errors import AppFault, InfrastructureError, InputError

STAGING = "/data/local/tmp/harness-install"
SDCARD = "/sdcard"


@dataclass(frozen=True, slots=True)
class Installed:
    package: str
    apks: tuple[str, ...]  # names installed (base first)
    obbs: tuple[str, ...]  # device paths of expansion files
    skipped: tuple[str, ...] = ()  # splits left out, each with why ("NAME does not fit ...")


def install(shell: DeviceShell, path: Path, replace: bool = True) -> Installed:
    apk_set = open_apk_set(path)
    package = read_manifest(apk_set.base).package
    flags = ["-r", "-t"] if replace else ["-t"]
    shell.run(["mkdir", "-p", STAGING])
    try:
        if not apk_set.splits:
            remote = f"{STAGING}/base.apk"
            shell.device.sync.push(apk_set.base.data, remote, mode=0o644)
            _check(shell, ["pm", "install", *flags, remote], f"install {path.name}")
            names: tuple[str, ...] = ("base.apk",)
            skipped: tuple[str, ...] = ()
        else:
            fitting, skipped = _fitting_splits(shell, apk_set)
            names = _install_session(shell, [apk_set.base, *fitting], flags, path)
        obbs = tuple(_push_obb(shell, path, entry, dest) for entry, dest in apk_set.obb_entries)
    finally:
        shell.run(["rm", "-rf", STAGING])
    return Installed(package, names, obbs, skipped)


def _fitting_splits(
    shell: DeviceShell, apk_set: ApkSet
) -> tuple[list[ApkArchive], tuple[str, ...]]:
    names = {}
    for entry, archive in zip(apk_set.split_names, apk_set.splits, strict=True):
        try:
            declared = read_manifest(archive).split
        except InputError:
            declared = None  # no readable manifest: the file name says what it is
        names[entry] = splits.split_name(entry, declared)
    choice = splits.choose(names, splits.read_spec(shell))
    by_entry = dict(zip(apk_set.split_names, apk_set.splits, strict=True))
    return [by_entry[e] for e in choice.keep], tuple(why for _e, why in choice.skipped)


def _install_session(
    shell: DeviceShell, archives: list[ApkArchive], flags: list[str], path: Path
) -> tuple[str, ...]:
    total = sum(len(a.data) for a in archives)
    created = shell.run(["pm", "install-create", *flags, "-S", str(total)])
    session = parse_install_session(created)
    if session is None:
        raise AppFault(f"{path.name}: pm install-create failed: {created.strip()}")
    names = []
    try:
        for index, archive in enumerate(archives):
            name = f"{index}_{posixpath.basename(archive.name.split('!')[-1]) or 'split.apk'}"
            remote = f"{STAGING}/{name}"
            shell.device.sync.push(archive.data, remote, mode=0o644)
            write = [
                "pm",
                "install-write",
                "-S",
                str(len(archive.data)),
                str(session),
                name,
                remote,
            ]
            _check(shell, write, f"install-write {name}")
            names.append(name)
        _check(shell, ["pm", "install-commit", str(session)], f"install {path.name}")
    except AppFault:
        shell.run(["pm", "install-abandon", str(session)])
        raise
    return tuple(names)


def _push_obb(shell: DeviceShell, bundle: Path, entry: str, dest: str) -> str:
    data = ApkArchive.open(bundle).read(entry)
    remote = posixpath.join(SDCARD, dest.lstrip("/"))
    shell.run(["mkdir", "-p", posixpath.dirname(remote)])
    shell.device.sync.push(data, remote, mode=0o644)
    return remote


def uninstall(shell: DeviceShell, package: str) -> bool:
    """True if it was installed; an absent package is not an error."""
    result = parse_pm_result(shell.run(["pm", "uninstall", package]))
    if result.ok:
        return True
    if (
        result.code in ("DELETE_FAILED_INTERNAL_ERROR", "DELETE_FAILED_NOT_INSTALLED")
        or "Unknown package" in result.message
    ):
        return False
    raise AppFault(f"uninstall {package} failed: {result.code} {result.message}")


def clear_data(shell: DeviceShell, package: str) -> None:
    _check(shell, ["pm", "clear", package], f"clear {package}")


def grant(shell: DeviceShell, package: str, permission: str) -> None:
    _check(shell, ["pm", "grant", package, permission], f"grant {permission}")


def revoke(shell: DeviceShell, package: str, permission: str) -> None:
    _check(shell, ["pm", "revoke", package, permission], f"revoke {permission}")


def package_state(shell: DeviceShell, package: str) -> PackageState | None:
    return parse_dumpsys_package(shell.run(["dumpsys", "package", package]), package)


def is_installed(shell: DeviceShell, package: str) -> bool:
    entries = parse_pm_list_packages(shell.run(["pm", "list", "packages", package]))
    return any(e.name == package for e in entries)


def pids(shell: DeviceShell, package: str) -> tuple[int, ...]:
    return parse_pidof(shell.run(["pidof", package]))


def force_stop(shell: DeviceShell, package: str) -> None:
    shell.run(["am", "force-stop", package])


def _check(shell: DeviceShell, command: list[str], what: str) -> PmResult:
    output, rc = shell.run_rc(command, timeout=300)
    result = parse_pm_result(output)
    if not result.ok:
        detail = f"{result.code}: {result.message}" if result.message else result.code
        raise AppFault(f"{what} failed: {detail}")
    if rc not in (0, None) and not output.strip():
        raise InfrastructureError(f"{shell.serial}: `{' '.join(command)}` exited {rc}")
    return result
