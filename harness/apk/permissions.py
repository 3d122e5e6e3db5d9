"""The runtime ("dangerous") permissions, from the data file beside this module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.model import DataCategory
from harness.yamlfile import load_model

DATA_FILE = "permissions.yaml"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    group: str
    added: int
    categories: tuple[DataCategory, ...]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    permissions: dict[str, _Entry]


@dataclass(frozen=True, slots=True)
class DangerousPermission:
    name: str
    group: str
    added: int
    categories: tuple[DataCategory, ...]


class PermissionTable:
    def __init__(self, entries: Iterable[DangerousPermission]) -> None:
        self._by_name = {e.name: e for e in entries}

    @classmethod
    def load(cls, path: Path | None = None) -> PermissionTable:
        if path is None:
            path = Path(str(resources.files("harness.apk") / DATA_FILE))
        document = load_model(path, _File)
        return cls(
            DangerousPermission(name, e.group, e.added, e.categories)
            for name, e in document.permissions.items()
        )

    def get(self, name: str) -> DangerousPermission | None:
        return self._by_name.get(name)

    def is_dangerous(self, name: str) -> bool:
        return name in self._by_name

    def __len__(self) -> int:
        return len(self._by_name)


def permissions_beyond(
    requested: Iterable[str],
    table: PermissionTable,
    allowed: frozenset[DataCategory],
) -> tuple[str, ...]:
    """Dangerous permissions that serve none of the `allowed` categories.

    A permission that opens no category (POST_NOTIFICATIONS) is never beyond. One that
    opens several (ACCESS_FINE_LOCATION: location, cell and Wi-Fi data) is justified when
    any of them is allowed: the permission is the only way to get that one, so asking for
    it is not over-requesting; whether the others are then *used* is for the rules.
    """
    beyond: list[str] = []
    for name in requested:
        entry = table.get(name)
        if entry is None or not entry.categories:
            continue
        if not any(c in allowed for c in entry.categories):
            beyond.append(name)
    return tuple(beyond)
