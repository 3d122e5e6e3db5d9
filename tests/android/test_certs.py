"""The mitmproxy CA on the device: Android's file name for it, and the install paths."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from mitmproxy import certs as mitm_certs

from harness.android import certs
from harness.android.shell import DeviceShell
from harness.errors import InputError
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


def test_system_script_before_android_14() -> None:
    script = certs.system_store_script("c8750f0d.0", 33)
    assert f"mount -t tmpfs tmpfs {certs.SYSTEM_CACERTS}" in script
    assert "apex" not in script
    assert script.splitlines()[-1] == f"ls {certs.SYSTEM_CACERTS}/c8750f0d.0"


def test_system_script_android_14_binds_apex_in_zygote_namespaces() -> None:
    script = certs.system_store_script("c8750f0d.0", 34)
    assert f"cp {certs.APEX_CACERTS}/* " in script  # stock certs come from the APEX
    assert f"mount --bind {certs.SYSTEM_CACERTS} {certs.APEX_CACERTS}" in script
    assert "nsenter --mount=/proc/$Z/ns/mnt" in script
    assert script.splitlines()[-1] == f"ls {certs.APEX_CACERTS}/c8750f0d.0"


def test_install_system_store_on_rooted_emulator(
    emu_shell: DeviceShell, standin: AdbStandin, mitm_ca_pem: bytes
) -> None:
    device = standin.devices[EMULATOR]
    device.patterns.append((re.compile(r"(?s)(mkdir|cp|set -e).*"), ("c8750f0d.0\n", 0)))
    result = certs.install_ca(emu_shell, mitm_ca_pem, sdk=34)
    assert result.store == "system" and result.path == f"{certs.APEX_CACERTS}/c8750f0d.0"
    assert device.files["/data/local/tmp/c8750f0d.0"].startswith(b"-----BEGIN CERTIFICATE-----")
    assert any("nsenter" in c for c in device.shell_log)


def test_install_without_root_leaves_a_manual_step(
    phone_shell: DeviceShell, standin: AdbStandin, mitm_ca_pem: bytes
) -> None:
    result = certs.install_ca(phone_shell, mitm_ca_pem, sdk=33)
    assert result.store == "user-manual" and "Install a certificate" in result.note
    assert standin.devices[PHONE].files[certs.DOWNLOAD].startswith(b"-----BEGIN CERTIFICATE-----")
