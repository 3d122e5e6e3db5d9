"""The traffic-tour lab app (Java, java.net.http) through the real mitmproxy.

1. The app's JVM alone behind a ProxyServer (no Frida), given identifiers chosen so that
   every form is distinguishable (a Wi-Fi SSID with non-ASCII characters, whose base64
   has URL-unsafe characters): every request it sends (see Tour.java) must carry exactly
   the matches listed below, with their encoding and place, and its receiver.
2. `harness run traffic-tour` (Frida, scenario, rules): the findings are exactly the app's
   ground truth in app.yaml, and the bundle's flow rows carry the analysis.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.evidence.judged import read_judged_bundle
from harness.hostlab import build_lab_app, find_lab_app, jvm_command
from harness.model import DataCategory, FlowRecord, KnownIdentifier, Receiver
from harness.traffic.analysis import analyse_timeline
from harness.traffic.ca import jvm_proxy_properties, jvm_truststore
from harness.traffic.flows import FLOWS_FILE, read_analyses, read_flows
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.proxy import ProxyServer
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

D = DataCategory
IDS = {
    D.DEVICE_ID: "867530912345678",
    D.ANDROID_ID: "5f3c2e8a1d9b7460",
    D.IMSI: "460001234567890",
    D.PHONE_NUMBER: "+8613800138000",
    D.LOCATION: "39.904211,116.407395",
    D.MAC_ADDRESS: "02:1a:11:f0:5c:3e",
    D.WIFI_INFO: "Lab-无线网络",
    D.ADVERTISING_ID: "38400000-8cf0-11bd-b23e-10b96e40000d",
    D.SERIAL: "HLAB0001XYZ",
}
KNOWN = [KnownIdentifier(c, v, "test") for c, v in IDS.items()]

# step -> (receiver's SDK, {(category, encoding, where)}); the same table as Tour.java.
TOUR: dict[str, tuple[str | None, set[tuple[str, str, str]]]] = {
    "u1": ("Umeng", {("device_id", "plain", "body/form:imei")}),
    "u2": ("Umeng", {("device_id", "md5", "query:di")}),
    "u3": ("Umeng", {("device_id", "md5-upper", "body/json:$.header.device.m")}),
    "u4": ("Umeng", {("device_id", "plain", "body/json:$.imei")}),
    "u5": ("Umeng", {("device_id", "plain", "body/form:content/base64/gzip/json:$.imei")}),
    "u6": ("Umeng", {("device_id", "hex", "header:x-umeng-did")}),
    "u7": ("Umeng", {("device_id", "sha256", "cookie:umid")}),
    "u8": ("Umeng", {("device_id", "plain", "query:imei")}),
    "u9": ("Umeng", {("device_id", "plain", "websocket[0]/json:$.imei")}),
    "u10": ("Umeng", {("device_id", "sha1", "body/gzip/json:$.s")}),
    "a1": ("AppsFlyer", {("android_id", "plain", "body/json:$.android_id")}),
    "a2": ("AppsFlyer", {("android_id", "upper", "header:X-AF-Device")}),
    "a3": ("AppsFlyer", {("android_id", "base64", "body/json:$.a")}),
    "a4": ("AppsFlyer", {("android_id", "base64-unpadded", "query:aid")}),
    "a5": (
        "AppsFlyer",
        {
            ("android_id", "sha1-upper", "body/multipart:sig"),
            ("android_id", "sha1-bytestripped", "body/multipart:meta/json:$.h"),
        },
    ),
    "a6": ("AppsFlyer", {("android_id", "sha256-upper", "body/json:$.s")}),
    "a7": ("AppsFlyer", {("android_id", "md5", "body/json:$.m")}),
    "a8": ("AppsFlyer", {("android_id", "plain", "body")}),
    "f1": ("Facebook", {("advertising_id", "plain", "body/json:$.advertiser_id")}),
    "f2": ("Facebook", {("advertising_id", "upper", "body/form:idfa")}),
    "f3": ("Facebook", {("advertising_id", "uuid-nodash", "query:gaid")}),
    "d1": ("Adjust", {("mac_address", "mac-nosep-upper", "body/json:$.mac")}),
    "d2": ("Adjust", {("mac_address", "urlencoded", "query:mac")}),
    "d3": ("Adjust", {("mac_address", "mac-dash", "cookie:m")}),
    "d4": ("Adjust", {("mac_address", "json-escaped", "body/json:$.mac")}),
    "d5": ("Adjust", {("mac_address", "md5(mac-nosep-upper)", "body/json:$.mh")}),
    "t1": (None, {("serial", "lower", "body/form:sn")}),
    "t2": (None, {("wifi_info", "json-escaped", "body/json:$.ssid")}),
    "t3": (None, {("wifi_info", "base64url", "query:s")}),
    "t4": (None, {("wifi_info", "urlencoded", "body/form:ssid")}),
    "t5": (None, {("wifi_info", "plain", "body/json:$.ssid")}),
    "o1": (None, set()),
    "o2": (None, {("imsi", "plain", "body/json:$.imsi")}),
    "o3": (None, {("imsi", "sha256-stripped", "body/form:h")}),
    "o4": (None, {("phone_number", "phone-national", "body/form:tel")}),
    "o5": (
        None,
        {
            ("location", "coordinate-4dp", "body/form:lat"),
            ("location", "coordinate-4dp", "body/form:lng"),
        },
    ),
    "o6": (
        None,
        {
            ("location", "coordinate-6dp", "body/json:$.loc.lat"),
            ("location", "coordinate-6dp", "body/json:$.loc.lng"),
        },
    ),
}


def _step(flow: FlowRecord) -> str:
    return flow.url.split("/tour/", 1)[1].split("?", 1)[0]


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the app's JVM behind a sinkholed proxy until its tour is done; its flows.mitm."""
    out = tmp_path_factory.mktemp("tour")
    app = find_lab_app("traffic-tour")
    classes = build_lab_app(app)
    with ProxyServer(out, known=KNOWN, profile=app.profile) as proxy:
        props = dict(
            arg.removeprefix("-D").split("=", 1)
            for arg in jvm_proxy_properties(proxy.port, jvm_truststore())
        )
        argv = jvm_command(
            app, classes.classpath, portfile=out / "ui.port", identifiers=IDS, extra_props=props
        )
        process = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
        log: list[str] = []
        try:
            assert process.stderr is not None
            for line in process.stderr:
                log.append(line)
                if line.startswith("tour: done"):
                    break
        finally:
            process.kill()
            process.wait(timeout=30)
    assert log and log[-1].startswith("tour: done, 37 sent, 0 failed"), "".join(log)
    return out / FLOWS_FILE


