"""An app's profile: what it is, what its privacy policy declares, which domains are its own.

Rules that judge necessity need the app type and the declared categories; rules that tell
first from third party need the app's own domains (plus its package name).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from harness.model import DataCategory
from harness.yamlfile import load_model


class AppProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    package: str
    app_type: str | None = None
    declared_categories: tuple[DataCategory, ...] = ()
    own_domains: tuple[str, ...] = Field(default=())

    def package_domain(self) -> str | None:
        """com.example.app -> example.com: apps commonly talk to their reversed package."""
        parts = self.package.split(".")
        if len(parts) < 2:
            return None
        return f"{parts[1]}.{parts[0]}"

    def is_first_party(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        own = [d.lower().lstrip(".") for d in self.own_domains]
        if (pkg := self.package_domain()) is not None:
            own.append(pkg)
        return any(host == d or host.endswith("." + d) for d in own)


def load_profile(path: Path) -> AppProfile:
    return load_model(path, AppProfile)
