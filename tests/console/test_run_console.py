"""`harness run` end to end on the host lab: what a technician sees while it works and at
the end, off a terminal (a CI log) and on one (forced with --progress always)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "run", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_run_without_a_consent_dialog_says_so(tmp_path: Path) -> None:
    # api-tour shows no privacy dialog: the consent step finds none.
    result = _run("api-tour", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    err = result.stderr.splitlines()
    assert re.fullmatch(f"{STAMP} run api-tour · first-launch-accept on host-lab", err[0])
    assert any(re.match(f"{STAMP} prepare proxy and agent \\(hooks 0 · flows 0", e) for e in err)
    steps = [e for e in err if re.match(f"{STAMP} step \\d+/\\d+ ", e)]
    assert steps and "step 1/" in steps[0] and "launch" in steps[0]
    # The hook events are counted as they arrive: the last step saw some.
    assert int(re.search(r"hooks (\d+)", steps[-1]).group(1)) > 0  # type: ignore[union-attr]
    assert re.fullmatch(f"{STAMP} sealed .+", err[-1])
    assert "\x1b[" not in result.stderr
    out = result.stdout.splitlines()
    bundle = Path(out[-1])
    assert bundle.is_dir() and err[-1].endswith(str(bundle))
    assert out[0].startswith("verdict: violations found")
    assert "violation types:" in out and "collectors:" in out
    assert any("collect-before-consent" in line for line in out)
    assert (
        "  ! no consent dialog was found, so every finding is 'before consent' (the "
        "consent phase never began): check the app's dialog wording or the scenario" in out
    )
    assert "gaps in the evidence:" in out


def test_forced_live_progress_redraws_and_the_summary_follows(tmp_path: Path) -> None:
    result = _run("calibration", "--out", str(tmp_path), "--progress", "always")
    assert result.returncode == 0, result.stderr
    assert "\x1b[1F" in result.stderr  # redrawn in place
    assert "calibration · first-launch-accept on host-lab" in result.stderr
    assert not re.search(f"^{STAMP} ", result.stderr, re.MULTILINE)  # no log lines as well
    out = result.stdout.splitlines()
    assert out[0].startswith("verdict: violations found") and "warnings:" not in out
    assert Path(out[-1]).is_dir()
