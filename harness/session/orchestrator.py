"""A whole session: proxy up, app spawned under hooks, scenario driven, scored, sealed.

The bundle is written aside and renamed into place only at the end (harness.evidence); any
failure leaves a `.failed` folder with the error, never something that looks finished.
"""

from __future__ import annotations

import platform
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frida
import mitmproxy.version

from harness import __version__
from harness.agent.build import build_agent, source_digest
from harness.agent.catalog import Catalog
from harness.agent.messages import AgentMessage
from harness.config.devices import DeviceConfig, DeviceKind
from harness.errors import InputError
from harness.evidence.bundle import BundleWriter, new_run_id
from harness.hostlab import LabApp
from harness.model import FlowRecord, HookInstallReport
from harness.rules.engine import build_context, score
from harness.rules.pack import RulePack
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import Scenario
from harness.session.collector import AgentCollector
from harness.session.hostlab import HostLabTarget
from harness.timeline import build_timeline
from harness.traffic import ProxyServer


@dataclass(frozen=True, slots=True)
class RunRequest:
    app: LabApp
    scenario: Scenario
    device: DeviceConfig
    out_dir: Path
    catalog: Catalog
    rule_pack: RulePack


class _FlowLog:
    """Flows arrive on the proxy's thread as each completes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flows: list[FlowRecord] = []

    def __call__(self, flow: FlowRecord) -> None:
        with self._lock:
            self._flows.append(flow)

    def snapshot(self) -> list[FlowRecord]:
        with self._lock:
            return list(self._flows)


def run_session(request: RunRequest) -> Path:
    """Run one session and return the path of its sealed bundle."""
    if request.device.kind is not DeviceKind.HOST_LAB:
        raise InputError(
            None,
            f"device '{request.device.name}' is of kind {request.device.kind.value}: "
            "`harness run` drives host-lab devices; Android devices come with the device layer",
        )
    writer = BundleWriter(request.out_dir, request.app.name, new_run_id())
    try:
        return _run(request, writer)
    except BaseException as exc:
        writer.fail("".join(traceback.format_exception(exc)))
        raise


def _run(request: RunRequest, writer: BundleWriter) -> Path:
    bundle = build_agent()
    collector = AgentCollector()
    hooks_ready = threading.Event()

    def on_message(message: AgentMessage) -> None:
        collector(message)
        if isinstance(message, HookInstallReport):
            hooks_ready.set()

    flows = _FlowLog()
    started = time.time()
    with ProxyServer(writer.staging, mode=request.device.proxy_mode, on_flow=flows) as proxy:
        target = HostLabTarget(
            request.app,
            request.device,
            proxy.port,
            bundle,
            request.catalog,
            on_message,
            hooks_ready,
        )
        try:
            markers = ScenarioRunner(target, writer).run(request.scenario)
        finally:
            target.close()
    ended = time.time()

    timeline = build_timeline(
        markers, collector.events, flows.snapshot(), target.clock, started, ended
    )
    context = build_context(timeline, request.app.profile, request.device.known_identifiers())
    findings = score(timeline, context, request.rule_pack)

    writer.add_jsonl("events.jsonl", timeline.records_json())
    writer.add_json("findings.json", [f.to_json() for f in findings])
    writer.add_json("hooks.json", collector.report_json() | {"boot_mode": target.boot_mode})
    writer.add_file("app-output.log", target.output)
    return writer.finish(
        _manifest_info(request, target.clock.to_json(), started, ended, len(findings))
    )


def _manifest_info(
    request: RunRequest, clock: dict[str, Any], started: float, ended: float, findings: int
) -> dict[str, Any]:
    return {
        "harness_version": __version__,
        "rule_pack_version": request.rule_pack.version,
        "scenario": request.scenario.name,
        "app_package": request.app.package,
        "app_label": request.app.label,
        "device": {"name": request.device.name, "kind": request.device.kind.value},
        "tools": {
            "frida": frida.__version__,
            "agent_digest": source_digest(),
            "mitmproxy": mitmproxy.version.VERSION,
            "python": platform.python_version(),
        },
        "clock": clock,
        "started": started,
        "ended": ended,
        "findings": findings,
    }
