"""Importing the harness's APK reader leaves the program's logging as it was.

apkInspector calls logging.basicConfig(DEBUG) on import; harness.apk._quiet undoes it. A fresh
interpreter is needed: in this one, logging and apkInspector are already set up.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import logging
import harness.apk.manifest  # the APK reader: it imports apkInspector.axml
import apkInspector.axml
root = logging.getLogger()
print(len(root.handlers), logging.getLevelName(root.level))
"""


def test_importing_harness_apk_configures_no_logging() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "WARNING"]
