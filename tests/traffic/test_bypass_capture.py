"""The bypass lab app under each capture: what proxy and transparent capture see, with and
without unpinning, against its ground truth (lab/bypass/app.yaml and by-capture.yaml, written
from the rules before any run).

Everything is real: `harness run` (Frida, the JVM, mitmproxy, the scenario, the rules). The
transparent runs start the harness under `unshare -n` (a network namespace of its own, as
root): the session routes it over loopback and redirects the app's TCP and DNS to mitmproxy
with iptables (harness.session.netns_capture); skipped with the reason where that cannot run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.agent.session import NetworkOptions
from harness.hostlab import build_lab_app, find_lab_app, jvm_command
from harness.hostlab.calibration import found_key
from harness.testkit.cli import HARNESS
from harness.traffic.flows import FLOWS_FILE, read_flows
from tests.conftest import REPO_ROOT
from tests.hooks.agentrun import run_under_agent

pytestmark = pytest.mark.hostlab

APP = find_lab_app("bypass")
BY_CAPTURE: dict[str, Any] = YAML(typ="safe").load(
    (APP.folder / "by-capture.yaml").read_text("utf-8")
)
SCENARIO = "first-launch-accept"
BYPASSING_HOSTS = {"tsis.jiguang.cn", "android.bugly.qq.com"}
PINNED_HOSTS = {"collect.labtracker.net", "stat.labpush.net"}
IDENTIFIERS = {
    "device_id": "867530912345678",
    "android_id": "5f3c2e8a1d9b7460",  # devices.yaml's host-lab ANDROID_ID
    "imsi": "460001234567890",
    "phone_number": "+8613800138000",
}


def _transparent_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "transparent capture on the host lab needs root (unshare -n, iptables)"
    for tool in ("unshare", "iptables", "ip"):
        if shutil.which(tool) is None:
            return f"transparent capture on the host lab needs {tool} (scripts/setup installs it)"
    probe = subprocess.run(
        ["unshare", "-n", "iptables", "-t", "nat", "-S"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return f"cannot use iptables in a new network namespace here: {probe.stderr.strip()}"
    return None


def _run(case: str, tmp_path: Path) -> Path:
    entry = BY_CAPTURE["captures"][case]
    devices = tmp_path / "devices.yaml"
    device = {
        "name": f"lab-{case}",
        "kind": "host-lab",
        "capture": entry["capture"],
        "unpin": entry["unpin"],
        "identifiers": IDENTIFIERS,
    }
    devices.write_text(json.dumps({"version": 1, "devices": [device]}), encoding="utf-8")
    argv = [
        *HARNESS, "run", "bypass",
        "--devices", str(devices),
        "--out", str(tmp_path / "evidence"),
        "--scenario", f"scenarios/{SCENARIO}.yaml",
    ]  # fmt: skip
    if entry["capture"] == "transparent":
        reason = _transparent_unavailable()
        if reason is not None:
            pytest.skip(reason)
        argv = ["unshare", "-n", *argv]
    result = subprocess.run(
        argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def _expected(case: str) -> list[tuple[str, str, str, str]]:
    reads = APP.expected(SCENARIO)
    assert reads is not None
    shares = [
        ("share-before-consent", s["category"], "pre_consent", s["collector"])
        for s in BY_CAPTURE["captures"][case]["shares"]
    ]
    return sorted([(*r.key(), r.collector or "") for r in reads] + shares)


@pytest.mark.parametrize("case", sorted(BY_CAPTURE["captures"]))
def test_findings_are_the_ground_truth_of_the_capture(case: str, tmp_path: Path) -> None:
    bundle = _run(case, tmp_path)
    findings = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    assert sorted(found_key(row) for row in findings) == _expected(case)

    entry = BY_CAPTURE["captures"][case]
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    capture = manifest["capture"]
    assert capture["mode"] == entry["capture"]
    assert json.loads((bundle / "scoring.json").read_text(encoding="utf-8"))["capture"] == capture
    hosts = {flow.host for flow in read_flows(bundle / FLOWS_FILE)}
    output = (bundle / "app-output.log").read_text(encoding="utf-8")
    if entry["capture"] == "proxy":
        # The bypassing reports went nowhere the proxy could see: the named blind spot.
        assert not hosts & BYPASSING_HOSTS
        assert any("ignores the system proxy" in spot for spot in capture["blind_spots"])
        assert "push report failed" in output and "crash report failed" in output
    else:
        assert hosts >= BYPASSING_HOSTS
        assert any("iptables -t nat -A HARNESS_CAPTURE" in line for line in capture["detail"])
        assert "push report -> 200" in output and "crash report -> HTTP/1.1 200 OK" in output
    if entry["unpin"]:
        assert hosts >= PINNED_HOSTS
        assert "sim report -> 200" in output and "account report -> 200" in output
    else:
        # Pinned: the TLS check fails against mitmproxy, the request is never sent.
        assert not hosts & PINNED_HOSTS
        assert "pin mismatch" in output and "Certificate pinning failure" in output


def test_unpinning_reports_what_it_hooked_and_what_the_app_lacks(tmp_path: Path) -> None:
    bundle = _run("proxy-unpinned", tmp_path)
    hooks = json.loads((bundle / "hooks.json").read_text(encoding="utf-8"))
    installed = set(hooks["installed"])
    assert {
        "net.SSLContext.init",
        "net.X509TrustManager.loaded",
        "net.HttpsURLConnection.setHostnameVerifier",
        "net.okhttp3.CertificatePinner.check",  # the lab app's stand-in
    } <= installed
    # The app's own pinning trust manager, found when it handed it to SSLContext.init.
    late = {(h["entry"], h["loader"]) for h in hooks["late"]}
    name = "com.harnesslab.bypass.PinningTrustManager"
    assert (f"net.X509TrustManager.checkServerTrusted:{name}", "SSLContext.init") in late
    missing = {m["entry"]: m["reason"] for m in hooks["missing"]}
    # What a JVM lacks is skipped with its reason, never fatal.
    assert (
        "class not found: com.squareup.okhttp.CertificatePinner"
        in missing["net.okhttp2.CertificatePinner.check"]
    )
    assert (
        "class not found"
        in missing["net.conscrypt.platform.ConscryptEngine.verifyCertificateChain"]
    )
    assert "not loaded (yet)" in missing["net.boringssl.flutter"]
    assert hooks["agent_problems"] == []


@pytest.mark.parametrize("unpin", [True, False], ids=["unpinned", "pinned"])
def test_native_boringssl_verification_is_replaced_when_the_library_loads(
    unpin: bool, tmp_path: Path
) -> None:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build the BoringSSL stand-in (apt-get install gcc)")
    library = tmp_path / "libcronet.so"  # a name the agent knows as a BoringSSL carrier
    source = APP.folder / "native" / "boringssl_standin.c"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(source)], check=True
    )
    hosts = tmp_path / "hosts"  # the app's reports must reach nothing: no proxy, no resolver
    hosts.write_text("127.0.0.1 localhost\n", encoding="ascii")
    argv = jvm_command(
        APP,
        build_lab_app(APP).classpath,
        portfile=tmp_path / "ui.port",
        identifiers={},
        extra_props={"bypass.native_tls": str(library), "jdk.net.hosts.file": str(hosts)},
    )
    run = run_under_agent(
        argv,
        load_catalog(DEFAULT_CATALOG),
        until="bypass: done",
        network=NetworkOptions(unpin=unpin, proxy=None),
    )
    # The library's own callback rejects every chain (1); unpinned, ours accepts it (0).
    assert f"boringssl-standin: verify -> {0 if unpin else 1}" in run.output, run.output
    late = {(h["entry"], h["class"], h["loader"]) for h in run.report["late"]}
    assert (("net.boringssl.cronet", "libcronet.so", "dlopen") in late) is unpin
