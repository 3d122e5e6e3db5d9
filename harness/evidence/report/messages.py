"""The report's words in each language it is written in (data/report-messages.yaml).

Every string report.html shows that is not the bundle's own text comes from this catalogue,
by key, with `{name}` placeholders filled by `str.format_map`. Each message must be given in
every language (`Message`'s fields), so a missing translation is an error naming the file
and line when the catalogue is loaded, never an English word in a Chinese report.

Known gaps: the gap details and verdict reasons composed by checks.py, and text the bundle
carries (finding titles, regulations' own wording, marker details), stay as written; the
catalogue translates the headings and labels around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model

MESSAGES_FILE = PACKAGE_DATA / "report-messages.yaml"
DEFAULT_LANGUAGE = "en"


class Message(BaseModel):
    """One message in every report language; a missing one is an error at its line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    zh_cn: str = Field(alias="zh-CN")

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh_cn


LANGUAGES = ("en", "zh-CN")  # Message's fields, as `--lang` names them


class MessageCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    messages: dict[str, Message]

    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES

    def language(self, lang: str) -> Messages:
        if lang not in LANGUAGES:
            raise ValueError(f"no report language {lang!r} (known: {', '.join(LANGUAGES)})")
        return Messages(lang, {key: m.text(lang) for key, m in self.messages.items()})


class Messages:
    """One language's messages: `t("key", n=3)`; the template calls it `t`."""

    def __init__(self, lang: str, table: Mapping[str, str]) -> None:
        self.lang = lang
        self._table = dict(table)

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self._table[key]
        except KeyError:
            # A key the template names but the catalogue lacks is our bug, not the user's.
            raise KeyError(f"report message {key!r} is not in {MESSAGES_FILE.name}") from None
        return text.format_map(values) if values else text

    def has(self, key: str) -> bool:
        return key in self._table

    def maybe(self, key: str, fallback: str) -> str:
        """The message for `key`, or `fallback` (a bundle's own word) when there is none."""
        return self._table.get(key, fallback)


def load_messages(path: Path = MESSAGES_FILE) -> MessageCatalogue:
    return load_model(path, MessageCatalogue)


def report_languages() -> tuple[str, ...]:
    return LANGUAGES
