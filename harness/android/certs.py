"""Installing the mitmproxy CA on a device: user store, and system store when rooted.

Android names CA files `<subject_hash_old>.0` (OpenSSL's pre-1.0 hash: the first four
bytes of the MD5 of the DER subject, little-endian). The system store is read-only, so a
tmpfs holding the stock certificates plus ours is mounted over it. Android 14 (API 34)
reads CAs from the Conscrypt APEX (/apex/com.android.conscrypt/cacerts) instead, and each
app inherits the mount namespace of zygote, so there the copy is bind-mounted over the
APEX directory inside zygote's namespace and every running app's namespace too. Nothing
is made permanent: a reboot restores the stock store.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from harness.android.shell import DeviceShell, RootMode
from harness.errors import InfrastructureError, InputError

SYSTEM_CACERTS = "/system/etc/security/cacerts"
APEX_CACERTS = "/apex/com.android.conscrypt/cacerts"
USER_CACERTS = "/data/misc/user/0/cacerts-added"
STAGING = "/data/local/tmp/harness-ca"
DOWNLOAD = "/sdcard/Download/harness-mitmproxy-ca.crt"
APEX_SDK = 34


@dataclass(frozen=True, slots=True)
class CaInstall:
    store: str  # "system" | "user" | "user-manual"
    path: str  # where the certificate now is on the device
    note: str = ""  # what a person still has to do, if anything


def load_ca(pem: bytes, where: str = "mitmproxy CA") -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise InputError(where, f"a PEM certificate expected ({exc})") from None


def subject_hash_old(cert: x509.Certificate) -> str:
    digest = hashlib.md5(cert.subject.public_bytes(), usedforsecurity=False).digest()
    return f"{int.from_bytes(digest[:4], 'little'):08x}"


def android_name(cert: x509.Certificate) -> str:
    return subject_hash_old(cert) + ".0"


def system_store_script(name: str, sdk: int) -> str:
    """Shell (run as root) that adds STAGING/name to the system store until reboot."""
    q = shlex.quote
    src = f"{STAGING}/{name}"
    lines = [
        "set -e",
        f"mkdir -p {STAGING}/stock",
        # Keep the stock certificates: the tmpfs hides them otherwise.
        f"cp {APEX_CACERTS if sdk >= APEX_SDK else SYSTEM_CACERTS}/* {STAGING}/stock/",
        f"mount -t tmpfs tmpfs {SYSTEM_CACERTS}",
        f"cp {STAGING}/stock/* {SYSTEM_CACERTS}/",
        f"cp {q(src)} {SYSTEM_CACERTS}/",
        f"chown root:root {SYSTEM_CACERTS}/*",
        f"chmod 644 {SYSTEM_CACERTS}/*",
        f"chcon u:object_r:system_file:s0 {SYSTEM_CACERTS}/*",
    ]
    if sdk >= APEX_SDK:
        bind = f"mount --bind {SYSTEM_CACERTS} {APEX_CACERTS}"
        lines += [
            bind,
            # zygote (and zygote64) fork every app: fix their namespaces, then the apps
            # already running, so both new and old processes see the new store.
            "for Z in $(pidof zygote zygote64); do",
            f"  nsenter --mount=/proc/$Z/ns/mnt -- {bind}",
            "  for P in $(ps -o PID -P $Z | tail -n +2); do",
            f"    nsenter --mount=/proc/$P/ns/mnt -- {bind} || true",
            "  done",
            "done",
        ]
    lines.append(f"ls {q((APEX_CACERTS if sdk >= APEX_SDK else SYSTEM_CACERTS) + '/' + name)}")
    return "\n".join(lines)


def install_ca(shell: DeviceShell, pem: bytes, sdk: int, system: bool = True) -> CaInstall:
    """Install the CA: system store when rooted and asked, else the user store."""
    cert = load_ca(pem)
    name = android_name(cert)
    pem_bytes = cert.public_bytes(Encoding.PEM)
    root = shell.root_mode()
    if root is RootMode.NONE:
        shell.device.sync.push(pem_bytes, DOWNLOAD, mode=0o644)
        return CaInstall(
            "user-manual",
            DOWNLOAD,
            "no root: install it by hand (Settings > Security > Encryption & credentials > "
            "Install a certificate > CA certificate > Download/harness-mitmproxy-ca.crt); "
            "apps targeting API 24+ ignore user CAs unless their network security config "
            "trusts them",
        )
    shell.run_root(f"mkdir -p {STAGING} && chmod 755 {STAGING}")
    tmp = f"/data/local/tmp/{name}"
    shell.device.sync.push(pem_bytes, tmp, mode=0o644)
    shell.run_root(f"cp {tmp} {STAGING}/{name} && rm -f {tmp}")
    if system:
        output, rc = shell.run_root(system_store_script(name, sdk), timeout=120)
        if rc != 0:
            raise InfrastructureError(
                f"{shell.serial}: system CA install failed: {output.strip()[-400:]}"
            )
        where = APEX_CACERTS if sdk >= APEX_SDK else SYSTEM_CACERTS
        return CaInstall("system", f"{where}/{name}")
    output, rc = shell.run_root(
        f"mkdir -p {USER_CACERTS} && cp {STAGING}/{name} {USER_CACERTS}/{name} && "
        f"chown system:system {USER_CACERTS}/{name} && chmod 644 {USER_CACERTS}/{name}"
    )
    if rc != 0:
        raise InfrastructureError(
            f"{shell.serial}: user CA install failed: {output.strip()[-400:]}"
        )
    return CaInstall("user", f"{USER_CACERTS}/{name}")
