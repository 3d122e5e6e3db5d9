"""The 39 app types of the 2021 necessity regulation, and what each may read from a device.

Data in harness/data/necessity.yaml (with its sources); this module only loads, checks and
looks it up. A profile names its type in Chinese, with or without the trailing 类
(`实用工具` or `实用工具类`), by its id (`utility_tools`), by its English name, or by its
number (`38`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from harness.model import DataCategory
from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model

DEFAULT_NECESSITY = PACKAGE_DATA / "necessity.yaml"
TYPE_COUNT = 39


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str


class _Type(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    no: int = Field(ge=1, le=TYPE_COUNT)
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    zh: str = Field(pattern=r"类$")
    en: str
    service: _Text
    necessary: _Text
    categories: tuple[DataCategory, ...]
    user_supplied: tuple[str, ...]
    note: str = ""
    sources: tuple[str, ...] = Field(min_length=1)


class _Regulation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str
    issued: str
    effective: str
    url: str


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    regulation: _Regulation
    sources: dict[str, str]
    types: tuple[_Type, ...]

    @model_validator(mode="after")
    def _complete(self) -> _File:
        numbers = sorted(t.no for t in self.types)
        if numbers != list(range(1, TYPE_COUNT + 1)):
            raise ValueError(f"types must be numbered 1..{TYPE_COUNT}, each once")
        if len({t.id for t in self.types}) != TYPE_COUNT:
            raise ValueError("type ids must be unique")
        for t in self.types:
            unknown = set(t.sources) - set(self.sources)
            if unknown:
                raise ValueError(f"type {t.no} cites unknown sources {sorted(unknown)}")
        return self


@dataclass(frozen=True, slots=True)
class AppType:
    no: int
    id: str  # "utility_tools"
    zh: str  # "实用工具类"
    en: str
    necessary_text: str  # the regulation's words (Chinese)
    categories: frozenset[DataCategory]  # what the type may read from the device
    user_supplied: tuple[str, ...]  # what the user types in: not observable through device APIs

    def to_json(self) -> dict[str, object]:
        return {
            "no": self.no,
            "id": self.id,
            "zh": self.zh,
            "en": self.en,
            "necessary": self.necessary_text,
            "categories": sorted(c.value for c in self.categories),
        }


class NecessityTable:
    def __init__(self, version: str, regulation: str, types: tuple[AppType, ...]) -> None:
        self.version = version
        self.regulation = regulation
        self.types = types
        self._by_name: dict[str, AppType] = {}
        for t in types:
            for name in (t.id, t.zh, t.zh.removesuffix("类"), t.en.casefold(), str(t.no)):
                self._by_name[name] = t

    def lookup(self, name: str) -> AppType | None:
        key = name.strip()
        return self._by_name.get(key) or self._by_name.get(key.casefold())

    def names(self) -> list[str]:
        return [t.zh.removesuffix("类") for t in self.types]


def load_necessity(path: Path = DEFAULT_NECESSITY) -> NecessityTable:
    data = load_model(path, _File)
    return NecessityTable(
        data.version,
        data.regulation.zh,
        tuple(
            AppType(
                no=t.no,
                id=t.id,
                zh=t.zh,
                en=t.en,
                necessary_text=t.necessary.zh,
                categories=frozenset(t.categories),
                user_supplied=t.user_supplied,
            )
            for t in sorted(data.types, key=lambda t: t.no)
        ),
    )


@cache
def default_necessity() -> NecessityTable:
    """The shipped table, read once: it is immutable data, like a module constant."""
    return load_necessity()
