"""manifest.json: what the bundle is, and the sha256 of every other file in it."""

from __future__ import annotations

import hashlib
from pathlib import Path

MANIFEST_NAME = "manifest.json"
BUNDLE_FORMAT = "harness-bundle/1"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def bundle_files(root: Path) -> list[str]:
    """Every file under the bundle except the manifest, as sorted POSIX relative paths."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).as_posix() != MANIFEST_NAME
    )


def hash_tree(root: Path) -> dict[str, str]:
    return {name: sha256_file(root / name) for name in bundle_files(root)}
