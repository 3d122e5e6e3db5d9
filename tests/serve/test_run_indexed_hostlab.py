"""A real `harness run` on the host lab lands in the index beside its bundle, and exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harness.results.location import index_url
from harness.results.query import ResultFilter, sessions, suite_runs
from harness.results.store import RUN_KIND, open_index_readonly

pytestmark = pytest.mark.hostlab


def _harness(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_INDEX"}
    return subprocess.run(
        [sys.executable, "-m", "harness", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def test_a_run_is_indexed_and_exported_from_the_index(tmp_path: Path) -> None:
    result = _harness(tmp_path, "run", "calibration")
    assert result.returncode == 0, result.stderr
    bundle = tmp_path / result.stdout.strip().splitlines()[-1]
    sealed = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    index_file = tmp_path / "evidence" / "index.sqlite"  # the suites' default index
    with open_index_readonly(index_url(str(index_file))) as index:
        (run,) = suite_runs(index)
        (row,) = sessions(index, ResultFilter())
    assert run.kind == RUN_KIND and row.suite_run == run.id
    assert (row.app, row.scenario, row.device) == ("calibration", "first-launch-accept", "host-lab")
    assert Path(row.bundle) == bundle.resolve() and row.findings == len(sealed) > 0
    out = tmp_path / "run.xlsx"
    export = _harness(tmp_path, "export", "--run", run.id, "--xlsx", str(out))
    assert export.returncode == 0, export.stderr
    rows = list(load_workbook(out)["Findings"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5], r[10] or None) for r in rows] == [
        ("calibration", f["rule"], f["category"]) for f in sealed
    ]
