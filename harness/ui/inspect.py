"""What the detectors find on one screen, as JSON: what `harness ui inspect` prints.

A technician writing a scenario sees which consent dialog and buttons the harness would tap
(with their confidence), whether a permission dialog is up and which answer each button
gives, and every actionable node with the selector keys to name it.
"""

from __future__ import annotations

from typing import Any

from harness.ui.actions import actionable
from harness.ui.consent import detect_consent
from harness.ui.hierarchy import Hierarchy
from harness.ui.permissions import detect_permission_dialog


def inspect_hierarchy(hierarchy: Hierarchy, package: str | None = None) -> dict[str, Any]:
    consent = detect_consent(hierarchy)
    permission = detect_permission_dialog(hierarchy)
    return {
        "packages": sorted(hierarchy.packages()),
        "consent": consent.to_json() if consent else None,
        "permission": permission.to_json() if permission else None,
        "actionable": [a.to_json() for a in actionable(hierarchy, package)],
    }
