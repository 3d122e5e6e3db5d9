"""The sdk-depth lab app end to end (real Frida, JVM, mitmproxy): reads inside SDK core
sub-packages, a repackaged core and an analytics vendor's crash SDK are attributed to those
SDKs, and the read by an SDK no database knows is listed in scoring.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.heavy,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]


def test_sdk_depth_calibrates_and_reports_its_unattributed_collector(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness",
            "calibrate",
            "--apps",
            "sdk-depth",
            "--out",
            str(tmp_path),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=os.environ.copy(),
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["precision"] == 1.0 and summary["recall"] == 1.0, done.stdout + done.stderr
    assert summary["errors"] == 0 and summary["runs"] == 2
    bundles = sorted(
        p for p in (tmp_path / "sdk-depth").iterdir() if (p / "scoring.json").is_file()
    )
    assert len(bundles) == 2
    for bundle in bundles:
        record = json.loads((bundle / "scoring.json").read_text(encoding="utf-8"))
        assert record["unattributed_collectors"] == [
            {
                "package": "org.ministat.agent",
                "calls": 1,
                "categories": ["installed_apps"],
                "classes": ["org.ministat.agent.Probe"],
            }
        ]
        assert {"Getui Push", "Umeng U-APM", "Tencent Location"} <= set(
            record["findings"]["by_collector"]
        )
        assert any(s["source"] == "canonical" for s in record["sdk_database"])
        report = json.loads((bundle / "report.json").read_text(encoding="utf-8"))
        notes = report["completeness"]["notes"]
        assert any("(org.ministat.agent: 1)" in note for note in notes), notes
