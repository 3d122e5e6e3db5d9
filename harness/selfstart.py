"""The self-start table (harness/data/self-start.yaml): the broadcasts the probe sends by
default, and from which target SDK Android stops delivering each to manifest receivers.

Read by the probe step (harness.scenario.probe) and the host lab's system model
(harness.hostlab.broadcasts), which must agree on it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model


class BroadcastRefused(Exception):
    """The device would not send a system broadcast (no root for a protected one, ...)."""


class SelfStartTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    default_broadcasts: tuple[str, ...]
    manifest_limit_from_sdk: dict[str, int | None]
    other_limit_from_sdk: int

    def delivered_to_manifest(self, action: str, target_sdk: int | None) -> bool:
        """Whether Android delivers `action` to a manifest receiver of an app targeting it."""
        if target_sdk is None:
            return True
        limit = self.manifest_limit_from_sdk.get(action, self.other_limit_from_sdk)
        return limit is None or target_sdk < limit


@functools.cache
def load_self_start_table(path: Path = PACKAGE_DATA / "self-start.yaml") -> SelfStartTable:
    return load_model(path, SelfStartTable)
