"""Imports apkInspector without the logging set-up it does on import.

apkInspector calls logging.basicConfig(DEBUG) when its axml module is imported, which would
turn on every library's debug output in whatever program imports the harness (suite runs,
workers, benchmarks). A library must not configure logging: import it here first, once, and
undo what it did; `harness.apk.manifest` takes `get_manifest` from here, so whatever imports
the APK reader gets the quiet import first (the package face no longer imports anything).
"""

import logging


def _import_apkinspector_quietly() -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import apkInspector.axml  # noqa: F401  (the module that configures logging)

    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


_import_apkinspector_quietly()

# The one name the harness uses from that module, for importers (harness.apk.manifest): the
# quiet import above has run before anyone can reach it.
from apkInspector.axml import get_manifest  # noqa: E402

__all__ = ["get_manifest"]
