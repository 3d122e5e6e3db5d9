"""An app's profile: what it is, what its privacy policy declares, which domains are its own.

Rules that judge necessity need the app type (one of the 39 types of the 2021 regulation,
harness/data/necessity.yaml) and the declared categories; rules that tell first from third
party need the app's own domains (plus its package name). A profile comes from a lab app's
`app.yaml` (`profile:` block, the package filled in from the top) or from a standalone YAML:

    package: com.example.app
    app_type: 地图导航          # or 地图导航类, "Map navigation", 1
    declared_categories: [location]
    own_domains: [example.com]

An app without a profile is scored as `AppProfile(package=...)`: the rules that need an
app type are skipped, and the scoring record says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from harness.model import DataCategory
from harness.rules.necessity import AppType, NecessityTable, default_necessity
from harness.yamlfile import load_model


class AppProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    package: str
    app_type: str | None = None
    declared_categories: tuple[DataCategory, ...] = ()
    own_domains: tuple[str, ...] = Field(default=())

    @field_validator("app_type", mode="before")
    @classmethod
    def _known_type(cls, value: Any) -> Any:
        # Checked here, so a typo is reported at the profile's own file and line.
        if value is None:
            return None
        text = str(value)
        table = default_necessity()
        if table.lookup(text) is None:
            raise ValueError(
                f"'{text}' is not one of the 39 app types of {table.regulation} "
                f"(e.g. {', '.join(table.names()[:6])}, ...; see harness/data/necessity.yaml)"
            )
        return text

    def necessity(self, table: NecessityTable | None = None) -> AppType | None:
        """The app's type in the necessity table, or None when the profile names none."""
        if self.app_type is None:
            return None
        return (table or default_necessity()).lookup(self.app_type)

    def package_domain(self) -> str | None:
        """com.example.app -> example.com: apps commonly talk to their reversed package.

        The registrable domain of the reversed package name, by the Public Suffix List
        (uk.co.bbc.news -> bbc.co.uk, not co.uk).
        """
        from harness.traffic.domains import domain_names  # see is_first_party

        parts = [p for p in self.package.lower().split(".") if p]
        if len(parts) < 2:
            return None
        registrable = domain_names().registrable(".".join(reversed(parts)))
        return registrable if "." in registrable else None

    def is_first_party(self, host: str) -> bool:
        """Whether `host` has the registrable domain of an own domain or of the package."""
        # Imported here: harness.traffic's addons use profiles, so a module-level import
        # would be circular, and a profile is read long before any traffic is judged.
        from harness.traffic.domains import domain_names

        names = domain_names()
        own = {names.registrable(d.lstrip(".")) for d in self.own_domains}
        if (pkg := self.package_domain()) is not None:
            own.add(pkg)
        return names.registrable(host) in own

    def to_json(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "app_type": self.app_type,
            "declared_categories": [c.value for c in self.declared_categories],
            "own_domains": list(self.own_domains),
        }


def load_profile(path: Path) -> AppProfile:
    return load_model(path, AppProfile)
