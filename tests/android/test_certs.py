"""The mitmproxy CA on the device: Android's file name for it, and the install paths."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from mitmproxy import certs as mitm_certs

from harness.android import certs
from harness.android.shell import DeviceShell
from harness.errors import InfrastructureError, InputError
from tests.android.adb_standin import AdbStandin
from tests.android.conftest import EMULATOR, PHONE


@pytest.fixture(scope="module")
def mitm_ca_pem() -> bytes:
    # The CA mitmproxy itself generates: subject CN=mitmproxy, O=mitmproxy.
    _key, cert = mitm_certs.create_ca(organization="mitmproxy", cn="mitmproxy", key_size=2048)
    return cert.public_bytes(Encoding.PEM)


def test_android_name_of_mitmproxy_ca(mitm_ca_pem: bytes) -> None:
    # mitmproxy's docs name the Android system-store file for its CA c8750f0d.0; the
    # subject is fixed, so every mitmproxy CA gets that name.
    assert certs.android_name(certs.load_ca(mitm_ca_pem)) == "c8750f0d.0"


def test_bad_pem_is_input_error() -> None:
    with pytest.raises(InputError):
        certs.load_ca(b"not a certificate")


def test_system_script_decides_by_the_apex_folder_not_the_sdk() -> None:
    script = certs.system_store_script("c8750f0d.0")
    assert 'if [ -d "$A" ]; then cp "$A"/* "$ST/stock/"' in script
    assert f"A={certs.APEX_CACERTS}" in script and f"S={certs.SYSTEM_CACERTS}" in script
    assert 'mount -t tmpfs "$M" "$S"' in script and "M=harness-ca" in script
    assert 'nsenter --mount=/proc/$P/ns/mnt -- mount --bind "$S" "$A"' in script
    # (run for real under unshare with mksh and toybox: tests/android/test_ca_script.py)


def test_install_system_store_on_rooted_emulator(
    emu_shell: DeviceShell, standin: AdbStandin, mitm_ca_pem: bytes
) -> None:
    device = standin.devices[EMULATOR]
    device.patterns.append((re.compile(r"mkdir|cp .*"), ("", 0)))
    # The script ends by listing where apps read the certificate (the APEX on Android 14).
    device.patterns.append(
        (re.compile(r"(?s)set -e\n.*"), (f"{certs.APEX_CACERTS}/c8750f0d.0\n", 0))
    )
    result = certs.install_ca(emu_shell, mitm_ca_pem)
    assert result.store == "system" and result.path == f"{certs.APEX_CACERTS}/c8750f0d.0"
    assert device.files["/data/local/tmp/c8750f0d.0"].startswith(b"-----BEGIN CERTIFICATE-----")
    assert any("nsenter" in c for c in device.shell_log)


def test_a_failing_system_script_is_reported(
    emu_shell: DeviceShell, standin: AdbStandin, mitm_ca_pem: bytes
) -> None:
    device = standin.devices[EMULATOR]
    device.patterns.append((re.compile(r"mkdir|cp .*"), ("", 0)))
    device.patterns.append(
        (
            re.compile(r"(?s)set -e\n.*"),
            ("mount: '/system/etc/security/cacerts': Permission denied\n", 1),
        )
    )
    with pytest.raises(InfrastructureError, match=r"exit 1.*Permission denied"):
        certs.install_ca(emu_shell, mitm_ca_pem)


def test_removal_runs_the_cleanup_script(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    device = standin.devices[EMULATOR]
    device.patterns.append((re.compile(r"(?s)S=.*"), ("still mounted in: /proc/1234/mounts\n", 1)))
    with pytest.raises(InfrastructureError, match="still mounted in"):
        certs.remove_ca(emu_shell, certs.CaInstall("system", f"{certs.APEX_CACERTS}/x.0"))
    assert device.shell_log[-1] == certs.system_store_cleanup_script()


def test_install_without_root_leaves_a_manual_step(
    phone_shell: DeviceShell, standin: AdbStandin, mitm_ca_pem: bytes
) -> None:
    result = certs.install_ca(phone_shell, mitm_ca_pem)
    assert result.store == "user-manual" and "Install a certificate" in result.note
    assert standin.devices[PHONE].files[certs.DOWNLOAD].startswith(b"-----BEGIN CERTIFICATE-----")
