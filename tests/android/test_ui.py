"""Dumps as U2Driver checks them. The driver itself runs the real uiautomator2 client
against the stand-in u2 server in test_u2_client.py.

The dumps are real uiautomator dumps (tests/fixtures/android/hierarchy, MIT, licences
beside them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.android.ui import check_hierarchy, packages_on_screen
from harness.errors import InfrastructureError

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "hierarchy"


@pytest.mark.parametrize(
    ("dump", "first_package"),
    [
        ("visiontest-homee-login.xml", "de.vorwerk.homee.homee"),
        ("termux-flutter-ide-retry.xml", "com.iml1s.termux_flutter_ide"),
    ],
)
def test_real_dumps_pass_and_name_packages(dump: str, first_package: str) -> None:
    xml = (DUMPS / dump).read_text(encoding="utf-8")
    assert check_hierarchy(xml).tag == "hierarchy"
    assert first_package in packages_on_screen(xml)


@pytest.mark.parametrize("bad", ["", "<html/>", "<hierarchy><node></hierarchy>"])
def test_bad_dumps(bad: str) -> None:
    with pytest.raises(InfrastructureError):
        check_hierarchy(bad)
