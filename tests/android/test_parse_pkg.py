"""Package-manager parsers against recorded outputs (tests/fixtures/android/outputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.android.parse_pkg import (
    PackageEntry,
    parse_dumpsys_package,
    parse_install_session,
    parse_pm_list_packages,
    parse_pm_path,
    parse_pm_result,
)

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "outputs"


def read(name: str) -> str:
    return (OUT / name).read_text(encoding="utf-8")


def test_dumpsys_api34_reads_user0_and_ignores_later_sections() -> None:
    state = parse_dumpsys_package(read("dumpsys-package-api34.txt"), "org.harness.fixture")
    assert state is not None
    assert (state.uid, state.version_code, state.version_name) == (10187, 7, "1.2.3 beta")
    assert (state.min_sdk, state.target_sdk) == (21, 33)
    assert state.requested == (
        "android.permission.INTERNET",
        "android.permission.READ_PHONE_STATE",
        "android.permission.ACCESS_FINE_LOCATION",
        "android.permission.READ_CONTACTS",
    )
    assert state.install_granted == ("android.permission.INTERNET",)
    # User 10 grants READ_PHONE_STATE; user 0 does not: only user 0 counts.
    assert state.runtime_state("android.permission.READ_PHONE_STATE") is False
    assert state.runtime_state("android.permission.ACCESS_FINE_LOCATION") is True
    assert state.runtime_state("android.permission.CAMERA") is None
    fine = next(g for g in state.runtime if g.name == "android.permission.ACCESS_FINE_LOCATION")
    assert "USER_SET" in fine.flags
    assert state.first_install == "2026-11-20 09:14:03"
    assert state.code_path is not None and state.code_path.endswith("==")


def test_dumpsys_other_user() -> None:
    state = parse_dumpsys_package(read("dumpsys-package-api34.txt"), "org.harness.fixture", user=10)
    assert state is not None and state.runtime_state("android.permission.READ_PHONE_STATE") is True


def test_dumpsys_api25_uses_packages_block_not_hidden_system_copy() -> None:
    state = parse_dumpsys_package(read("dumpsys-package-api25.txt"), "com.example.legacy")
    assert state is not None
    assert (state.version_code, state.version_name, state.target_sdk) == (3105, "3.1.5", 22)
    # targetSdk 22: dangerous permissions are install-time grants, no runtime section entries.
    assert "android.permission.READ_PHONE_STATE" in state.install_granted
    assert state.runtime == ()
    assert state.last_update == "2019-03-02 18:40:13"


@pytest.mark.parametrize("fixture", ["dumpsys-package-absent.txt", "dumpsys-package-api34.txt"])
def test_dumpsys_absent_package(fixture: str) -> None:
    assert parse_dumpsys_package(read(fixture), "org.harness.absent") is None


def test_dumpsys_crlf() -> None:
    text = read("dumpsys-package-api34.txt").replace("\n", "\r\n")
    state = parse_dumpsys_package(text, "org.harness.fixture")
    assert state is not None and state.version_name == "1.2.3 beta"


def test_pm_list_packages_with_paths_containing_equals() -> None:
    entries = parse_pm_list_packages(read("pm-list-packages-f.txt"))
    assert entries[0] == PackageEntry(
        "org.harness.fixture",
        "/data/app/~~Qk3m9VZr1bW0yq8AqGQ1xg==/org.harness.fixture-pG0aO1R7r3t8nUQm1_2bXA==/base.apk",
    )
    assert [e.name for e in entries] == [
        "org.harness.fixture",
        "com.android.shell",
        "com.android.chrome",
        "com.example.legacy",
    ]


def test_pm_list_packages_uids() -> None:
    entries = parse_pm_list_packages(read("pm-list-packages-U.txt"))
    assert entries[1] == PackageEntry("com.android.shell", None, 2000)


def test_pm_path_splits() -> None:
    paths = parse_pm_path(read("pm-path-splits.txt"))
    assert (
        len(paths) == 3
        and paths[0].endswith("/base.apk")
        and paths[2].endswith("split_config.xxhdpi.apk")
    )


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("Success: created install session [1185270034]\n", 1185270034),
        ("Error: java.lang.IllegalArgumentException: Size must be positive\n", None),
    ],
)
def test_install_session(text: str, session: int | None) -> None:
    assert parse_install_session(text) == session


@pytest.mark.parametrize(
    ("text", "ok", "code"),
    [
        ("Success\n", True, "Success"),
        ("", True, "Success"),  # pm grant/revoke print nothing on success
        ("Performing Streamed Install\nSuccess\n", True, "Success"),
        (
            "Failure [INSTALL_FAILED_UPDATE_INCOMPATIBLE: Package org.x signatures do not match "
            "previously installed version; ignoring!]",
            False,
            "INSTALL_FAILED_UPDATE_INCOMPATIBLE",
        ),
        (
            "Failure [INSTALL_FAILED_NO_MATCHING_ABIS: "
            "Failed to extract native libraries, res=-113]\n",
            False,
            "INSTALL_FAILED_NO_MATCHING_ABIS",
        ),
        ("Failure [DELETE_FAILED_INTERNAL_ERROR]\n", False, "DELETE_FAILED_INTERNAL_ERROR"),
        (
            "Exception occurred while executing 'grant':\njava.lang.SecurityException: "
            "Package org.x has not requested permission android.permission.CAMERA\n",
            False,
            "Exception",
        ),
        ("Error: Unknown option: -z\n", False, "Error"),
    ],
)
def test_pm_result(text: str, ok: bool, code: str) -> None:
    result = parse_pm_result(text)
    assert (result.ok, result.code) == (ok, code)
