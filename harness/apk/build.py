"""Builds a real, signed APK from an AndroidManifest.xml and smali sources, with Debian's tools.

How: `aapt package` compiles the manifest (linked against Debian's framework-res.apk, as
Debian has no android.jar), `smali assemble` turns the .smali files into classes.dex, `aapt
add` puts it in, `zipalign` aligns and `apksigner` signs with the given key and certificate
(v2/v3 signatures; v1 too while minSdkVersion < 24, apksigner decides). Debian packages:
aapt, zipalign, apksigner, libsmali-java, android-framework-res.

Used by the device calibration kit (harness.android.devicekit) and the APK tests. Known
gaps: no resources other than the manifest (the kit builds its views in code), no
multidex, no native libraries.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from harness.errors import InfrastructureError

FRAMEWORK_RES = Path("/usr/share/android-framework-res/framework-res.apk")
SMALI_JAR = Path("/usr/share/java/smali.jar")
APT_PACKAGES = "aapt zipalign apksigner libsmali-java android-framework-res"
_TOOL_TIMEOUT_S = 120


@dataclass(frozen=True, slots=True)
class SigningKey:
    key: Path  # PKCS#8 DER private key
    cert: Path  # PEM certificate


def missing_tools() -> list[str]:
    """The build tools (or framework-res.apk) this machine lacks; empty when it can build."""
    missing = [t for t in ("aapt", "zipalign", "apksigner") if shutil.which(t) is None]
    if shutil.which("smali") is None and not SMALI_JAR.exists():
        missing.append("smali")
    if not FRAMEWORK_RES.exists():
        missing.append(str(FRAMEWORK_RES))
    return missing


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise InfrastructureError(
            "building an APK needs Debian's Android build tools, missing: "
            + ", ".join(missing)
            + f" (apt-get install {APT_PACKAGES})"
        )


def new_signing_key(folder: Path, common_name: str, *, days: int = 3650) -> SigningKey:
    """A fresh RSA-2048 key and self-signed certificate in `folder` (key.pk8, cert.pem)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    signing = SigningKey(folder / "key.pk8", folder / "cert.pem")
    signing.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signing.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return signing


def build_apk(
    manifest: Path, smali_dir: Path, work: Path, signing: SigningKey, *, name: str = "app.apk"
) -> Path:
    """Assemble, align and sign; returns `work/name`. A failing tool is an
    InfrastructureError carrying its output (smali names the file and line it rejects)."""
    require_tools()
    work.mkdir(parents=True, exist_ok=True)
    unsigned, aligned, signed = work / "unsigned.apk", work / "aligned.apk", work / name
    _run(
        [
            "aapt",
            "package",
            "-f",
            "-M",
            str(manifest.resolve()),
            "-I",
            str(FRAMEWORK_RES),
            "-F",
            unsigned.name,
        ],
        work,
    )
    smali = ["smali"] if shutil.which("smali") else ["java", "-jar", str(SMALI_JAR)]
    _run([*smali, "assemble", "-o", "classes.dex", str(smali_dir.resolve())], work)
    _run(["aapt", "add", unsigned.name, "classes.dex"], work)
    _run(["zipalign", "-f", "4", unsigned.name, aligned.name], work)
    _run(
        [
            "apksigner",
            "sign",
            "--key",
            str(signing.key),
            "--cert",
            str(signing.cert),
            "--out",
            signed.name,
            aligned.name,
        ],
        work,
    )
    for leftover in (unsigned, aligned, work / "classes.dex"):
        leftover.unlink(missing_ok=True)
    return signed


def _run(cmd: Sequence[str], cwd: Path) -> None:
    try:
        done = subprocess.run(
            list(cmd), cwd=cwd, capture_output=True, text=True, timeout=_TOOL_TIMEOUT_S, check=False
        )
    except OSError as exc:
        raise InfrastructureError(f"cannot run {cmd[0]}: {exc}") from exc
    except subprocess.TimeoutExpired:
        raise InfrastructureError(f"{cmd[0]} took over {_TOOL_TIMEOUT_S} s") from None
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise InfrastructureError(f"{' '.join(cmd[:2])} failed (exit {done.returncode}):\n{output}")
