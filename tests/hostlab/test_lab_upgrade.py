"""A lab app's version N+1 (`upgrade:` in app.yaml) and the lab phone's permission store
the runtime keeps (harness.hostlab.grants): parsed, and refused when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InfrastructureError, InputError
from harness.hostlab import find_lab_app
from harness.hostlab.grants import lab_grants
from harness.hostlab.labapp import load_lab_app
from harness.model import GrantState
from tests.hostlab.test_lab_labapp import GOOD_YAML, make_app

FINE = "android.permission.ACCESS_FINE_LOCATION"
CAMERA = "android.permission.CAMERA"
MANIFEST = ("android.permission.INTERNET", FINE, CAMERA)


def test_the_lab_apps_with_two_versions() -> None:
    reset, keep = find_lab_app("update-reset"), find_lab_app("update-keep")
    assert reset.upgrade is not None and not reset.upgrade.same_signature
    assert keep.upgrade is not None and keep.upgrade.same_signature
    new = reset.upgraded()
    assert new.version_name == "2.0" and reset.version_name == "1.0"
    assert new.source_dirs[1] == reset.folder / "src-v2" and new.upgrade is None
    assert new.package == reset.package and new.expected_findings == reset.expected_findings


def test_an_app_with_one_version_cannot_be_upgraded(tmp_path: Path) -> None:
    app = load_lab_app(make_app(tmp_path, GOOD_YAML))
    assert app.upgrade is None and app.version_name is None  # "not recorded"
    with pytest.raises(InputError, match="no `upgrade:`"):
        app.upgraded()


def test_an_upgrade_without_its_sources_names_the_line(tmp_path: Path) -> None:
    folder = make_app(tmp_path, GOOD_YAML + "upgrade: {version_name: '2', src: src-next}\n")
    with pytest.raises(InputError) as caught:
        load_lab_app(folder)
    assert "no folder src-next/" in str(caught.value)
    assert f"app.yaml:{len(GOOD_YAML.splitlines()) + 1}" in str(caught.value)
    (folder / "src-next").mkdir()
    assert load_lab_app(folder).upgrade is not None


def test_the_store_gives_the_users_answers_and_the_rest_undecided(tmp_path: Path) -> None:
    store = tmp_path / "runtime-permissions"
    assert lab_grants(store, MANIFEST) == {
        FINE: GrantState(False, False),
        CAMERA: GrantState(False, False),
    }  # no answer yet; INTERNET is not a runtime permission
    store.write_text(f"{FINE} granted\n{CAMERA} denied\n", encoding="utf-8")
    assert lab_grants(store, MANIFEST) == {
        FINE: GrantState(True, True),
        CAMERA: GrantState(False, True),
    }


def test_a_damaged_store_is_the_labs_fault_naming_the_line(tmp_path: Path) -> None:
    store = tmp_path / "runtime-permissions"
    store.write_text(f"{FINE} granted\n{CAMERA} maybe\n", encoding="utf-8")
    with pytest.raises(InfrastructureError, match=r"runtime-permissions:2: .*maybe"):
        lab_grants(store, MANIFEST)
