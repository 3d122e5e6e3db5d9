"""`harness verify`: recompute every hash of a bundle and compare with its manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError
from harness.evidence.manifest import BUNDLE_FORMAT, MANIFEST_NAME, bundle_files, sha256_file


@dataclass(frozen=True, slots=True)
class VerifyResult:
    checked: int
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not (self.changed or self.missing or self.unexpected)


def read_manifest(bundle: Path) -> dict[str, object]:
    manifest_path = bundle / MANIFEST_NAME
    if not bundle.is_dir():
        raise InputError(bundle, "not a folder: expected an evidence bundle folder")
    if not manifest_path.is_file():
        raise InputError(manifest_path, "missing: not a finished bundle (no manifest.json)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(manifest_path, f"not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise InputError(manifest_path, f"expected a manifest with format {BUNDLE_FORMAT!r}")
    if not isinstance(manifest.get("files"), dict):
        raise InputError(manifest_path, "expected a 'files' object mapping names to sha256")
    return manifest


def verify_bundle(bundle: Path) -> VerifyResult:
    manifest = read_manifest(bundle)
    expected: dict[str, str] = manifest["files"]  # type: ignore[assignment]
    present = set(bundle_files(bundle))
    changed = tuple(
        sorted(n for n in expected if n in present and sha256_file(bundle / n) != expected[n])
    )
    missing = tuple(sorted(n for n in expected if n not in present))
    unexpected = tuple(sorted(present - set(expected)))
    return VerifyResult(
        checked=len(expected), changed=changed, missing=missing, unexpected=unexpected
    )
