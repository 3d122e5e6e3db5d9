"""Installing the mitmproxy CA on a device: user store, and system store when rooted.

Android names CA files `<subject_hash_old>.0` (OpenSSL's pre-1.0 hash: the first four
bytes of the MD5 of the DER subject, little-endian). The system store is read-only, so a
tmpfs holding the stock certificates plus ours is mounted over it. From Android 14 on,
Conscrypt reads CAs from its APEX (/apex/com.android.conscrypt/cacerts), and each app
inherits the mount namespace of zygote, so there the copy is bind-mounted over the APEX
directory inside zygote's namespace and every running app's namespace too. Which case
applies is decided on the device by the APEX directory existing (some Android 14 builds
and backports differ from what the SDK number says), not by the SDK number.

The mounts carry the source name `harness-ca` (it shows in /proc/PID/mounts), so a second
session finds its own mount instead of stacking another on top, and cleanup unmounts only
ours (another tool's CA mount is left alone). Cleanup removes them from every namespace
it added them to; a reboot also restores the stock store.

Known gaps: apps started from another zygote (webview_zygote, app_zygote of isolated
processes) are bound only when they are zygote's children at install time; a store mounted
by a Magisk module at boot is left as it is and ours is mounted over it.
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


MOUNT_SOURCE = "harness-ca"  # the tmpfs's name in /proc/PID/mounts: how ours is recognised


@dataclass(frozen=True, slots=True)
class StorePaths:
    """Where the stores are (the device's paths; a test points them at fake folders)."""

    system: str = SYSTEM_CACERTS
    apex: str = APEX_CACERTS
    staging: str = STAGING


def _prelude(paths: StorePaths) -> list[str]:
    q = shlex.quote
    return [
        f"S={q(paths.system)}",
        f"A={q(paths.apex)}",
        f"ST={q(paths.staging)}",
        f"M={MOUNT_SOURCE}",
        # Whether PID's mount namespace has our mount at DIR.
        'ours() { grep -q "^$M $2 " "/proc/$1/mounts"; }',
    ]


def system_store_script(name: str, paths: StorePaths | None = None) -> str:
    """Shell (run as root) that adds ST/name to the system store until cleanup or reboot.

    Idempotent: an earlier session's mount is reused (the certificate copied into it), and
    a namespace that already has the APEX bind is not bound again. Ends by printing the
    path apps read the certificate from."""
    paths = paths or StorePaths()
    return "\n".join(
        [
            "set -e",
            *_prelude(paths),
            f"N={shlex.quote(name)}",
            'if ! ours self "$S"; then',
            '  rm -rf "$ST/stock" && mkdir -p "$ST/stock"',
            # Keep the stock certificates (the APEX's from Android 14): the tmpfs hides them.
            '  if [ -d "$A" ]; then cp "$A"/* "$ST/stock/"; else cp "$S"/* "$ST/stock/"; fi',
            '  mount -t tmpfs "$M" "$S"',
            '  cp "$ST/stock"/* "$S/"',
            "fi",
            'cp "$ST/$N" "$S/"',
            'chown root:root "$S"/*',
            'chmod 644 "$S"/*',
            'chcon u:object_r:system_file:s0 "$S"/*',
            'if [ -d "$A" ]; then',
            '  ours self "$A" || mount --bind "$S" "$A"',
            # APEX mounts do not propagate: zygote (and zygote64), which fork every app, get
            # the bind in their own namespaces, then the apps already running, so both new
            # and old processes see the new store.
            "  for Z in $(pidof zygote zygote64); do",
            "    for P in $Z $(ps -o PID -P $Z | tail -n +2); do",
            '      ours $P "$A" || nsenter --mount=/proc/$P/ns/mnt -- mount --bind "$S" "$A" '
            "|| [ $P != $Z ]",
            "    done",
            "  done",
            '  ls "$A/$N"',
            "else",
            '  ls "$S/$N"',
            "fi",
        ]
    )


def system_store_cleanup_script(paths: StorePaths | None = None) -> str:
    """Shell (run as root) that removes every mount system_store_script made, and staging."""
    paths = paths or StorePaths()
    return "\n".join(
        [
            *_prelude(paths),
            "for Z in $(pidof zygote zygote64); do",
            "  for P in $Z $(ps -o PID -P $Z | tail -n +2); do",
            '    if ours $P "$A"; then nsenter --mount=/proc/$P/ns/mnt -- umount "$A"; fi',
            "  done",
            "done",
            'if ours self "$A"; then umount "$A"; fi',
            'while ours self "$S"; do umount "$S" || break; done',
            'rm -rf "$ST"',
            # Non-zero when one of ours is left anywhere: the caller records it.
            'left=$(grep -l "^$M " /proc/[0-9]*/mounts 2>/dev/null | head -n 3)',
            'if [ -n "$left" ]; then echo "still mounted in: $left"; exit 1; fi',
        ]
    )


def install_ca(shell: DeviceShell, pem: bytes, system: bool = True) -> CaInstall:
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
        output, rc = shell.run_root(system_store_script(name), timeout=120)
        listed = output.strip().splitlines()[-1:] if output.strip() else []
        if rc != 0 or not listed or not listed[0].endswith(f"/{name}"):
            raise InfrastructureError(
                f"{shell.serial}: system CA install failed (exit {rc}): "
                f"{output.strip()[-400:] or 'no output'}"
            )
        return CaInstall("system", listed[0].strip())
    output, rc = shell.run_root(
        f"mkdir -p {USER_CACERTS} && cp {STAGING}/{name} {USER_CACERTS}/{name} && "
        f"chown system:system {USER_CACERTS}/{name} && chmod 644 {USER_CACERTS}/{name}"
    )
    if rc != 0:
        raise InfrastructureError(
            f"{shell.serial}: user CA install failed: {output.strip()[-400:]}"
        )
    return CaInstall("user", f"{USER_CACERTS}/{name}")


def remove_ca(shell: DeviceShell, installed: CaInstall) -> None:
    """Undo install_ca: the system store's mounts (every namespace), or our user-store file.
    A CA a person installed by hand (user-manual) stays: only its pushed copy goes."""
    if installed.store == "user-manual":
        shell.run(["rm", "-f", DOWNLOAD])
        return
    if installed.store == "user":
        command = f"rm -f {shlex.quote(installed.path)} && rm -rf {STAGING}"
    else:
        command = system_store_cleanup_script()
    output, rc = shell.run_root(command, timeout=120)
    if rc != 0:
        raise InfrastructureError(
            f"{shell.serial}: CA removal failed (exit {rc}): {output.strip()[-300:]}; "
            "a reboot restores the stock store"
        )
