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

A profile may also carry what was read from the app's privacy policy (`policy:`, written by
`harness policy` or by a session that captured the policy, see harness.policy): each declared
category with the sentence it came from and the purposes stated near it, and the SDK list.
The policy rules (harness/rules/policy_rules.py) judge by it; without it they are skipped.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from harness.domains import domain_names
from harness.model import DataCategory
from harness.necessity import AppType, NecessityTable, default_necessity
from harness.yamlfile import load_model


class PolicySource(BaseModel):
    """Where a policy's text came from: a file, a URL, the app's screens, a bundle."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str  # "file" | "url" | "ui" | "bundle"
    location: str
    sha256: str  # of the text as read (UTF-8)


class PolicyDeclaration(BaseModel):
    """One category the policy declares, the sentence it came from, purposes stated near it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: DataCategory
    sentence: str
    terms: tuple[str, ...] = ()  # the words that named it (IMEI, 设备识别码 ...)
    purposes: tuple[str, ...] = ()  # empty: no purpose stated next to it
    where: str = ""  # "line 12", "SDK table row 3"


class PolicySdk(BaseModel):
    """One row of the policy's SDK list, matched to the SDK database (`sdk_ids`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    company: str | None = None
    purpose: str | None = None
    data: str | None = None
    link: str | None = None
    package: str | None = None
    categories: tuple[DataCategory, ...] = ()
    sdk_ids: tuple[str, ...] = ()
    where: str = ""


class DeclaredPolicy(BaseModel):
    """What an app's privacy policy declares, as harness.policy read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: PolicySource | None = None
    language: str = "zh"
    terms_version: int = 0  # harness/data/policy-terms.yaml's version that read it
    declarations: tuple[PolicyDeclaration, ...] = ()
    sdks: tuple[PolicySdk, ...] = ()

    def categories(self) -> frozenset[DataCategory]:
        return frozenset(d.category for d in self.declarations)

    def declarations_of(self, category: DataCategory) -> tuple[PolicyDeclaration, ...]:
        return tuple(d for d in self.declarations if d.category is category)

    def sdk_row(self, sdk_id: str | None, name: str) -> PolicySdk | None:
        """The SDK list's row naming this SDK (by database id, else by name), or None."""
        wanted = normalise_sdk_name(name)
        for row in self.sdks:
            if sdk_id is not None and sdk_id in row.sdk_ids:
                return row
            have = normalise_sdk_name(row.name)
            if (
                wanted
                and have
                and (
                    wanted == have
                    or (min(len(wanted), len(have)) >= 2 and (wanted in have or have in wanted))
                )
            ):
                return row
        return None


_SDK_NAME_NOISE = ("sdk", "android", "安卓版", "安卓", "插件", "服务", "平台", "(", ")")


def normalise_sdk_name(name: str) -> str:
    """ "友盟+ SDK（Android）" -> "友盟+": how SDK lists and the database name one SDK."""
    text = unicodedata.normalize("NFKC", name).casefold()
    for noise in _SDK_NAME_NOISE:
        text = text.replace(noise, "")
    return "".join(ch for ch in text if ch.isalnum() or ch == "+")


class AppProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    package: str
    app_type: str | None = None
    declared_categories: tuple[DataCategory, ...] = ()
    own_domains: tuple[str, ...] = Field(default=())
    policy: DeclaredPolicy | None = None  # what the privacy policy was read to declare

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
        parts = [p for p in self.package.lower().split(".") if p]
        if len(parts) < 2:
            return None
        registrable = domain_names().registrable(".".join(reversed(parts)))
        return registrable if "." in registrable else None

    def is_first_party(self, host: str) -> bool:
        """Whether `host` has the registrable domain of an own domain or of the package."""
        names = domain_names()
        own = {names.registrable(d.lstrip(".")) for d in self.own_domains}
        if (pkg := self.package_domain()) is not None:
            own.add(pkg)
        return names.registrable(host) in own

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "package": self.package,
            "app_type": self.app_type,
            "declared_categories": [c.value for c in self.declared_categories],
            "own_domains": list(self.own_domains),
        }
        if self.policy is not None:
            record["policy"] = self.policy.model_dump(mode="json", exclude_defaults=True)
        return record


def load_profile(path: Path) -> AppProfile:
    return load_model(path, AppProfile)
