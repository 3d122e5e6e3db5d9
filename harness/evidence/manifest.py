"""manifest.json: what the bundle is, and the sha256 of every other file in it.

A bundle holds regular files only. Anything else found in one (a symbolic link, a fifo, a
device) is never hashed, read or followed: a link would let a bundle "contain" a file from
anywhere on the reader's disk, so `verify` reports it and the reports do not open it.

The manifest also names the build that was tested (`AppIdentity`, its `app_identity` block):
app name, package, version, APK digest and signer, developer, declared permissions.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"  # the manifest's signature (harness.evidence.signing)
BUNDLE_FORMAT = "harness-bundle/1"
_SEALING = {MANIFEST_NAME, SIGNATURE_NAME}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """(regular files, other entries) under `root`, as sorted POSIX relative paths; links
    to folders are listed, never entered."""
    files: list[str] = []
    others: list[str] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in [*names, *(d for d in dirs if (base / d).is_symlink())]:
            path = base / name
            relative = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            (files if stat.S_ISREG(mode) else others).append(relative)
    return sorted(files), sorted(others)


def bundle_files(root: Path) -> list[str]:
    """Every regular file under the bundle except the manifest and its signature."""
    return [n for n in _walk(root)[0] if n not in _SEALING]


def foreign_entries(root: Path) -> list[str]:
    """Entries a bundle never holds: symbolic links, fifos, sockets, devices."""
    return _walk(root)[1]


def is_foreign(root: Path, name: str) -> bool:
    """Whether `name` in the bundle is, or lies under, anything but folders and a file."""
    path = root
    for part in Path(name).parts:
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError:
            return False  # absent: the caller's own "missing" applies
        if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            return True
    return False


def hash_tree(root: Path) -> dict[str, str]:
    return {name: sha256_file(root / name) for name in bundle_files(root)}


IDENTITY_KEY = "app_identity"  # the manifest's block naming the build that was tested


@dataclass(frozen=True, slots=True)
class AppIdentity:
    """Which build was tested: what a regulator's filing names, and the app's declared
    permissions (the facts `manifest PERMISSION` citations of findings point at).

    A host-lab app has no APK: its identity comes from its app.yaml, and the APK digest and
    signer stay unknown. An APK's come from the static inspection done before the run.
    """

    label: str
    package: str
    source: str  # "app.yaml" (a host-lab app) or "apk"
    version_name: str | None = None
    version_code: int | None = None
    apk_file: str | None = None
    apk_sha256: str | None = None
    signer_sha256: tuple[str, ...] = ()  # SHA-256 of each signing certificate (DER)
    developer: str | None = None
    manifest_permissions: tuple[str, ...] | None = None  # None: no manifest known

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "package": self.package,
            "source": self.source,
            "version_name": self.version_name,
            "version_code": self.version_code,
            "apk_file": self.apk_file,
            "apk_sha256": self.apk_sha256,
            "signer_sha256": list(self.signer_sha256),
            "developer": self.developer,
            "manifest_permissions": (
                None if self.manifest_permissions is None else list(self.manifest_permissions)
            ),
        }

    @classmethod
    def from_manifest(cls, manifest: Mapping[str, Any]) -> AppIdentity:
        """Read leniently: bundles from before the block name the app by `app_label` and
        `app_package`, and an Android run's build by its `apk` block."""
        block = manifest.get(IDENTITY_KEY)
        data: Mapping[str, Any] = block if isinstance(block, Mapping) else {}
        apk = manifest.get("apk")
        apk_block: Mapping[str, Any] = apk if isinstance(apk, Mapping) else {}

        def text(*candidates: object) -> str | None:
            return next((c for c in candidates if isinstance(c, str) and c), None)

        code = data.get("version_code", apk_block.get("version_code"))
        permissions = data.get("manifest_permissions")
        signers = data.get("signer_sha256")
        return cls(
            label=text(data.get("label"), manifest.get("app_label"), manifest.get("app")) or "",
            package=text(data.get("package"), manifest.get("app_package")) or "",
            source=text(data.get("source")) or ("apk" if apk_block else ""),
            version_name=text(data.get("version_name"), apk_block.get("version_name")),
            version_code=code if isinstance(code, int) and not isinstance(code, bool) else None,
            apk_file=text(data.get("apk_file"), apk_block.get("file")),
            apk_sha256=text(data.get("apk_sha256"), apk_block.get("sha256")),
            signer_sha256=tuple(s for s in signers if isinstance(s, str))
            if isinstance(signers, list)
            else (),
            developer=text(data.get("developer")),
            manifest_permissions=tuple(str(p) for p in permissions)
            if isinstance(permissions, list)
            else None,
        )
