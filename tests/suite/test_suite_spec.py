"""Suite files: resolved and checked before anything runs; mistakes name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.hostlab import find_lab_app
from harness.paths import LAB_DIR
from harness.suite.spec import load_suite
from tests.conftest import REPO_ROOT


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nightly_lab_suite_covers_every_lab_app_and_both_scenarios() -> None:
    suite = load_suite(REPO_ROOT / "suites" / "nightly-lab.yaml")
    lab_apps = sorted(p.parent.name for p in LAB_DIR.glob("*/app.yaml"))
    assert sorted(a.name for a in suite.apps) == lab_apps
    assert [s.name for s in suite.scenarios] == ["first-launch-accept", "first-launch-refuse"]
    jobs = suite.jobs("S1")
    assert len(jobs) == len(lab_apps) * 2
    assert len({j.id for j in jobs}) == len(jobs)
    assert {j.app for j in jobs} == set(lab_apps)  # by name: every host resolves its own lab
    assert all(j.max_attempts == 3 and j.timeout_s == 600 for j in jobs)


def test_app_folder_and_scenario_file_relative_to_the_suite(tmp_path: Path) -> None:
    scenario = tmp_path / "quick.yaml"
    scenario.write_text("name: quick\nsteps:\n  - launch\n  - stop\n", encoding="utf-8")
    path = _write(
        tmp_path,
        f"name: t\napps: [{LAB_DIR / 'calibration'}, calibration]\n"
        "scenarios: [./quick.yaml]\nretry: {max_attempts: 2}\n",
    )
    suite = load_suite(path)
    assert [a.name for a in suite.apps] == ["calibration"]  # the same app once
    assert suite.apps[0] == find_lab_app("calibration")
    (job,) = suite.jobs("S1")
    assert job.scenario == str(scenario.resolve()) and job.scenario_name == "quick"
    assert job.max_attempts == 2 and suite.retry.device_fault_limit == 2


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("name: t\napps:\n  - calibration\n  - nope\nscenarios: [first-launch-accept]\n", 4,
         "no lab app named 'nope'"),
        ("name: t\napps: [calibration]\nscenarios:\n  - missing-scenario\n", 4,
         "missing-scenario.yaml: file not found"),
        ("name: t\napps: [calibration]\nscenarios: [first-launch-accept]\nretry:\n"
         "  max_attempts: 0\n", 5, "greater than or equal to 1"),
        ("name: t\napps: []\nscenarios: [first-launch-accept]\n", 2, "at least 1 item"),
        ("name: t\napps: [calibration]\nscenarios: [first-launch-accept]\ncolour: red\n", 4,
         "Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_mistakes_name_the_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_suite(path)
    assert caught.value.path == path and caught.value.line == line
    assert fragment in caught.value.describe()


def test_star_with_no_lab_apps_is_an_input_error(tmp_path: Path) -> None:
    empty_lab = tmp_path / "lab"
    empty_lab.mkdir()
    path = _write(tmp_path, "name: t\napps: ['*']\nscenarios: [first-launch-accept]\n")
    with pytest.raises(InputError, match="found no lab apps"):
        load_suite(path, lab_root=empty_lab)
