"""`harness suite` and `harness worker`: bad input exits 2 naming the file, before any
session or broker connection starts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harness.cli import build_parser, main
from harness.commands.worker import worker_argv
from harness.testkit.cli import HARNESS
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["suite", "nope.yaml"], "nope.yaml: file not found"),
        (["suite", "suites/nightly-lab.yaml", "--device", "pixel9"], "no device named 'pixel9'"),
        (["suite", "suites/nightly-lab.yaml", "--index", "mysql://x/y"], "expected a SQLite path"),
    ],
)
def test_suite_bad_input_exits_2(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(REPO_ROOT)
    assert main(args) == 2
    assert fragment in capsys.readouterr().err


def test_worker_options_survive_the_exec_round_trip() -> None:
    args = build_parser().parse_args(
        ["worker", "--broker", "redis://h:1/0", "--device", "a", "--device", "b",
         "--out", "/shared", "--lease", "12"]
    )  # fmt: skip
    argv = worker_argv(args)
    assert argv[argv.index("--broker") + 1] == "redis://h:1/0"
    assert [argv[i + 1] for i, a in enumerate(argv) if a == "--device"] == ["a", "b"]
    assert argv[argv.index("--lease") + 1] == "12.0"
    assert argv[argv.index("--out") + 1] == "/shared"


def test_worker_with_a_missing_devices_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "devices.yaml"
    done = subprocess.run(
        [*HARNESS, "worker", "--broker", "redis://127.0.0.1:1/0",
         "--devices", str(missing)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert f"{missing}: file not found" in done.stderr
