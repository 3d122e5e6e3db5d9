"""junit.xml for a nightly diff: one test case per app and scenario, so CI shows at a glance
which apps gained findings (failures) and which could not be tested (errors).

A case fails when it has new findings at or above the gate's severity; it is an error when
tonight's session failed; it is skipped when the app left the suite. New, fixed and
unchanged findings are listed in the case's system-out either way.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from harness.model import Severity
from harness.results.diff import AppDiff, DiffStatus
from harness.results.records import FindingRow


def _line(f: FindingRow) -> str:
    return f"{f.rule} {f.category or '-'} {f.phase or '-'} via {f.collector or '-'} [{f.severity}]"


def junit_tree(suite: str, diffs: list[AppDiff], threshold: Severity) -> ET.ElementTree:
    root = ET.Element("testsuites", name=f"harness diff: {suite}")
    cases = ET.SubElement(root, "testsuite", name=suite)
    failures = errors = skipped = 0
    for d in diffs:
        case = ET.SubElement(cases, "testcase", classname=d.app, name=d.scenario)
        gated = d.gated(threshold)
        if d.status is DiffStatus.FAILED:
            errors += 1
            ET.SubElement(case, "error", message=f"session ended in {d.outcome}").text = d.error
        elif d.status is DiffStatus.DROPPED:
            skipped += 1
            ET.SubElement(case, "skipped", message="not in tonight's run")
        elif gated:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(gated)} new finding(s) at or above {threshold.value}",
                type="new-findings",
            )
            failure.text = "\n".join(_line(f) for f in gated)
        out = [f"status: {d.status.value}"]
        out += [f"new: {_line(f)}" for f in d.new]
        out += [f"fixed: {_line(f)}" for f in d.fixed]
        out += [f"unchanged: {_line(f)}" for f in d.unchanged]
        ET.SubElement(case, "system-out").text = "\n".join(out)
    for element in (root, cases):
        element.set("tests", str(len(diffs)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
        element.set("skipped", str(skipped))
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(path: Path, suite: str, diffs: list[AppDiff], threshold: Severity) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_tree(suite, diffs, threshold).write(path, encoding="utf-8", xml_declaration=True)
