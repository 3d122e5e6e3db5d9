"""A real run whose findings cite the app's manifest: its evidence is complete.

`harness run overreach` (real Frida, JVM and mitmproxy) trips over-requested-permissions,
whose findings cite `manifest android.permission.X`. The bundle names the build
(app_identity, from app.yaml) and its declared permissions, so the report resolves every
citation: no `dangling_evidence` gap, junit's `evidence-complete` passes, and the citation
links to the permission in the report's identity block (checked in Chromium). The same
bundle with the declared permissions taken out is a control: the citations dangle again.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.evidence.contents import read_bundle
from harness.evidence.report import regenerate
from harness.evidence.report.citations import unresolved_citations
from tests.conftest import REPO_ROOT
from tests.evidence.browser import open_page

pytestmark = pytest.mark.hostlab


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evidence")
    result = subprocess.run(
        [sys.executable, "-m", "harness", "run", "overreach", "--out", str(out), "--scenario",
         str(REPO_ROOT / "scenarios" / "first-launch-refuse.yaml")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def _findings(bundle: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((bundle / "findings.json").read_text("utf-8"))
    return rows


def test_manifest_citations_resolve_and_junit_evidence_is_complete(bundle: Path) -> None:
    cited = [
        e["id"]
        for f in _findings(bundle)
        if f["rule"] == "over-requested-permissions"
        for e in f["evidence"]
        if e["kind"] == "manifest"
    ]
    assert "android.permission.READ_PHONE_STATE" in cited
    assert unresolved_citations(read_bundle(bundle)) == ()

    document = json.loads((bundle / "report.json").read_text("utf-8"))
    assert not [g for g in document["completeness"]["gaps"] if g["kind"] == "dangling_evidence"]
    resolved = [e["resolved"] for f in document["findings"] for e in f["evidence"]]
    assert resolved and all(resolved)
    identity = document["identity"]
    assert identity["source"] == "app.yaml"
    assert identity["version_name"] == "2.1.0" and identity["version_code"] == 210
    assert set(cited) <= set(identity["manifest_permissions"])

    suite = ET.parse(bundle / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    case = suite.find("testcase[@name='evidence-complete']")
    assert case is not None and case.find("error") is None


def test_a_bundle_without_the_declared_permissions_dangles(bundle: Path, tmp_path: Path) -> None:
    # Control: the same bundle, its manifest's permission list and scoring.json's taken out.
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    manifest = json.loads((copy / "manifest.json").read_text("utf-8"))
    manifest["app_identity"]["manifest_permissions"] = None
    (copy / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    scoring = json.loads((copy / "scoring.json").read_text("utf-8"))
    scoring["manifest_permissions"] = None
    (copy / "scoring.json").write_text(json.dumps(scoring), "utf-8")
    dangling = unresolved_citations(read_bundle(copy))
    assert any("manifest android.permission.READ_PHONE_STATE" in d for d in dangling)


def test_the_citation_links_to_the_permission_in_the_identity_block(
    browser: Any, bundle: Path, tmp_path: Path
) -> None:
    report, written = regenerate(bundle, tmp_path / "report", lang="en")
    assert not [g for g in report.gaps if g.kind == "dangling_evidence"]
    open_page(browser, written["report.html"])
    permission = "android.permission.READ_PHONE_STATE"
    finding = next(f.finding.id for f in report.findings if permission in f.declared)
    browser.execute_script(f"document.getElementById('{finding}').open = true")
    selector = f"#{finding} .declared a[href='#perm-{permission}']"
    link = browser.find_element("css selector", selector)
    link.click()
    target = browser.execute_script("return document.querySelector(':target').id")
    assert target == f"perm-{permission}"
    developer = browser.find_element("css selector", "#identity tr[data-field=developer] td")
    assert developer.text == "手电筒工作室 (Harness Lab)"
