"""APK fixtures: the uiautomator APK uiautomator2 ships, and one built here from smali."""

from __future__ import annotations

from pathlib import Path

import pytest
import uiautomator2

from harness.apk.build import APT_PACKAGES
from tests.apk.apkbuild import build_fixture_apk, missing_tools


@pytest.fixture(scope="session")
def u2_apk() -> Path:
    return Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"


@pytest.fixture(scope="session")
def built_apk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = missing_tools()
    if missing:
        pytest.skip(
            "needs Debian's Android build tools, missing: "
            + ", ".join(missing)
            + f" (apt-get install {APT_PACKAGES})"
        )
    return build_fixture_apk(tmp_path_factory.mktemp("apkbuild"))
