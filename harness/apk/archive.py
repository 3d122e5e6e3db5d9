"""Opening APKs and APK bundles (XAPK, APKS, APKM) without a device.

The ZIP layer is apkInspector's: it reads the central directory the way Android does and
copes with the header tampering that packed or malicious APKs use to break Python's
zipfile, which would otherwise make `harness inspect` fail on exactly the apps a lab cares
about. Anything that is not an APK becomes an InputError naming the file.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from apkInspector.headers import ZipEntry

from harness.errors import InputError

MANIFEST = "AndroidManifest.xml"
# apkInspector and zlib raise these on truncated or non-ZIP input; nothing else is expected.
_ZIP_ERRORS = (ValueError, KeyError, IndexError, struct.error, zlib.error, EOFError, TypeError)


class ApkArchive:
    """One APK's entries, read lazily from bytes held in memory."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data  # kept: installing a bundle pushes the inner APKs as they are
        try:
            self._zip = ZipEntry.parse(io.BytesIO(data), raw=True)
        except _ZIP_ERRORS as exc:
            raise InputError(name, f"not an APK: cannot read it as a ZIP archive ({exc})") from None
        self._names = tuple(self._zip.namelist())

    @classmethod
    def open(cls, path: Path) -> ApkArchive:
        return cls(str(path), _read(path))

    def names(self) -> tuple[str, ...]:
        return self._names

    def has(self, entry: str) -> bool:
        return entry in self._names

    def read(self, entry: str) -> bytes:
        try:
            data: bytes = self._zip.read(entry)
        except _ZIP_ERRORS as exc:
            raise InputError(self.name, f"entry {entry} cannot be extracted ({exc})") from None
        return data

    def dex_names(self) -> tuple[str, ...]:
        """classes.dex, classes2.dex, ... in the order the runtime loads them."""
        found = [
            n
            for n in self._names
            if n.startswith("classes") and n.endswith(".dex") and "/" not in n
        ]

        def order(name: str) -> int:
            middle = name[len("classes") : -len(".dex")]
            return int(middle) if middle.isdigit() else 1

        return tuple(sorted(found, key=order))


@dataclass(frozen=True, slots=True)
class ApkSet:
    """What an input file holds: one APK, or a base APK with its split APKs."""

    source: Path
    kind: str  # "apk" | "xapk" | "apks" (bundletool/APKM-style zip of splits)
    base: ApkArchive
    splits: tuple[ApkArchive, ...]
    split_names: tuple[str, ...]  # entry names of the splits inside the bundle
    obb_entries: tuple[tuple[str, str], ...]  # XAPK expansion files: (entry, device path)

    @property
    def archives(self) -> tuple[ApkArchive, ...]:
        return (self.base, *self.splits)


def open_apk_set(path: Path) -> ApkSet:
    """Open an .apk, or a bundle of APKs (.xapk/.apks/.apkm), as an ApkSet."""
    outer = ApkArchive.open(path)
    if outer.has(MANIFEST):
        return ApkSet(path, "apk", outer, (), (), ())
    inner = [n for n in outer.names() if n.endswith(".apk") and not n.endswith("/")]
    if not inner:
        raise InputError(path, "not an APK: no AndroidManifest.xml and no APKs inside")
    obbs: tuple[tuple[str, str], ...] = ()
    kind = "apks"
    base_entry: str | None = None
    if outer.has("manifest.json"):
        kind = "xapk"
        base_entry, obbs = _xapk_manifest(path, outer.read("manifest.json"))
    archives = {n: ApkArchive(f"{path}!{n}", outer.read(n)) for n in inner}
    if base_entry is None or base_entry not in archives:
        base_entry = _guess_base(archives)
    if base_entry is None:
        raise InputError(path, "APK bundle without a base APK (base.apk or a non-split APK)")
    splits = tuple(a for n, a in sorted(archives.items()) if n != base_entry)
    split_names = tuple(n for n in sorted(archives) if n != base_entry)
    return ApkSet(path, kind, archives[base_entry], splits, split_names, obbs)


def _xapk_manifest(path: Path, raw: bytes) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """XAPK manifest.json: `split_apks[{file,id}]` (id "base" marks the base) and
    `expansions[{file, install_path}]` (OBB files to copy to shared storage)."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}!manifest.json", f"XAPK manifest is not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise InputError(f"{path}!manifest.json", "XAPK manifest must be a JSON object")
    base: str | None = None
    for split in document.get("split_apks") or ():
        if isinstance(split, dict) and split.get("id") == "base":
            base = str(split.get("file"))
    if base is None and document.get("package_name"):
        base = f"{document['package_name']}.apk"
    obbs = tuple(
        (str(e["file"]), str(e["install_path"]))
        for e in document.get("expansions") or ()
        if isinstance(e, dict) and "file" in e and "install_path" in e
    )
    return base, obbs


def _guess_base(archives: dict[str, ApkArchive]) -> str | None:
    for name in archives:
        # base-master.apk: bundletool's name for the base in an .apks set.
        if Path(name).name in ("base.apk", "base-master.apk"):
            return name
    # A split's manifest carries a `split="..."` attribute; the base has none.
    from harness.apk.manifest import read_manifest  # here: manifest imports this module

    candidates = [
        n for n, a in archives.items() if a.has(MANIFEST) and read_manifest(a).split is None
    ]
    return candidates[0] if len(candidates) == 1 else None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except IsADirectoryError:
        raise InputError(path, "an APK file expected, got a directory") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc}") from None
