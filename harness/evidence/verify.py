"""`harness verify`: check a bundle's signature, then every hash against its manifest.

The signature (manifest.sig, harness.evidence.signing) proves manifest.json is the one the
harness wrote; the manifest's hashes then prove every other file is. Entries a bundle never
holds (links, fifos, devices) are reported, never followed. A `.partial` folder that holds a
whole manifest is a run killed between sealing and renaming: it is checked like any bundle
but named "complete but not renamed" (`harness verify --finish` renames it once it checks).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from harness.errors import InputError
from harness.evidence.manifest import (
    BUNDLE_FORMAT,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    bundle_files,
    foreign_entries,
    is_foreign,
    sha256_file,
)
from harness.evidence.signing import SignatureCheck, check_signature

PARTIAL_SUFFIX = ".partial"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    checked: int
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    signature: SignatureCheck
    manifest_sha256: str
    foreign: tuple[str, ...] = ()  # links and other non-files: never read
    not_renamed: bool = False  # a .partial folder holding a whole manifest

    @property
    def files_match(self) -> bool:
        return not (self.changed or self.missing or self.unexpected or self.foreign)

    @property
    def intact(self) -> bool:
        return self.files_match and self.signature.ok

    @property
    def differing(self) -> tuple[str, ...]:
        return (*self.changed, *self.missing, *self.unexpected, *self.foreign)


def parse_manifest(data: bytes, where: Path | str) -> dict[str, Any]:
    """manifest.json's bytes as its record; an InputError naming `where` if unusable."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(where, f"not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise InputError(where, f"expected a manifest with format {BUNDLE_FORMAT!r}")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        raise InputError(where, "expected a 'files' object mapping names to sha256")
    return manifest


def _manifest_path(bundle: Path) -> Path:
    manifest_path = bundle / MANIFEST_NAME
    if not bundle.is_dir():
        raise InputError(bundle, "not a folder: expected an evidence bundle folder")
    if is_foreign(bundle, MANIFEST_NAME):
        raise InputError(manifest_path, "is a link or not a file: a bundle holds files only")
    if not manifest_path.is_file():
        raise InputError(manifest_path, "missing: not a finished bundle (no manifest.json)")
    return manifest_path


def read_bundle_manifest(bundle: Path) -> dict[str, Any]:
    manifest_path = _manifest_path(bundle)
    return parse_manifest(manifest_path.read_bytes(), manifest_path)


def is_not_renamed(bundle: Path) -> bool:
    return bundle.name.startswith(".") and bundle.name.endswith(PARTIAL_SUFFIX)


def verify_bundle(bundle: Path, pinned: Ed25519PublicKey | None = None) -> VerifyResult:
    manifest_path = _manifest_path(bundle)
    manifest_bytes = manifest_path.read_bytes()
    manifest = parse_manifest(manifest_bytes, manifest_path)
    signature_path = bundle / SIGNATURE_NAME
    readable_signature = signature_path.is_file() and not is_foreign(bundle, SIGNATURE_NAME)
    signature = check_signature(
        manifest_bytes,
        manifest,
        signature_path.read_bytes() if readable_signature else None,
        pinned,
    )
    expected: dict[str, str] = manifest["files"]
    foreign = tuple(foreign_entries(bundle))
    present = set(bundle_files(bundle))
    changed = tuple(
        sorted(n for n in expected if n in present and sha256_file(bundle / n) != expected[n])
    )
    missing = tuple(sorted(n for n in expected if n not in present and n not in foreign))
    unexpected = tuple(sorted(present - set(expected)))
    return VerifyResult(
        checked=len(expected),
        changed=changed,
        missing=missing,
        unexpected=unexpected,
        signature=signature,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        foreign=foreign,
        not_renamed=is_not_renamed(bundle),
    )


def finished_name(bundle: Path) -> Path:
    """Where a `.<run-id>.partial` folder belongs once sealed: `<run-id>` beside it."""
    return bundle.with_name(bundle.name[1 : -len(PARTIAL_SUFFIX)])
