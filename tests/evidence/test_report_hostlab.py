"""The report of a real calibration bundle (real Frida, JVM, mitmproxy), read in Chromium.

One `harness run` of the calibration lab app; its report.html is opened in headless
Chromium, a screenshot is saved in the test's folder, and the DOM is checked against the
bundle's own files: as many findings as findings.json, as many hook marks in the timeline
as hook events in events.jsonl, the phases as bands and the consent tap marked. Then the
bundle is exported, unzipped and verified, and one changed byte is named.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from harness.testkit.cli import run_harness
from tests.evidence.browser import full_page_screenshot, open_page

pytestmark = pytest.mark.hostlab

SUM_N = (
    "return [...document.querySelectorAll(arguments[0])]"
    ".reduce((n, e) => n + Number(e.dataset.n), 0)"
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evidence")
    result = run_harness("run", "calibration", "--out", str(out), timeout=240)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def _rows(bundle: Path) -> list[dict[str, Any]]:
    with (bundle / "events.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_report_of_a_real_run_renders_findings_and_timeline(
    browser: Any, bundle: Path, tmp_path: Path
) -> None:
    findings = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    rows = _rows(bundle)
    hooks = [r for r in rows if r["type"] == "hook"]
    flows = [r for r in rows if r["type"] == "flow"]
    assert findings and hooks and flows  # the calibration app collects before consent

    logs = open_page(browser, bundle / "report.html")
    shot = full_page_screenshot(browser, tmp_path / "calibration-report.png")
    print(f"screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    run = browser.execute_script
    assert run("return document.querySelectorAll('#findings details.finding').length") == len(
        findings
    )
    assert run("return Number(document.querySelector('#verdict').dataset.findings)") == len(
        findings
    )
    regulations = {f["regulation"] for f in findings}
    assert run("return document.querySelectorAll('#findings section.regulation').length") == len(
        regulations
    )
    assert run(SUM_N, "#timeline .mark.hook") == len(hooks)
    assert run(SUM_N, "#timeline .mark.flow") >= len(flows)
    categories = {h["category"] for h in hooks}
    shown_rows = set(
        run("return [...document.querySelectorAll('#timeline g.row')].map(g => g.dataset.row)")
    )
    assert categories <= shown_rows
    bands = run(
        "return [...document.querySelectorAll('#timeline rect.band')].map(b => b.dataset.phase)"
    )
    assert bands == ["pre_consent", "post_consent"]
    assert (
        run("return document.querySelectorAll('#timeline g.tap[data-kind=consent_accept]').length")
        == 1
    )
    assert run("return document.querySelectorAll('#timeline .background-span').length") == 1
    # Rendered, not just present: the picture has a size on the page.
    assert run("return document.querySelector('#timeline').getBoundingClientRect().height") > 100

    # Opening a finding shows its evidence: the stack with the app's own frame, the flow
    # with the IMEI highlighted where it sits in the body.
    run("document.querySelectorAll('details.finding').forEach(d => d.open = true)")
    app_frames = run(
        "return [...document.querySelectorAll('li.frame-app')].map(li => li.textContent)"
    )
    assert any("DeviceInfo.collectDeviceId" in f for f in app_frames)
    marks = run(
        "return [...document.querySelectorAll('.evidence.flow .body mark')].map(m => m.textContent)"
    )
    assert "867530912345678" in marks
    assert run("return document.querySelector('#integrity').dataset.status") == "sealed"
    assert run("return document.scripts.length") == 0
    assert run("return performance.getEntriesByType('resource').length") == 0
    assert not [e for e in logs if "Content Security Policy" in e["message"]]


def test_regenerated_report_matches_and_the_bundle_still_verifies(
    bundle: Path, tmp_path: Path
) -> None:
    result = run_harness("report", str(bundle), "--out", str(tmp_path / "again"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("integrity: intact")
    sealed = json.loads((bundle / "report.json").read_text(encoding="utf-8"))
    again = json.loads((tmp_path / "again" / "report.json").read_text(encoding="utf-8"))
    for key in ("generated", "bundle"):
        sealed.pop(key), again.pop(key)
    assert sealed == again
    assert run_harness("verify", str(bundle)).returncode == 0


def test_export_then_verify_the_unzipped_copy_and_one_changed_byte(
    bundle: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "calibration.zip"
    result = run_harness("export", str(bundle), "--out", str(archive))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "copy")
    copy = tmp_path / "copy" / bundle.name
    verified = run_harness("verify", str(copy))
    assert verified.returncode == 0, verified.stdout
    page = copy / "report.html"
    data = bytearray(page.read_bytes())
    data[-10] ^= 0x20
    page.write_bytes(bytes(data))
    changed = run_harness("verify", str(copy))
    assert changed.returncode == 1
    assert "CHANGED  report.html" in changed.stdout
