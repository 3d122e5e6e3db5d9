"""The API-tour lab app under the real agent on a real JVM: one event per catalog entry.

Its ground truth (lab/api-tour/tour.yaml) says, for every event a correct agent reports, the
catalog entry, the data category, the thread and the calling method; the app is run once
(module fixture) with its OAID plugin loaded late by a child class loader, and with the
optional network module on (it must skip every class the host lab lacks, and change nothing).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from typing import Any

import pytest
from ruamel.yaml import YAML

from harness.agent.catalog import Catalog, load_catalog
from harness.agent.session import NetworkOptions
from harness.agent.stacks import first_app_frame, frame_class_method
from harness.hostlab import build_lab_app, find_lab_app, jvm_command
from harness.model import DataCategory
from tests.hooks.agentrun import AgentRun, run_under_agent

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

DONE = ("apitour: first-party done", "apitour: sdk done", "apitour: plugin done")
MAC = re.compile(r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    app = find_lab_app("api-tour")
    data: dict[str, Any] = YAML(typ="safe").load((app.folder / "tour.yaml").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def tour(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> AgentRun:
    app = find_lab_app("api-tour")
    classes = build_lab_app(app).classpath
    argv = jvm_command(
        app,
        classes,
        portfile=tmp_path_factory.mktemp("ui") / "ui.port",
        identifiers={},
        extra_props={"apitour.plugin_delay_ms": "1500"},
    )
    run = run_under_agent(
        argv, catalog, until=DONE[-1], network=NetworkOptions(unpin=True, proxy=None)
    )
    for line in DONE:
        assert line in run.output, run.output
    return run


def _caller(stack: tuple[str, ...], catalog: Catalog) -> str:
    frame = first_app_frame(stack, catalog.framework_frames)
    return frame_class_method(frame) if frame else ""


def _expected(truth: dict[str, Any], section: str) -> Counter[tuple[str, str, str, str]]:
    rows: Counter[tuple[str, str, str, str]] = Counter()
    for group in truth[section]:
        for entry, label in group["events"]:
            rows[(entry, label, group["thread"], group["caller"])] += 1
    return rows


def test_every_catalog_entry_has_ground_truth(catalog: Catalog, truth: dict[str, Any]) -> None:
    covered = {e for (e, _l, _t, _c) in _expected(truth, "reads")}
    covered |= {e for (e, _l, _t, _c) in _expected(truth, "context")}
    covered |= {r["entry"] for r in truth["permission_requests"]}
    covered |= set(truth["not_on_host"])
    assert sorted(set(catalog.ids()) - covered) == []
    assert sorted(covered - set(catalog.ids())) == []


def test_reads_are_exactly_the_ground_truth(
    tour: AgentRun, catalog: Catalog, truth: dict[str, Any]
) -> None:
    got = Counter(
        (e.entry, e.category.value, e.thread, _caller(e.stack, catalog))
        for e in tour.collector.events
    )
    expected = _expected(truth, "reads")
    assert {k: v for k, v in (got - expected).items()} == {}, "reported but not expected"
    assert {k: v for k, v in (expected - got).items()} == {}, "expected but not reported"


def test_every_read_stack_starts_at_the_hooked_api(tour: AgentRun) -> None:
    for event in tour.collector.events:
        if event.entry.startswith("native."):
            continue  # a native hook's stack starts in the JDK's native method that called libc
        assert event.stack[0].startswith(event.api + "("), (event.entry, event.stack[:2])


def test_permission_requests_are_records_of_their_own(
    tour: AgentRun, catalog: Catalog, truth: dict[str, Any]
) -> None:
    got = sorted(
        (r.api, r.permissions, r.thread, _caller(r.stack, catalog))
        for r in tour.collector.permission_requests
    )
    expected = sorted(
        (
            r["api"],
            tuple(r["permissions"]),
            truth["permission_thread"],
            truth["permission_caller"],
        )
        for r in truth["permission_requests"]
    )
    assert got == expected


def test_context_calls_are_recorded_apart_from_personal_data(
    tour: AgentRun, catalog: Catalog, truth: dict[str, Any]
) -> None:
    got = Counter(
        (c.entry, c.topic, c.thread, _caller(c.stack, catalog))
        for c in tour.collector.context_events
    )
    missing = _expected(truth, "context") - got
    assert {k: v for k, v in missing.items()} == {}
    personal = {c.value for c in DataCategory}
    assert not [c for c in tour.collector.context_events if c.topic in personal]


def test_sdk_class_loaded_late_by_a_child_loader_is_hooked_in_that_loader(
    tour: AgentRun, truth: dict[str, Any]
) -> None:
    late = {h["entry"]: h for h in tour.report["late"]}
    for entry, loader in truth["late"].items():
        assert entry in late, f"{entry} was not hooked late"
        assert loader in late[entry]["loader"], late[entry]
        assert entry in tour.report["installed"]
    (init,) = [e for e in tour.collector.events if e.entry == "oaid.msa.InitSdk"]
    first_party = [e.seq for e in tour.collector.events if e.thread == "main"]
    # The plugin ran after the whole first-party tour: its class could not be hooked at start.
    assert init.seq > max(first_party)
    assert init.stack[0].startswith("com.bun.miitmdid.core.MdidSdkHelper.InitSdk(")


def test_what_the_host_lab_lacks_is_reported_missing_with_the_reason(
    tour: AgentRun, truth: dict[str, Any]
) -> None:
    missing = tour.missing()
    for entry, facts in truth["not_on_host"].items():
        if "missing" in facts:
            assert facts["missing"] in missing.get(entry, ""), (entry, missing.get(entry))
    network = {k: v for k, v in missing.items() if k.startswith("net.")}
    # Java stacks the JVM lacks are skipped; native TLS libraries it never loads are watched for.
    assert network and all(
        ("class not found" in v and "skipped" in v) or "not loaded (yet)" in v
        for v in network.values()
    )
    assert tour.report["agent_problems"] == []
    assert not [log for log in tour.report["agent_logs"] if log["level"] == "error"]


def test_identifier_values_are_kept_for_the_traffic_matcher(tour: AgentRun) -> None:
    by_entry = {e.entry: e for e in tour.collector.events}
    assert by_entry["telephony.getDeviceId"].ret == "867530912345678"
    assert by_entry["gaid.Info.getId"].ret == "38400000-8cf0-11bd-b23e-10b96e40000d"
    assert by_entry["wifi.getMacAddress"].ret == "02:1a:11:f0:5c:3e"
    mac = by_entry["net.getHardwareAddress"].ret
    assert mac is not None and MAC.match(mac), mac
    serial = [
        e
        for e in tour.collector.events
        if e.entry == "sysprops.get" and e.category.value == "serial"
    ]
    assert [e.ret for e in serial] == ["HLAB0001XYZ"]


def test_calls_that_throw_are_recorded_as_attempts(tour: AgentRun) -> None:
    (probe,) = [e for e in tour.collector.events if e.args[:1] == ("com.example.notinstalled",)]
    # The exception is kept apart from return values: no "value" the traffic matcher searches.
    assert probe.ret is None
    assert probe.threw is not None and "NameNotFoundException" in probe.threw
    assert "threw" in probe.to_json()


def test_native_reads_name_the_path_and_the_calling_module(tour: AgentRun) -> None:
    paths = sorted(e.args[0] for e in tour.collector.events if e.entry.startswith("native."))
    assert paths == [
        "/proc/net/arp",
        "/sys/class/net/lo/address",
        "/sys/devices/virtual/net/lo/address",
    ]
    for event in tour.collector.events:
        if event.entry.startswith("native."):
            assert event.args[1].startswith("caller=lib"), event.args


def test_stacks_travel_once_and_every_event_names_one(tour: AgentRun) -> None:
    table = tour.collector.stacks.to_json()["stacks"]
    ids = [s["id"] for s in table]
    assert ids == list(range(len(ids)))
    records = [*tour.collector.events, *tour.collector.context_events]
    assert all(
        r.stack_id is not None and r.stack == tuple(table[r.stack_id]["frames"]) for r in records
    )
    assert tour.report["lost_sequence_numbers"] == []
    assert max(len(s["frames"]) for s in table) <= load_catalog().agent.max_frames
