"""Human names of the data categories, in English and Chinese (data/categories.yaml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model

CATEGORIES_FILE = PACKAGE_DATA / "categories.yaml"


class CategoryName(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    zh: str


class CategoryNames(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    categories: dict[str, CategoryName]

    def of(self, category: str | None) -> CategoryName | None:
        """None for a category this file does not name (a newer bundle, a typo)."""
        return self.categories.get(category) if category else None

    def label(self, category: str | None) -> str:
        name = self.of(category)
        if name is None:
            return category or "—"
        return f"{name.en} · {name.zh}"


def load_category_names(path: Path = CATEGORIES_FILE) -> CategoryNames:
    return load_model(path, CategoryNames)
