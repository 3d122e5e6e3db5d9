"""The lab's signing key, and the signature that seals a bundle's manifest.

Hashes alone prove nothing against someone who can also rewrite manifest.json: they edit a
file, recompute its hash and patch the manifest. So the manifest is signed. Each lab host
has an Ed25519 key (`cryptography`, already a dependency through mitmproxy), created on
first use in the harness's config folder (`signing-key.pem`, readable by its owner only).
The manifest records the public key and its fingerprint; `manifest.sig`, written beside it,
holds the signature over manifest.json's exact bytes. `harness verify` checks it, and
prints the manifest's sha256 and the key's fingerprint so a lab can log both elsewhere
(a ticket, an email, a register): that record, or a pinned key (`verify --key`), is what
shows a bundle re-signed with another key. docs/integrity.md says what this protects
against and what it does not.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from harness.errors import InfrastructureError, InputError

ALGORITHM = "ed25519"
KEY_FILE = "signing-key.pem"
SIGNATURE_NAME = "manifest.sig"


def fingerprint(public: Ed25519PublicKey) -> str:
    """`SHA256:` and the hex sha256 of the raw 32-byte public key."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def _raw_b64(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True, slots=True)
class LabKey:
    private: Ed25519PrivateKey
    path: Path

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    def manifest_block(self) -> dict[str, str]:
        """What the manifest records of the key (covered by the signature itself)."""
        return {
            "algorithm": ALGORITHM,
            "public_key": _raw_b64(self.public),
            "fingerprint": self.fingerprint,
        }

    def signature_file(self, manifest_bytes: bytes) -> bytes:
        signature = base64.b64encode(self.private.sign(manifest_bytes)).decode("ascii")
        doc = {"algorithm": ALGORITHM, "fingerprint": self.fingerprint, "signature": signature}
        return (json.dumps(doc, indent=2) + "\n").encode("ascii")

    def public_pem(self) -> bytes:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @classmethod
    def load_or_create(cls, folder: Path) -> LabKey:
        """The key in `folder`, made there (atomically, mode 0600) when there is none."""
        path = folder / KEY_FILE
        if not path.exists():
            _create(path)
        try:
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise InfrastructureError(f"the lab signing key {path} cannot be read: {exc}") from exc
        if not isinstance(loaded, Ed25519PrivateKey):
            raise InfrastructureError(f"the lab signing key {path} is not an Ed25519 key")
        return cls(loaded, path)


def _create(path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            # link, not rename: when two runs create a key at once, the first one stays.
            os.link(aside, path)
        aside.unlink()
    except OSError as exc:
        raise InfrastructureError(f"cannot create the lab signing key {path}: {exc}") from exc


class SignatureStatus(enum.StrEnum):
    VALID = "valid"
    MISSING = "missing"  # no manifest.sig: nothing proves the manifest is the harness's
    INVALID = "invalid"  # manifest.json is not what was signed: edited after sealing
    UNTRUSTED = "untrusted"  # a valid signature, but not by the key the caller pinned
    UNREADABLE = "unreadable"  # manifest.sig or the manifest's key block is malformed


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    status: SignatureStatus
    fingerprint: str  # of the key the manifest names ("" when it names none)
    detail: str

    @property
    def ok(self) -> bool:
        return self.status is SignatureStatus.VALID


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A pinned key for `verify --key`: a PEM public key (`harness key` prints the lab's)."""
    try:
        loaded = serialization.load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise InputError(path, "file not found: expected the lab's public key (PEM)") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a PEM public key: {exc}") from None
    if not isinstance(loaded, Ed25519PublicKey):
        raise InputError(path, "expected an Ed25519 public key (the harness signs with Ed25519)")
    return loaded


def check_signature(
    manifest_bytes: bytes,
    manifest: dict[str, Any],
    signature_bytes: bytes | None,
    pinned: Ed25519PublicKey | None = None,
) -> SignatureCheck:
    """Whether `signature_bytes` (manifest.sig) signs `manifest_bytes` with the key the
    manifest names, and, when `pinned` is given, whether that key is the pinned one."""
    block = manifest.get("signing")
    named = block.get("fingerprint", "") if isinstance(block, dict) else ""
    if signature_bytes is None:
        return SignatureCheck(
            SignatureStatus.MISSING,
            str(named),
            f"no {SIGNATURE_NAME}: nothing proves manifest.json is the one the harness wrote",
        )
    try:
        if not isinstance(block, dict) or block.get("algorithm") != ALGORITHM:
            raise ValueError(f"the manifest names no {ALGORITHM} key ('signing')")
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(block["public_key"]))
        doc = json.loads(signature_bytes.decode("ascii"))
        signature = base64.b64decode(doc["signature"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        return SignatureCheck(SignatureStatus.UNREADABLE, str(named), f"cannot be checked: {exc}")
    actual = fingerprint(public)
    if actual != named:
        return SignatureCheck(
            SignatureStatus.INVALID, actual, "the manifest's key block does not match its key"
        )
    try:
        public.verify(signature, manifest_bytes)
    except InvalidSignature:
        return SignatureCheck(
            SignatureStatus.INVALID,
            actual,
            "manifest.json is not what was signed: it was edited after the bundle was sealed",
        )
    if pinned is not None and fingerprint(pinned) != actual:
        return SignatureCheck(
            SignatureStatus.UNTRUSTED,
            actual,
            f"signed by {actual}, not by the pinned key {fingerprint(pinned)}",
        )
    return SignatureCheck(SignatureStatus.VALID, actual, f"signed by {actual}")
