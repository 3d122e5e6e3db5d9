"""The package's import layering (pyproject's [tool.importlinter] contracts) holds.

The rules are a leaf (model, timeline, profile, necessity, SDK database, permissions); a
profile knows no rules and no traffic; traffic knows no rules, evidence or session; the
results index sits below sessions and suites; the model and the timeline import nothing of
the harness. import-linter builds the import graph of every module (imports inside functions
included) and names the chain of any import that breaks a contract.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO_ROOT


def _contracts() -> list[dict[str, list[str] | str]]:
    data = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["tool"]["importlinter"]["contracts"])


def test_the_layering_contracts_cover_the_layers_issue_18_names() -> None:
    sources = {s for c in _contracts() for s in c["source_modules"]}
    assert {"harness.rules", "harness.profile", "harness.results", "harness.traffic"} <= sources
    leaf = next(c for c in _contracts() if c["source_modules"] == ["harness.rules"])
    upper = {"harness.traffic", "harness.evidence", "harness.hostlab", "harness.session"}
    assert upper <= set(leaf["forbidden_modules"])


def test_the_package_keeps_its_import_layering() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout and "KEPT" in done.stdout
