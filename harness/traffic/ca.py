"""The interception CA: mitmproxy's confdir, the CA certificate, and a JVM truststore.

mitmproxy keeps its CA in a "confdir"; we keep one per cache (`HARNESS_CACHE`, see
harness.paths) so every run and every proxy on a host signs with the same CA and a device
or JVM only has to trust it once. The CA is made by mitmproxy's own `CertStore`, so the
files are exactly what a mitmproxy started on that confdir expects.

Several harness processes may start at once on a fresh cache (a nightly suite), so
creating the CA is serialised with a lock file, and the truststore is built aside and
renamed into place.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mitmproxy import certs

from harness.errors import InfrastructureError
from harness.paths import cache_root

# mitmproxy's own names: its tlsconfig addon looks for "<confdir>/mitmproxy-ca.pem".
CA_BASENAME = "mitmproxy"
CA_KEY_SIZE = 2048  # mitmproxy's default `key_size` option
# A truststore holds only the public CA certificate, so its password protects nothing;
# it is fixed because the JVM needs one. keytool wants at least 6 characters.
TRUSTSTORE_PASSWORD = "changeit"
TRUSTSTORE_ALIAS = "harness-mitmproxy-ca"


def default_confdir() -> Path:
    """`<cache>/mitmproxy`, where `<cache>` is `HARNESS_CACHE` or `~/.cache/harness`."""
    return cache_root() / "mitmproxy"


@contextlib.contextmanager
def _locked(confdir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the confdir (released when the process dies, too)."""
    confdir.mkdir(parents=True, exist_ok=True)
    with open(confdir / ".lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def ensure_ca(confdir: Path | None = None) -> Path:
    """Create the CA in `confdir` if it is missing; return the confdir.

    `CertStore.from_store` creates the CA files one after the other, so a second process
    looking at a half-made confdir would load a key without its certificate: the lock
    makes the check-and-create atomic across processes.
    """
    confdir = Path(confdir) if confdir is not None else default_confdir()
    try:
        with _locked(confdir):
            certs.CertStore.from_store(confdir, CA_BASENAME, CA_KEY_SIZE)
    except (OSError, ValueError) as exc:
        raise InfrastructureError(
            f"cannot create or load the mitmproxy CA in {confdir}: {exc}"
        ) from exc
    return confdir


def ca_cert_path(confdir: Path | None = None) -> Path:
    """The CA certificate (PEM, no key) that clients must trust; created on first use."""
    return ensure_ca(confdir) / f"{CA_BASENAME}-ca-cert.pem"


def _fingerprint(cert_pem: Path) -> str:
    return certs.Cert.from_pem(cert_pem.read_bytes()).fingerprint().hex()


def ca_fingerprint(confdir: Path | None = None) -> str:
    """SHA-256 of the CA certificate (DER), hex: names the truststore built from it."""
    return _fingerprint(ca_cert_path(confdir))


def _keytool() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "keytool").is_file():
        return str(Path(java_home) / "bin" / "keytool")
    found = shutil.which("keytool")
    if found is None:
        raise InfrastructureError("keytool not found (install a JDK or set JAVA_HOME)")
    return found


def jvm_truststore(confdir: Path | None = None) -> Path:
    """A PKCS12 truststore holding only the CA, for `-Djavax.net.ssl.trustStore`.

    Cached beside the CA under the CA's fingerprint, so a new CA gets a new truststore
    and an old one is never reused by mistake. keytool writes into a private temporary
    folder and the result is renamed into place: a concurrent run either sees no file or
    a complete one.
    """
    cert = ca_cert_path(confdir)
    target = cert.parent / f"truststore-{_fingerprint(cert)[:16]}.p12"
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory(dir=cert.parent, prefix=".truststore-") as tmp:
        staged = Path(tmp) / "truststore.p12"  # keytool creates it: it must not exist yet
        cmd = [
            _keytool(),
            "-importcert",
            "-noprompt",
            "-storetype",
            "PKCS12",
            "-keystore",
            str(staged),
            "-storepass",
            TRUSTSTORE_PASSWORD,
            "-alias",
            TRUSTSTORE_ALIAS,
            "-file",
            str(cert),
        ]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InfrastructureError(f"keytool failed to run: {exc}") from exc
        if result.returncode != 0 or not staged.is_file():
            raise InfrastructureError(
                f"keytool could not build the truststore (exit {result.returncode}): "
                f"{(result.stderr or result.stdout).strip()}"
            )
        os.replace(staged, target)
    return target


def jvm_proxy_properties(port: int, truststore: Path, host: str = "127.0.0.1") -> list[str]:
    """`-D` arguments that send a JVM's HTTP and HTTPS through the proxy, trusting its CA.

    `http.nonProxyHosts` defaults to localhost and 127.*, which would let a lab app talking
    to a local endpoint bypass the proxy; set empty, everything goes through it (the
    property covers HTTPS too: there is no https.nonProxyHosts). HttpsURLConnection,
    java.net.http.HttpClient and OkHttp all read these through the default ProxySelector.
    """
    return [
        f"-Dhttp.proxyHost={host}",
        f"-Dhttp.proxyPort={port}",
        f"-Dhttps.proxyHost={host}",
        f"-Dhttps.proxyPort={port}",
        "-Dhttp.nonProxyHosts=",
        *jvm_trust_properties(truststore),
    ]


def jvm_trust_properties(truststore: Path) -> list[str]:
    """`-D` arguments that make a JVM trust the proxy's CA (and only it): transparent
    capture gives the JVM these without any proxy."""
    return [
        f"-Djavax.net.ssl.trustStore={truststore}",
        "-Djavax.net.ssl.trustStoreType=PKCS12",
        f"-Djavax.net.ssl.trustStorePassword={TRUSTSTORE_PASSWORD}",
    ]
