"""Bad input on the command line ends in one clear line and exit 2; a reader that left our
pipe ends the command quietly; `harness devices` with problems is the lab's (exit 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import uiautomator2

from harness.cli import main
from harness.commands.paths_arg import evidence_folder, scenario_file
from harness.errors import InputError
from harness.paths import SCENARIOS_DIR
from tests.conftest import REPO_ROOT


def test_a_bare_scenario_name_is_the_standard_scenario(tmp_path: Path) -> None:
    assert scenario_file("first-launch-refuse") == SCENARIOS_DIR / "first-launch-refuse.yaml"
    # Paths stay paths (relative to the working folder), as before.
    assert scenario_file("scenarios/first-launch-refuse.yaml") == Path(
        "scenarios/first-launch-refuse.yaml"
    )
    with pytest.raises(InputError) as caught:
        scenario_file("first-lunch-refuse")
    assert "no standard scenario of that name" in str(caught.value)
    assert "first-launch-refuse" in str(caught.value)  # the names it could have meant


def test_run_accepts_a_bare_scenario_name_like_suites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The scenario is read before the device is looked up: the device's error proves it
    # was accepted, without starting a session.
    status = main(
        ["run", "--scenario", "first-launch-refuse", "--device", "pixel9", "--out", str(tmp_path)]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert "no device named 'pixel9'" in err and "scenario" not in err


def test_run_names_an_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--scenario", "nope"]) == 2
    assert "--scenario 'nope': no such file and no standard scenario" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "suite"])
def test_a_bad_out_path_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    a_file = tmp_path / "evidence"
    a_file.write_text("a file where the folder should be")
    argv = ["run"] if command == "run" else ["suite", str(REPO_ROOT / "suites/nightly-lab.yaml")]
    index = ["--index", str(tmp_path / "i.sqlite")] if command == "suite" else []
    assert main([*argv, *index, "--out", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert f"{a_file}: --out: an evidence folder expected, got a file" in err
    assert main([*argv, *index, "--out", str(a_file / "below")]) == 2
    assert "--out: cannot make the evidence folder" in capsys.readouterr().err


def test_evidence_folder_is_made_when_missing(tmp_path: Path) -> None:
    assert evidence_folder(tmp_path / "a" / "b").is_dir()


def _uiautomator_apk() -> Path:
    return Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"


def test_a_reader_leaving_the_pipe_ends_the_command_quietly() -> None:
    # `harness inspect --json | head`: the reader is gone before the output is written.
    process = subprocess.Popen(
        [sys.executable, "-m", "harness", "inspect", str(_uiautomator_apk()), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO_ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141  # as a Unix tool ended by SIGPIPE
    assert err == ""  # no traceback, no "Exception ignored"


def test_an_open_pipe_is_not_mistaken_for_a_closed_one() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "harness", "inspect", str(_uiautomator_apk()), "--json"],
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.startswith(b"{")
