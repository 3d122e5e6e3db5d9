"""manifest.json: what the bundle is, and the sha256 of every other file in it.

A bundle holds regular files only. Anything else found in one (a symbolic link, a fifo, a
device) is never hashed, read or followed: a link would let a bundle "contain" a file from
anywhere on the reader's disk, so `verify` reports it and the reports do not open it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

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
