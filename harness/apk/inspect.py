"""Static inspection of an APK (or APK bundle): what `harness inspect` reports.

No device is involved: the manifest gives identity, SDK levels, permissions and
components; the dex files give class names, which the SDK database attributes to SDKs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness.apk.archive import ApkArchive, ApkSet, open_apk_set
from harness.apk.dex import DexError, dex_class_names
from harness.apk.manifest import Component, Manifest, read_manifest
from harness.apk.permissions import PermissionTable, permissions_beyond
from harness.apk.signer import signer_digests
from harness.errors import InputError
from harness.model import DataCategory
from harness.sdk import SdkDatabase


@dataclass(frozen=True, slots=True)
class PermissionUse:
    name: str
    dangerous: bool
    categories: tuple[DataCategory, ...]


@dataclass(frozen=True, slots=True)
class SdkHit:
    id: str
    name: str
    source: str
    categories: tuple[str, ...]
    class_count: int
    example_class: str


@dataclass(frozen=True, slots=True)
class ProfileCheck:
    """Permissions beyond what the app's type needs and its profile declares."""

    app_type: str | None
    necessary_known: bool  # False when no necessity table covers the app type
    allowed: tuple[DataCategory, ...]
    beyond: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ApkReport:
    path: str
    kind: str
    splits: tuple[str, ...]
    manifest: Manifest
    permissions: tuple[PermissionUse, ...]
    class_count: int
    sdks: tuple[SdkHit, ...]
    problems: tuple[str, ...]  # non-fatal: a dex that could not be read, ...
    profile: ProfileCheck | None = None
    signers: tuple[str, ...] = ()  # SHA-256 of each signer's certificate (harness.apk.signer)

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "path": self.path,
            "kind": self.kind,
            "splits": list(self.splits),
            "package": m.package,
            "version_name": m.version_name,
            "version_code": m.version_code,
            "signer_sha256": list(self.signers),
            "min_sdk": m.min_sdk,
            "target_sdk": m.target_sdk,
            "debuggable": m.debuggable,
            "permissions": [
                {
                    "name": p.name,
                    "dangerous": p.dangerous,
                    "categories": [c.value for c in p.categories],
                }
                for p in self.permissions
            ],
            "components": [_component_json(c) for c in m.components],
            "class_count": self.class_count,
            "sdks": [
                {
                    "id": s.id,
                    "name": s.name,
                    "source": s.source,
                    "categories": list(s.categories),
                    "classes": s.class_count,
                    "example": s.example_class,
                }
                for s in self.sdks
            ],
            "profile": None
            if self.profile is None
            else {
                "app_type": self.profile.app_type,
                "necessary_known": self.profile.necessary_known,
                "allowed": [c.value for c in self.profile.allowed],
                "beyond": list(self.profile.beyond),
            },
            "problems": list(self.problems),
        }


def inspect_apk(
    path: Path,
    sdk_db: SdkDatabase,
    permissions: PermissionTable,
) -> ApkReport:
    apk_set = open_apk_set(path)
    manifest = read_manifest(apk_set.base)
    names, problems = _class_names(apk_set)
    return ApkReport(
        path=str(path),
        kind=apk_set.kind,
        splits=apk_set.split_names,
        manifest=manifest,
        permissions=tuple(_permission(p, permissions) for p in manifest.permissions),
        class_count=len(names),
        sdks=attribute_sdks(names, sdk_db, own_package=manifest.package),
        problems=tuple(problems),
        signers=signer_digests(apk_set.base),
    )


def with_profile(
    report: ApkReport,
    permissions: PermissionTable,
    app_type: str | None,
    necessary: frozenset[DataCategory] | None,
    declared: Iterable[DataCategory],
) -> ApkReport:
    """The report with the permissions beyond `necessary` (None: unknown) plus `declared`."""
    allowed = frozenset(declared) | (necessary or frozenset())
    check = ProfileCheck(
        app_type=app_type,
        necessary_known=necessary is not None,
        allowed=tuple(sorted(allowed, key=lambda c: c.value)),
        beyond=permissions_beyond(report.manifest.permissions, permissions, allowed),
    )
    return replace(report, profile=check)


def attribute_sdks(
    names: Iterable[str], sdk_db: SdkDatabase, own_package: str
) -> tuple[SdkHit, ...]:
    """SDKs found among class names, most classes first. The app's own package is skipped:
    an app named after an SDK vendor's prefix is not that SDK."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    own = own_package + "."
    for name in names:
        if name.startswith(own):
            continue
        sdk = sdk_db.match_class(name)
        if sdk is None:
            continue
        counts[sdk.id] += 1
        examples.setdefault(sdk.id, name)
    hits = []
    for sdk_id, count in counts.most_common():
        sdk = sdk_db.get(sdk_id)
        assert sdk is not None  # ids come from the same database
        hits.append(SdkHit(sdk.id, sdk.name, sdk.source, sdk.categories, count, examples[sdk_id]))
    return tuple(hits)


def _class_names(apk_set: ApkSet) -> tuple[list[str], list[str]]:
    names: list[str] = []
    problems: list[str] = []
    for archive in apk_set.archives:
        names.extend(_archive_classes(archive, problems))
    if not names and not any(a.dex_names() for a in apk_set.archives):
        problems.append(
            "no dex files: a resource-only APK, or code loaded at run time (packed app)"
        )
    return names, problems


def _archive_classes(archive: ApkArchive, problems: list[str]) -> list[str]:
    names: list[str] = []
    for dex in archive.dex_names():
        try:
            names.extend(dex_class_names(archive.read(dex)))
        except (DexError, InputError) as exc:
            # One bad dex (a packer's decoy, say) must not hide what the others show.
            problems.append(f"{archive.name}!{dex}: {exc}")
    return names


def _permission(name: str, table: PermissionTable) -> PermissionUse:
    entry = table.get(name)
    return PermissionUse(name, entry is not None, entry.categories if entry else ())


def _component_json(c: Component) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "name": c.name,
        "exported": c.exported,
        "permission": c.permission,
        "actions": list(c.actions),
    }
