"""An APK as the app of a session: what static inspection and its profile say about it.

`harness run APP.apk` reads the APK before any device is touched: its package (what is
installed, spawned and looked for on screen), its manifest permissions (the permission
rules judge them) and the SDKs its dex files name (recorded in the manifest). The profile
is `--profile FILE` when given, else `APP.profile.yaml` beside the APK, else none (the
rules that need an app type are skipped, and scoring.json says so). A profile for another
package is an input error naming the profile file, as `harness inspect` and `harness score`
do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.profile import AppProfile, load_profile

APK_SUFFIXES = (".apk", ".apks", ".xapk", ".apkm")
PROFILE_SUFFIX = ".profile.yaml"


@dataclass(frozen=True, slots=True)
class ApkApp:
    name: str  # the evidence folder: evidence/<package>/<run-id>
    package: str
    label: str
    apk: Path
    sha256: str  # of the file given (an .apk, or the bundle of splits)
    version_name: str | None
    version_code: int | None
    profile: AppProfile
    profile_source: str  # the profile file's path, or "none"
    manifest_permissions: tuple[str, ...]
    sdks: tuple[str, ...]  # SDK names found in the dex files, by the SDK database
    min_sdk: int | None = None  # minSdkVersion: the oldest Android that installs it
    signers: tuple[str, ...] = ()  # SHA-256 of each signer's certificate

    def to_json(self) -> dict[str, Any]:
        """The manifest's `apk` block."""
        return {
            "file": self.apk.name,
            "sha256": self.sha256,
            "version_name": self.version_name,
            "version_code": self.version_code,
            "permissions": len(self.manifest_permissions),
            "sdks": list(self.sdks),
        }


def is_apk_ref(ref: str | Path) -> bool:
    """Whether `harness run REF` names an APK (by its suffix) rather than a lab app."""
    return str(ref).lower().endswith(APK_SUFFIXES)


def profile_beside(apk: Path) -> Path:
    """app.apk -> app.profile.yaml in the same folder."""
    return apk.with_name(apk.name[: -len(apk.suffix)] + PROFILE_SUFFIX)


def load_apk_app(apk: Path, profile_path: Path | None = None) -> ApkApp:
    """Inspect `apk` and find its profile; bad input is an InputError naming the file."""
    # Imported here: harness.apk loads apkInspector, which switches logging to DEBUG on
    # import; the CLI imports every command before it sets logging up, so only a run that
    # reads an APK pays for it (and after the CLI's logging setup).
    from harness.apk.inspect import inspect_apk
    from harness.apk.permissions import PermissionTable
    from harness.sdk import SdkDatabase

    report = inspect_apk(apk, SdkDatabase.load(), PermissionTable.load())
    package = report.manifest.package
    profile, source = _profile(apk, package, profile_path)
    return ApkApp(
        name=package,
        package=package,
        label=package,  # the label is a resource reference; the package is what people grep
        apk=apk,
        sha256=hashlib.sha256(apk.read_bytes()).hexdigest(),
        version_name=report.manifest.version_name,
        version_code=report.manifest.version_code,
        profile=profile,
        profile_source=source,
        manifest_permissions=report.manifest.permissions,
        sdks=tuple(hit.name for hit in report.sdks),
        min_sdk=report.manifest.min_sdk,
        signers=report.signers,
    )


def checked_profile(path: Path, package: str) -> AppProfile:
    """The profile in `path`, which must be for `package`."""
    profile = load_profile(path)
    if profile.package != package:
        raise InputError(path, f"profile is for {profile.package}, the app is {package}")
    return profile


def _profile(apk: Path, package: str, given: Path | None) -> tuple[AppProfile, str]:
    path = given if given is not None else profile_beside(apk)
    if given is None and not path.is_file():
        return AppProfile(package=package), "none"
    return checked_profile(path, package), str(path)
