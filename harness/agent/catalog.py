"""The hook catalog (hooks/catalog.yaml): which APIs to hook and what data each carries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harness.model import DataCategory
from harness.paths import HOOKS_DIR
from harness.yamlfile import load_model

DEFAULT_CATALOG = HOOKS_DIR / "catalog.yaml"


class ArgFilter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    index: Annotated[int, Field(ge=0)]
    equals: Annotated[tuple[str, ...], Field(min_length=1)]


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    class_name: Annotated[str, Field(alias="class", min_length=1)]
    method: Annotated[str, Field(min_length=1)]
    overloads: Literal["all"] | tuple[str, ...] = "all"
    category: DataCategory
    when_arg: ArgFilter | None = None

    @field_validator("overloads")
    @classmethod
    def _signatures(cls, value: Any) -> Any:
        if value != "all":
            for sig in value:
                if not (sig.startswith("(") and sig.endswith(")")):
                    raise ValueError(f"overload {sig!r} must look like '(int)' or '()'")
        return value

    @property
    def api(self) -> str:
        return f"{self.class_name}.{self.method}"

    def to_agent(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "class": self.class_name,
            "method": self.method,
            "overloads": self.overloads if self.overloads == "all" else list(self.overloads),
            "category": self.category.value,
            "when_arg": (
                {"index": self.when_arg.index, "equals": list(self.when_arg.equals)}
                if self.when_arg
                else None
            ),
        }


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    entries: Annotated[tuple[CatalogEntry, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        seen: set[str] = set()
        for entry in self.entries:
            if entry.id in seen:
                raise ValueError(f"entry id '{entry.id}' is used twice")
            seen.add(entry.id)
        return self

    def by_id(self) -> dict[str, CatalogEntry]:
        return {e.id: e for e in self.entries}


def load_catalog(path: Path = DEFAULT_CATALOG) -> Catalog:
    return load_model(path, Catalog)
