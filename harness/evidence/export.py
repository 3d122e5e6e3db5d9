"""`harness export`: one zip holding a sealed bundle, manifest inside, for sending onward.

The zip holds `<run-id>/manifest.json` first, its signature `manifest.sig`, then every file the
manifest lists, under one folder named after the run; nothing else. It is written aside and
renamed when complete, and read back and checked against the manifest before it is handed
over. Entry times are the run's end, so exporting the same bundle twice gives the same bytes.
`verify_zip` checks an export without unpacking it; `unpack_export` unpacks one for `report`
and `score`. A zip comes from elsewhere, so both treat it as hostile input: see
`_safe_members` for what is refused; every zip or zlib error is an InputError (exit 2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from harness.atomicfile import staged
from harness.errors import InfrastructureError, InputError
from harness.evidence.manifest import MANIFEST_NAME, SIGNATURE_NAME
from harness.evidence.signing import check_signature
from harness.evidence.verify import (
    VerifyResult,
    parse_manifest,
    read_bundle_manifest,
    verify_bundle,
)

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
    if result.not_renamed:
        raise InputError(
            bundle,
            "a finished bundle: this one was never renamed from .partial "
            "(see `harness verify --finish`)",
        )
    manifest = read_bundle_manifest(bundle)
    files: dict[str, str] = manifest["files"]
    root = bundle.name
    when = _entry_time(manifest)
    out.parent.mkdir(parents=True, exist_ok=True)
    with staged(out) as aside:
        with zipfile.ZipFile(aside, "w") as archive:
            _add(archive, f"{root}/{MANIFEST_NAME}", (bundle / MANIFEST_NAME).read_bytes(), when)
            _add(archive, f"{root}/{SIGNATURE_NAME}", (bundle / SIGNATURE_NAME).read_bytes(), when)
            for name in sorted(files):
                _add(archive, f"{root}/{name}", (bundle / name).read_bytes(), when)
        if not verify_zip(aside).intact:
            raise InfrastructureError(f"the export of {bundle} did not read back intact")
    return out


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)
# An export holds one bundle: flows, screenshots and dumps of one session. Well above any
# real one, and low enough that a zip bomb is refused before it is inflated.
MAX_EXPORT_BYTES = 4 << 30
_CHUNK = 1 << 20


def _damaged(path: Path, member: str, exc: BaseException) -> InputError:
    return InputError(path, f"damaged zip: member {member} cannot be read ({exc})")


def _safe_members(archive: zipfile.ZipFile, path: Path, max_bytes: int) -> list[zipfile.ZipInfo]:
    """The members, after refusing anything an export never holds: names that leave the
    folder (absolute, `..`, backslashes, drive letters), links and other non-files, names
    given twice, and a declared size past `max_bytes` (zipfile never inflates a member
    past its declared size, so this bounds the work too)."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    seen: set[str] = set()
    total = 0
    for member in members:
        name = member.filename
        parts = PurePosixPath(name).parts
        if (
            name.startswith("/")
            or "\\" in name
            or ".." in parts
            or (parts and ":" in parts[0])
            or "\x00" in name
        ):
            raise InputError(path, f"member name {name!r} leaves the export's folder: refused")
        kind = stat.S_IFMT(member.external_attr >> 16)
        if kind not in (0, stat.S_IFREG):
            raise InputError(path, f"member {name} is a link or not a file: refused")
        if name in seen:
            raise InputError(path, f"member {name} appears twice: refused")
        seen.add(name)
        total += member.file_size
        if total > max_bytes:
            raise InputError(
                path,
                f"inflates to more than {max_bytes >> 20} MiB (a zip bomb?): refused",
            )
    return members


def _member_root(names: list[str], path: Path) -> str:
    manifests = [n for n in names if PurePosixPath(n).name == MANIFEST_NAME]
    top = [n for n in manifests if len(PurePosixPath(n).parts) == 2]
    if len(top) != 1:
        raise InputError(path, "expected one <run-id>/manifest.json in the zip: not an export")
    return PurePosixPath(top[0]).parts[0]


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (OSError, *_ZIP_ERRORS) as exc:
        raise InputError(path, f"not a readable zip: {exc}") from None


def _read_small(archive: zipfile.ZipFile, path: Path, name: str, limit: int = 64 << 20) -> bytes:
    try:
        with archive.open(name) as handle:
            data = handle.read(limit + 1)
    except _ZIP_ERRORS as exc:
        raise _damaged(path, name, exc) from None
    if len(data) > limit:
        raise InputError(path, f"member {name} is larger than {limit >> 20} MiB")
    return data


def _member_sha256(archive: zipfile.ZipFile, path: Path, name: str) -> str:
    digest = hashlib.sha256()
    try:
        with archive.open(name) as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    except _ZIP_ERRORS as exc:
        raise _damaged(path, name, exc) from None
    return digest.hexdigest()


def verify_zip(
    path: Path, pinned: Ed25519PublicKey | None = None, max_bytes: int = MAX_EXPORT_BYTES
) -> VerifyResult:
    """The same check as `verify_bundle`, on an export's members, streamed (bounded memory)."""
    with _open_zip(path) as archive:
        members = _safe_members(archive, path, max_bytes)
        names = [m.filename for m in members]
        root = _member_root(names, path)
        manifest_name = f"{root}/{MANIFEST_NAME}"
        signature_name = f"{root}/{SIGNATURE_NAME}"
        manifest_bytes = _read_small(archive, path, manifest_name)
        manifest = parse_manifest(manifest_bytes, f"{path}:{manifest_name}")
        signature_bytes = (
            _read_small(archive, path, signature_name) if signature_name in names else None
        )
        expected: dict[str, str] = manifest["files"]
        present = {
            n[len(root) + 1 :]
            for n in names
            if n.startswith(root + "/") and n not in (manifest_name, signature_name)
        }
        strays = sorted(n for n in names if not n.startswith(root + "/"))
        changed = [
            name
            for name in sorted(n for n in expected if n in present)
            if _member_sha256(archive, path, f"{root}/{name}") != expected[name]
        ]
    return VerifyResult(
        checked=len(expected),
        changed=tuple(changed),
        missing=tuple(sorted(n for n in expected if n not in present)),
        unexpected=tuple(sorted((present - set(expected)) | set(strays))),
        signature=check_signature(manifest_bytes, manifest, signature_bytes, pinned),
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
    )


def unpack_export(path: Path, into: Path, max_bytes: int = MAX_EXPORT_BYTES) -> Path:
    """Unpack an export into the empty folder `into` for `report` and `score`: the same
    refusals as `verify_zip`, files only (created, never overwritten or linked), streamed.
    Returns the bundle folder (`into/<run-id>`)."""
    with _open_zip(path) as archive:
        members = _safe_members(archive, path, max_bytes)
        root = _member_root([m.filename for m in members], path)
        for member in members:
            target = into.joinpath(*PurePosixPath(member.filename).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(member) as source, target.open("xb") as sink:
                    for chunk in iter(lambda: source.read(_CHUNK), b""):
                        sink.write(chunk)
            except _ZIP_ERRORS as exc:
                raise _damaged(path, member.filename, exc) from None
    return into / root
