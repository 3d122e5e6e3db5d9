"""The lab phone's runtime-permission settings for an app, as the lab runtime keeps them.

With `-Dharness.permissions.file=PATH` the runtime (lab/runtime harness.lab.LabPermissions)
reads the user's answers from PATH at start and writes them after each answer, one line per
decided permission (`<permission> granted|denied`), so they outlive the process as Android's
package manager keeps them. `lab_grants` reads that file as the harness's snapshot: each
decided permission as the user set it, every other dangerous permission of the manifest as
not granted and undecided. A line that is not `<permission> granted|denied` is an
infrastructure error (the runtime wrote it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from harness.apk.permissions import PermissionTable
from harness.errors import InfrastructureError
from harness.model import GrantState

PERMISSIONS_PROPERTY = "harness.permissions.file"
_STATES = {"granted": True, "denied": False}


def lab_grants(
    path: Path, manifest: Iterable[str], table: PermissionTable | None = None
) -> dict[str, GrantState]:
    table = table or PermissionTable.load()
    grants = {p: GrantState(False, False) for p in manifest if table.is_dangerous(p)}
    if not path.is_file():
        return grants
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2 or parts[1] not in _STATES:
            raise InfrastructureError(
                f"{path}:{number}: the lab runtime's permission store has {line!r}, "
                "expected '<permission> granted|denied'"
            )
        grants[parts[0]] = GrantState(_STATES[parts[1]], True)
    return grants
