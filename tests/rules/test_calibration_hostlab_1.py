"""The rules end to end on the host lab, shard 1 of `harness calibrate` over the lab apps
(real Frida, JVM, mitmproxy; tests/rules/calibration_shards.py), then `harness score` on one of
the real bundles it wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.evidence.verify import verify_bundle
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.testkit.cli import run_harness
from tests.rules.calibration_shards import assert_exact, calibrate_shard

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.heavy(4),  # minutes: the longest files of the run
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]


@pytest.fixture(scope="module")
def calibration(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path, str]:
    out = tmp_path_factory.mktemp("evidence")
    summary, output = calibrate_shard(0, out)
    return summary, out, output


def test_calibration_is_exact_on_its_shard_of_the_lab(
    calibration: tuple[dict[str, object], Path, str],
) -> None:
    summary, _, output = calibration
    assert_exact(summary, output, 0)


def test_a_real_bundle_records_its_scoring_and_rescores_offline(
    calibration: tuple[dict[str, object], Path, str], tmp_path: Path
) -> None:
    _, out, _ = calibration
    bundles = sorted(p for p in (out / "tracker").iterdir() if (p / "manifest.json").is_file())
    bundle = next(
        b for b in bundles
        if json.loads((b / "manifest.json").read_text())["scenario"] == "first-launch-accept"
    )  # fmt: skip
    record = json.loads((bundle / "scoring.json").read_text(encoding="utf-8"))
    assert record["rule_pack"]["version"] == load_rule_pack().version
    assert record["profile"]["app_type"] == "实用工具"
    # Only the policy rules (issue 16) are skipped: the tracker app ships no policy.
    assert {s["needs"][0] for s in record["rules_skipped"]} <= {"policy"}
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert "scoring.json" in manifest["files"]

    same = run_harness("score", str(bundle), timeout=300)
    assert same.returncode == 0, same.stderr
    rescored = Path(same.stdout.strip().splitlines()[-1])
    original = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    again = json.loads((rescored / "findings.json").read_text(encoding="utf-8"))
    assert [(f["rule"], f["category"], f["collector"], f["evidence"]) for f in again] == [
        (f["rule"], f["category"], f["collector"], f["evidence"]) for f in original
    ]

    lenient = tmp_path / "lenient.yaml"
    text = DEFAULT_RULE_PACK.read_text(encoding="utf-8")
    lenient.write_text(text.replace("max_reads: 10", "max_reads: 100"), encoding="utf-8")
    other = run_harness("score", str(bundle), "--rules", str(lenient), timeout=300)
    assert other.returncode == 0, other.stderr
    assert "  - excessive-frequency / android_id / post_consent / AMap" in other.stdout
    assert verify_bundle(bundle).intact
