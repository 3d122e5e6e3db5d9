"""One failing hook never skips the rest: the real agent on a real JVM, with a catalog naming
methods that cannot be hooked for real (tests/hooks/failure_probe/HookFailureProbe.java).

Each failure is in the install report's `failed` list (entry, class, reason); every other
entry of the same class, of later classes, the late-class hooks and the network module are
installed all the same, and the evidence report counts the failure as a gap.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.agent.catalog import Catalog, CatalogEntry
from harness.agent.session import NetworkOptions
from harness.evidence.report.checks import _hook_gaps
from harness.hostlab.labapp import java_executable
from tests.hooks.agentrun import AgentRun, run_under_agent

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

SOURCE = Path(__file__).parent / "failure_probe" / "HookFailureProbe.java"
PROBE = "HookFailureProbe"


def _entry(entry_id: str, cls: str, method: str, **extra: str) -> CatalogEntry:
    return CatalogEntry.model_validate(
        {
            "id": entry_id,
            "class": cls,
            "method": method,
            "kind": "context",
            "topic": "probe",
            **extra,
        }
    )


CATALOG = Catalog(
    version=2,
    entries=(
        _entry("probe.boom", f"{PROBE}$Boom", "value"),  # static initialiser throws
        _entry("probe.take", f"{PROBE}$Holder", "take"),  # parameter class missing
        _entry("probe.fine", f"{PROBE}$Holder", "fine"),  # same class, after the failure
        _entry("probe.late.take", f"{PROBE}$LateHolder", "take", scope="sdk"),
        _entry("probe.late.fine", f"{PROBE}$LateHolder", "fine", scope="sdk"),
        _entry("probe.property", "java.lang.System", "getProperty"),  # a later class
    ),
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> AgentRun:
    classes = tmp_path_factory.mktemp("probe")
    subprocess.run(["javac", "--release", "17", "-d", str(classes), str(SOURCE)], check=True)
    (classes / f"{PROBE}$Optional.class").unlink()
    return run_under_agent(
        [java_executable(), "-cp", str(classes), PROBE],
        CATALOG,
        until="probe: done",
        network=NetworkOptions(unpin=True, proxy=None),
    )


def test_each_failure_is_reported_with_its_class_and_reason(run: AgentRun) -> None:
    failed = {f["entry"]: f for f in run.report["failed"]}
    assert sorted(failed) == ["probe.boom", "probe.late.take", "probe.take"]
    assert failed["probe.boom"]["class"] == f"{PROBE}$Boom"
    assert "ExceptionInInitializerError" in failed["probe.boom"]["reason"]
    assert failed["probe.take"]["class"] == f"{PROBE}$Holder"
    assert failed["probe.take"]["reason"]
    assert "loaded late by" in failed["probe.late.take"]["reason"]
    # Failed is not "missing": the class is there, the hook is not.
    assert not set(failed) & set(run.missing())
    assert not set(failed) & set(run.report["installed"])


def test_everything_else_is_hooked_and_records(run: AgentRun) -> None:
    assert "probe: fine = fine" in run.output
    assert "probe: late = late fine" in run.output
    installed = set(run.report["installed"])
    assert {"probe.fine", "probe.late.fine", "probe.property"} <= installed
    assert [h["entry"] for h in run.report["late"]] == ["probe.late.fine"]
    called = {c.entry for c in run.collector.context_events}
    assert {"probe.fine", "probe.late.fine", "probe.property"} <= called
    # The network module ran after the failures: each of its targets is accounted for.
    # (On HotSpot its Android targets are absent, each with the reason; none failed.)
    network = {k: v for k, v in run.missing().items() if k.startswith("net.")}
    assert network and all(v.strip() for v in network.values())
    assert "net.okhttp3.CertificatePinner.check" in network
    assert not [f for f in run.report.get("failed", []) if str(f["entry"]).startswith("net.")]


def test_the_evidence_report_counts_a_failed_hook_as_a_gap(run: AgentRun) -> None:
    gaps = _hook_gaps(run.report)
    failed = [g for g in gaps if g.kind == "hook_failed"]
    assert len(failed) == 3
    assert any("probe.take on HookFailureProbe$Holder" in g.detail for g in failed)
