"""A command's BUNDLE argument: a bundle folder, or an export (.zip) unpacked for the command.

An export is untrusted input: it is unpacked by harness.evidence.export.unpack_export (names
that leave the folder, links and zip bombs refused) into a temporary folder that is removed
when the command ends, whatever happens.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path


def is_export(path: Path) -> bool:
    return path.suffix == ".zip" and path.is_file()


@contextlib.contextmanager
def opened_bundle(path: Path) -> Iterator[Path]:
    """The bundle folder `path` names: itself, or its export's contents while in use."""
    if not is_export(path):
        yield path
        return
    from harness.evidence.export import unpack_export

    with tempfile.TemporaryDirectory(prefix="harness-export-") as folder:
        yield unpack_export(path, Path(folder))
