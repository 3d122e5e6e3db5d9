"""junit.xml for CI dashboards: one test case per rule for the app, one failure per finding.

An extra test case, `evidence-complete`, errors when the bundle is altered or incomplete,
or its evidence has gaps (lost events, no consent dialog, ...), so a dashboard never shows
green for a run whose evidence cannot carry a "no violations" result. The testsuite's
`failures` counts failed test cases (rules), as JUnit defines it; each finding is its own
<failure> element inside its rule's case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from harness.evidence.facts import utc_iso
from harness.evidence.report.assemble import Report

COMPLETENESS_CASE = "evidence-complete"
# Characters XML 1.0 cannot carry at all; the app controls some of this text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _device_name(device: object) -> str:
    return str(device.get("name", "")) if isinstance(device, dict) else ""


def render_junit(report: Report) -> bytes:
    package = str(report.manifest.get("app_package") or report.app)
    suite_name = f"{package} ({report.manifest.get('scenario') or 'unknown scenario'})"
    suites = ET.Element("testsuites", name="harness")
    suite = ET.SubElement(suites, "testsuite", name=_x(suite_name))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("run_id", report.run_id),
        ("device", _device_name(report.manifest.get("device"))),
        ("rule_pack_version", report.manifest.get("rule_pack_version") or ""),
        ("integrity", report.integrity.status.value),
        ("verdict", report.verdict.result.value),
    ):
        ET.SubElement(properties, "property", name=name, value=_x(value))
    failed = errors = 0
    for rule in report.rules_run:
        case = ET.SubElement(suite, "testcase", classname=_x(package), name=_x(rule), time="0")
        items = [f for f in report.findings if f.finding.rule == rule]
        failed += bool(items)
        for item in items:
            finding = item.finding
            failure = ET.SubElement(
                case,
                "failure",
                message=_x(
                    f"{finding.id} {finding.title}: {finding.category or '-'} in "
                    f"{finding.phase or '-'} by {finding.collector or '-'}, {finding.count}x"
                ),
                type=_x(finding.severity),
            )
            refs = ", ".join(f"{kind} {ref}" for kind, ref in finding.evidence)
            failure.text = _x(
                f"regulation: {finding.regulation.text}\nfirst at: {report.rel(finding.first_ts)}"
                f"\nevidence: {refs}\n"
            )
    case = ET.SubElement(suite, "testcase", classname=_x(package), name=COMPLETENESS_CASE, time="0")
    if report.gaps:
        errors = 1
        error = ET.SubElement(
            case,
            "error",
            message=_x(
                f"{len(report.gaps)} gap(s) in the evidence; "
                f"integrity {report.integrity.status.value}"
            ),
            type="incomplete-evidence",
        )
        error.text = _x("\n".join(f"{g.kind}: {g.detail}" for g in report.gaps) + "\n")
    suite.set("tests", str(len(report.rules_run) + 1))
    suite.set("failures", str(failed))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", f"{report.end - report.start:.3f}")
    suite.set("timestamp", utc_iso(report.start)[:19])
    for key in ("tests", "failures", "errors"):
        suites.set(key, suite.get(key, "0"))
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True) + b"\n"
