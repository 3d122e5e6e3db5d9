"""The signer digests harness.apk.signer reads, checked against Debian's apksigner.

`apksigner verify --print-certs` is the reference: the digest of each signer's certificate
must be the one it prints, for an APK built and signed here and for uiautomator2's APK
(signed by another toolchain); for a v1-only APK, the digest openssl gives the signing
certificate. An unsigned ZIP names no signer.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from harness.apk.archive import ApkArchive
from harness.apk.signer import signer_digests

pytestmark = pytest.mark.skipif(shutil.which("apksigner") is None, reason="no apksigner")


def apksigner_digests(apk: Path) -> tuple[str, ...]:
    done = subprocess.run(
        ["apksigner", "verify", "--print-certs", str(apk)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return tuple(re.findall(r"certificate SHA-256 digest: ([0-9a-f]{64})", done.stdout))


def test_built_apk_signer_matches_apksigner(built_apk: Path) -> None:
    expected = apksigner_digests(built_apk)
    assert expected, "apksigner printed no signer"
    assert signer_digests(ApkArchive.open(built_apk)) == expected


def test_v1_only_signature_is_read_from_the_pkcs7_file(built_apk: Path, tmp_path: Path) -> None:
    signing = built_apk.parent / "signing"
    key, cert = signing / "key.pk8", signing / "cert.pem"
    v1 = tmp_path / "v1.apk"
    subprocess.run(
        ["apksigner", "sign", "--key", str(key), "--cert", str(cert), "--v2-signing-enabled",
         "false", "--v3-signing-enabled", "false", "--out", str(v1), str(built_apk)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    # apksigner refuses to verify a v1-only APK targeting API 33: openssl names the
    # certificate's digest instead.
    der = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-outform", "DER"],
        check=True, capture_output=True, timeout=60,
    ).stdout  # fmt: skip
    assert signer_digests(ApkArchive.open(v1)) == (hashlib.sha256(der).hexdigest(),)
    assert signer_digests(ApkArchive.open(v1)) == apksigner_digests(built_apk)


def test_another_toolchains_apk_matches_apksigner(u2_apk: Path) -> None:
    assert signer_digests(ApkArchive.open(u2_apk)) == apksigner_digests(u2_apk)


def test_an_unsigned_apk_names_no_signer(built_apk: Path, tmp_path: Path) -> None:
    archive = ApkArchive.open(built_apk)
    unsigned = tmp_path / "unsigned.apk"
    with zipfile.ZipFile(unsigned, "w") as out:
        for name in archive.names():
            if not name.startswith("META-INF/"):
                out.writestr(name, archive.read(name))
    assert signer_digests(ApkArchive.open(unsigned)) == ()
