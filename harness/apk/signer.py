"""Who signed an APK: the SHA-256 of each signer's certificate, as `apksigner verify
--print-certs` prints it ("certificate SHA-256 digest").

How: the APK Signature Scheme v3 or v2 block (the "APK Signing Block" just before the ZIP
central directory) lists each signer's certificates, the first being the signer's own; an
APK signed only with v1 (JAR signing) has a PKCS#7 file under META-INF/ whose certificates
`cryptography` reads. Newer schemes are preferred: they are what Android verifies on
API 24 and later. The digest is over the certificate's DER encoding.

Known gaps: the signatures are not verified (that is the installer's job, and a report only
names the signer); a v3.1 rotation lineage is not followed, so a rotated key shows the
signer of the v3 block.
"""

from __future__ import annotations

import hashlib
import struct

from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

from harness.apk.archive import ApkArchive

_EOCD = b"PK\x05\x06"
_BLOCK_MAGIC = b"APK Sig Block 42"
# Scheme ids in the signing block, newest first.
_SCHEMES = (0xF05368C0, 0x7109871A)  # v3, v2
_V1_SUFFIXES = (".RSA", ".DSA", ".EC")


class _Truncated(Exception):
    """The block is shorter than its own lengths say."""


def _take(data: bytes, offset: int) -> tuple[bytes, int]:
    """A uint32-length-prefixed value at `offset`, and the offset after it."""
    if offset + 4 > len(data):
        raise _Truncated
    (size,) = struct.unpack_from("<I", data, offset)
    end = offset + 4 + size
    if end > len(data):
        raise _Truncated
    return data[offset + 4 : end], end


def _sequence(data: bytes) -> list[bytes]:
    items, offset = [], 0
    while offset < len(data):
        item, offset = _take(data, offset)
        items.append(item)
    return items


def _signing_block(apk: bytes) -> dict[int, bytes]:
    """The id -> value pairs of the APK Signing Block; {} when there is none."""
    eocd = apk.rfind(_EOCD, max(0, len(apk) - 65557))
    if eocd < 0 or eocd + 20 > len(apk):
        return {}
    (cd_offset,) = struct.unpack_from("<I", apk, eocd + 16)
    if cd_offset < 24 or cd_offset > len(apk) or apk[cd_offset - 16 : cd_offset] != _BLOCK_MAGIC:
        return {}
    (size,) = struct.unpack_from("<Q", apk, cd_offset - 24)
    start = cd_offset - size - 8
    if start < 0:
        return {}
    pairs: dict[int, bytes] = {}
    offset, end = start + 8, cd_offset - 24
    while offset + 12 <= end:
        length, pair_id = struct.unpack_from("<QI", apk, offset)
        if length < 4 or offset + 8 + length > end:
            break
        pairs[pair_id] = apk[offset + 12 : offset + 8 + length]
        offset += 8 + length
    return pairs


def _scheme_signers(value: bytes) -> tuple[str, ...]:
    """The first certificate of each signer in a v2/v3 scheme block."""
    digests: list[str] = []
    (signers, _) = _take(value, 0)
    for signer in _sequence(signers):
        signed_data, _ = _take(signer, 0)
        _digests, offset = _take(signed_data, 0)
        certificates, _ = _take(signed_data, offset)
        chain = _sequence(certificates)
        if chain:
            digests.append(hashlib.sha256(chain[0]).hexdigest())
    return tuple(digests)


def _v1_signers(archive: ApkArchive) -> tuple[str, ...]:
    digests: list[str] = []
    for name in archive.names():
        if name.startswith("META-INF/") and name.upper().endswith(_V1_SUFFIXES):
            try:
                certificates = pkcs7.load_der_pkcs7_certificates(archive.read(name))
            except ValueError:
                continue  # not a PKCS#7 file after all: nothing to name
            if certificates:
                der = certificates[0].public_bytes(Encoding.DER)
                digests.append(hashlib.sha256(der).hexdigest())
    return tuple(dict.fromkeys(digests))


def signer_digests(archive: ApkArchive) -> tuple[str, ...]:
    """SHA-256 (hex) of each signer's certificate; () for an unsigned APK."""
    block = _signing_block(archive.data)
    for scheme in _SCHEMES:
        if scheme in block:
            try:
                found = _scheme_signers(block[scheme])
            except _Truncated:
                continue
            if found:
                return found
    return _v1_signers(archive)
