"""`harness export`: one zip holding a sealed bundle, manifest inside, for sending onward.

The zip holds `<run-id>/manifest.json` first, then every file the manifest lists, under one
folder named after the run; nothing else. It is written aside and renamed when complete,
and read back and checked against the manifest before it is handed over. Entry times are
the run's end, so exporting the same bundle twice gives the same bytes.
`verify_zip` checks an export without unpacking it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zipfile
from pathlib import Path, PurePosixPath

from harness.errors import InfrastructureError, InputError
from harness.evidence.manifest import BUNDLE_FORMAT, MANIFEST_NAME
from harness.evidence.verify import VerifyResult, read_manifest, verify_bundle

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


class BundleAltered(Exception):
    """The bundle does not match its manifest: it is not exported."""

    def __init__(self, result: VerifyResult) -> None:
        super().__init__("the bundle differs from its manifest")
        self.result = result


def _entry_time(manifest: dict[str, object]) -> tuple[int, int, int, int, int, int]:
    ended = manifest.get("ended")
    if not isinstance(ended, int | float):
        return _ZIP_EPOCH
    when = dt.datetime.fromtimestamp(ended, dt.UTC)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return max(stamp, _ZIP_EPOCH)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, when: tuple[int, ...]) -> None:
    info = zipfile.ZipInfo(name, date_time=when)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def default_export_path(bundle: Path) -> Path:
    return Path(f"{bundle.parent.name}-{bundle.name}.zip")


def export_bundle(bundle: Path, out: Path) -> Path:
    """Zip a bundle that verifies; raise BundleAltered (nothing written) when it does not."""
    result = verify_bundle(bundle)  # InputError for anything but a finished bundle
    if not result.intact:
        raise BundleAltered(result)
    manifest = read_manifest(bundle)
    files: dict[str, str] = manifest["files"]  # type: ignore[assignment]
    root = bundle.name
    when = _entry_time(manifest)
    out.parent.mkdir(parents=True, exist_ok=True)
    aside = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(aside, "w") as archive:
        _add(archive, f"{root}/{MANIFEST_NAME}", (bundle / MANIFEST_NAME).read_bytes(), when)
        for name in sorted(files):
            _add(archive, f"{root}/{name}", (bundle / name).read_bytes(), when)
    check = verify_zip(aside)
    if not check.intact:
        aside.unlink()
        raise InfrastructureError(f"the export of {bundle} did not read back intact")
    os.replace(aside, out)
    return out


def _member_root(names: list[str], path: Path) -> str:
    manifests = [n for n in names if PurePosixPath(n).name == MANIFEST_NAME]
    top = [n for n in manifests if len(PurePosixPath(n).parts) == 2]
    if len(top) != 1:
        raise InputError(path, "expected one <run-id>/manifest.json in the zip: not an export")
    return PurePosixPath(top[0]).parts[0]


def verify_zip(path: Path) -> VerifyResult:
    """The same check as `verify_bundle`, on an export's members."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(path, f"not a readable zip: {exc}") from None
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        root = _member_root(names, path)
        try:
            manifest = json.loads(archive.read(f"{root}/{MANIFEST_NAME}").decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(path, f"{root}/{MANIFEST_NAME} is not valid JSON: {exc}") from None
        if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
            raise InputError(path, f"expected a manifest with format {BUNDLE_FORMAT!r}")
        expected = manifest.get("files")
        if not isinstance(expected, dict):
            raise InputError(path, "expected a 'files' object mapping names to sha256")
        present = {
            n[len(root) + 1 :]
            for n in names
            if n.startswith(root + "/") and n != f"{root}/{MANIFEST_NAME}"
        }
        strays = sorted(n for n in names if not n.startswith(root + "/"))
        changed = []
        for name in sorted(n for n in expected if n in present):
            try:
                digest = hashlib.sha256(archive.read(f"{root}/{name}")).hexdigest()
            except (zipfile.BadZipFile, OSError):
                digest = ""  # a damaged member: its bytes cannot be what was sealed
            if digest != expected[name]:
                changed.append(name)
    return VerifyResult(
        checked=len(expected),
        changed=tuple(changed),
        missing=tuple(sorted(n for n in expected if n not in present)),
        unexpected=tuple(sorted((present - set(expected)) | set(strays))),
    )