def test_the_tour_sends_every_request_over_each_transport(tour: Path) -> None:
    flows = {_step(f): f for f in read_flows(tour)}
    assert sorted(flows) == sorted(TOUR)
    assert flows["u1"].http_version == "HTTP/1.1" and flows["u2"].http_version == "HTTP/2.0"
    assert flows["u8"].url.startswith("http://")
    assert flows["u9"].status == 101 and flows["u9"].url.startswith("https://alog.umeng.com/")


@pytest.mark.parametrize("step", sorted(TOUR))
def test_every_match_with_its_encoding_place_and_receiver(tour: Path, step: str) -> None:
    flow = next(f for f in read_flows(tour) if _step(f) == step)
    analysis = next(a for a in read_analyses(tour) if a.flow_id == flow.id)
    sdk, expected = TOUR[step]
    assert {(m.category.value, m.encoding, m.where) for m in analysis.matches} == expected
    assert IdentifierMatcher(KNOWN).match(flow) == analysis.matches
    assert analysis.attribution.sdk == sdk
    first_party = flow.host == "api.harnesslab.com"
    assert (analysis.attribution.receiver is Receiver.FIRST_PARTY) == first_party


# --- the whole harness ---------------------------------------------------------------------------

SCENARIOS = ["first-launch-accept", "first-launch-refuse"]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("evidence")
    made = {}
    for scenario in SCENARIOS:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "harness",
                "run",
                "traffic-tour",
                "--out",
                str(out),
                "--scenario",
                f"scenarios/{scenario}.yaml",
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        made[scenario] = Path(result.stdout.strip().splitlines()[-1])
    return made


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_harness_run_reports_exactly_the_ground_truth(
    bundles: dict[str, Path], scenario: str
) -> None:
    findings = json.loads((bundles[scenario] / "findings.json").read_text())
    expected = find_lab_app("traffic-tour").expected(scenario)
    assert expected is not None
    by_key = {(f["rule"], f["category"] or "", f["phase"] or ""): f for f in findings}
    assert len(by_key) == len(findings)  # one finding per key: one collector each
    assert sorted(by_key) == sorted(e.key() for e in expected)
    for want in expected:
        if want.collector is not None:
            assert by_key[want.key()]["collector"] == want.collector, want


def test_flow_rows_carry_receiver_and_matches(bundles: dict[str, Path]) -> None:
    rows = [json.loads(line) for line in (bundles["first-launch-accept"] / "events.jsonl").open()]
    flows = [r for r in rows if r["type"] == "flow"]
    assert len(flows) == len(TOUR)
    for row in flows:
        sdk, expected = TOUR[row["url"].split("/tour/", 1)[1].split("?", 1)[0]]
        analysis = row["analysis"]
        assert analysis["sdk"] == sdk
        # devices.yaml knows no SSID: the session learns it from the hooked getSSID's return
        # value (an observed value), so every form of it is found too.
        found = {(m["category"], m["encoding"], m["where"]) for m in analysis["matches"]}
        assert found == set(expected)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_flow_rows_are_what_a_separate_analysis_pass_finds(
    bundles: dict[str, Path], scenario: str
) -> None:
    # The session writes the analyses of its one pass; the same stage over the timeline read
    # back (the recorded identifiers plus those the app read, over the same flows) agrees.
    bundle = bundles[scenario]
    contents = read_judged_bundle(bundle)
    inputs = contents.inputs
    analysed = analyse_timeline(contents.timeline, inputs.known, inputs.profile)
    separate = [t.analysis for t in analysed.flows if t.analysis is not None]
    assert len(separate) == len(analysed.flows)
    rows = [json.loads(line) for line in (bundle / "events.jsonl").open()]
    written = {r["id"]: r["analysis"] for r in rows if r["type"] == "flow"}
    assert written == {a.flow_id: a.to_json() for a in separate}
    assert any(a.matches for a in separate)  # the tour's flows do carry identifiers
