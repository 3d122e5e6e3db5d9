"""Placeholder values: what Android or an SDK returns instead of a real identifier.

    placeholders = Placeholders.load()          # harness/data/placeholders.yaml
    placeholders.is_placeholder("02:00:00:00:00:00")   # True
    placeholders.real(known)                    # the known values that are not placeholders

`02:00:00:00:00:00` (the MAC of every Android 6+ device), an all-zero advertising id,
`unknown`, the emulators' fixed IMEI: constants every SDK sends, so finding one in traffic
says nothing about this user. Every source of known values goes through `real` (the
matcher itself too), so a placeholder is never searched for. The list, with why each value
is there, is data (harness/data/placeholders.yaml, versioned).

Known gaps: a device-specific fake (a ROM that returns its own constant) is not known until
someone adds it to the file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.model import KnownIdentifier
from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model

DEFAULT_PLACEHOLDERS = PACKAGE_DATA / "placeholders.yaml"


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str
    why: str


class _Package(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prefix: str
    why: str


class PlaceholderFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    separators: str
    repeated_character: bool
    values: tuple[_Value, ...]
    ubiquitous_packages: tuple[_Package, ...] = ()


def _normal(value: str) -> str:
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text.casefold()


class Placeholders:
    def __init__(self, data: PlaceholderFile) -> None:
        self.version = data.version
        self._values = frozenset(_normal(v.value) for v in data.values)
        self._separators = frozenset(data.separators)
        self._repeated = data.repeated_character
        self._packages = tuple(p.prefix for p in data.ubiquitous_packages)

    @classmethod
    def load(cls, path: Path = DEFAULT_PLACEHOLDERS) -> Placeholders:
        return _load(path)

    def is_placeholder(self, value: str) -> bool:
        text = _normal(value)
        if text in self._values:
            return True
        if self._repeated:
            core = [c for c in text if c not in self._separators]
            return not core or len(set(core)) == 1
        return False

    def is_ubiquitous_package(self, name: str) -> bool:
        """A package every Android device has (the framework, AOSP apps, Play services)."""
        for prefix in self._packages:
            family = prefix if prefix.endswith(".") else prefix + "."
            if name == prefix.rstrip(".") or name.startswith(family):
                return True
        return False

    def real(self, known: Iterable[KnownIdentifier]) -> list[KnownIdentifier]:
        """The known values that are not placeholders."""
        return [ident for ident in known if not self.is_placeholder(ident.value)]


@functools.cache
def _load(path: Path) -> Placeholders:
    return Placeholders(load_model(path, PlaceholderFile))
