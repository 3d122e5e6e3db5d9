"""Suite files: resolved and checked before anything runs; mistakes name file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.hostlab import find_lab_app
from harness.paths import LAB_DIR
from harness.session.apkapp import profile_beside
from harness.suite.family import DeviceFamily
from harness.suite.jobs import Job
from harness.suite.spec import load_suite
from tests.android.session_kit import PACKAGE as U2_PACKAGE
from tests.android.session_kit import U2_APK
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


def _apk(tmp_path: Path) -> Path:
    apk = tmp_path / "apks" / "uiautomator.apk"
    apk.parent.mkdir()
    shutil.copyfile(U2_APK, apk)
    return apk


def test_apks_beside_lab_apps_become_android_jobs_named_by_package(tmp_path: Path) -> None:
    apk = _apk(tmp_path)
    profile = tmp_path / "u2.profile.yaml"
    profile.write_text(f"package: {U2_PACKAGE}\napp_type: 实用工具类\n", encoding="utf-8")
    path = _write(
        tmp_path,
        "name: t\napps:\n  - calibration\n"
        "  - {apk: apks/uiautomator.apk, profile: u2.profile.yaml}\n"
        "scenarios: [first-launch-accept]\n",
    )
    suite = load_suite(path)
    assert [a.name for a in suite.apps] == ["calibration", U2_PACKAGE]
    assert suite.families == {DeviceFamily.HOST_LAB, DeviceFamily.ANDROID}
    lab_job, apk_job = suite.jobs("S1")
    assert (lab_job.family, lab_job.app, lab_job.profile) == (
        DeviceFamily.HOST_LAB, "calibration", ""
    )  # fmt: skip
    assert apk_job.id == f"S1/{U2_PACKAGE}/first-launch-accept"
    assert (apk_job.family, apk_job.app, apk_job.app_name) == (
        DeviceFamily.ANDROID, str(apk.resolve()), U2_PACKAGE
    )  # fmt: skip
    assert apk_job.profile == str(profile.resolve())
    assert Job.from_json(json.loads(json.dumps(apk_job.to_json()))) == apk_job  # to a worker


def test_an_apk_by_its_file_name_takes_the_profile_beside_it(tmp_path: Path) -> None:
    apk = _apk(tmp_path)
    path = _write(
        tmp_path, "name: t\napps: [apks/uiautomator.apk]\nscenarios: [first-launch-accept]\n"
    )
    (job,) = load_suite(path).jobs("S1")
    assert (job.family, job.profile) == (DeviceFamily.ANDROID, "")  # none beside it
    profile_beside(apk).write_text(f"package: {U2_PACKAGE}\n", encoding="utf-8")
    (job,) = load_suite(path).jobs("S1")
    assert job.profile == str(profile_beside(apk).resolve())


def test_a_job_from_before_families_is_a_lab_app_job() -> None:
    raw = {"id": "S/a/s", "suite_run": "S", "app": "a", "app_name": "a", "scenario": "/s.yaml",
           "scenario_name": "s", "max_attempts": 3}  # fmt: skip
    assert Job.from_json(raw).family is DeviceFamily.HOST_LAB


@pytest.mark.parametrize(
    ("apps", "line", "fragment"),
    [
        ("  - calibration\n  - apk: missing.apk\n", 4, "missing.apk: file not found"),
        ("  - calibration\n  - not-a-zip.apk\n", 4, "not-a-zip.apk"),
        ("  - apk: apks/uiautomator.apk\n    profile: wrong.yaml\n", 4,
         f"profile is for com.other.app, the app is {U2_PACKAGE}"),
        ("  - apk: apks/uiautomator.apk\n    profile: gone.yaml\n", 4, "gone.yaml: file not found"),
        ("  - apk: apks/uiautomator.apk\n    colour: red\n", 4,
         "apps[0].colour: Extra inputs are not permitted"),
        ("  - {profile: wrong.yaml}\n", 3, "apps[0].apk: Field required"),
        ("  - apk: notes.txt\n", 3, "expected an APK file"),
        ("  - 7\n", 3, "expected a lab app name or folder, '*', an APK file, or {apk: FILE"),
        ("  - apks/uiautomator.apk\n  - {apk: apks/uiautomator.apk, profile: right.yaml}\n", 4,
         f"{U2_PACKAGE} is already apps[0] (a different APK or profile)"),
    ],
)  # fmt: skip
def test_apk_mistakes_name_the_suite_file_and_line(
    tmp_path: Path, apps: str, line: int, fragment: str
) -> None:
    _apk(tmp_path)
    (tmp_path / "not-a-zip.apk").write_text("hello", encoding="utf-8")
    (tmp_path / "wrong.yaml").write_text("package: com.other.app\n", encoding="utf-8")
    (tmp_path / "right.yaml").write_text(f"package: {U2_PACKAGE}\n", encoding="utf-8")
    path = _write(tmp_path, f"name: t\napps:\n{apps}scenarios: [first-launch-accept]\n")
    with pytest.raises(InputError) as caught:
        load_suite(path)
    assert caught.value.path == path and caught.value.line == line
    assert fragment in caught.value.describe()


def test_the_same_apk_twice_runs_once(tmp_path: Path) -> None:
    _apk(tmp_path)
    path = _write(
        tmp_path,
        "name: t\napps: [apks/uiautomator.apk, {apk: ./apks/uiautomator.apk}]\n"
        "scenarios: [first-launch-accept]\n",
    )
    assert [a.name for a in load_suite(path).apps] == [U2_PACKAGE]
