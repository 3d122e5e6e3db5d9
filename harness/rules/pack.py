"""The rule pack data file: rule ids, severities, citations and thresholds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harness.model import Severity
from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model

DEFAULT_RULE_PACK = PACKAGE_DATA / "rulepack.yaml"


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    zh: str


class RuleDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Severity
    title: Bilingual
    regulation: Bilingual
    params: dict[str, Any] = Field(default_factory=dict)


class RulePack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    rules: dict[str, RuleDef]


def load_rule_pack(path: Path = DEFAULT_RULE_PACK) -> RulePack:
    return load_model(path, RulePack)
