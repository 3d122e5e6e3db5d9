"""The words policies use for categories, purposes, denials and SDK lists (data file loaded once).

How: harness/data/policy-terms.yaml is validated into `PolicyTerms`; `Lexicon` builds one
Aho-Corasick automaton (pyahocorasick) over every category term and false friend, and a
jieba tokenizer of its own (never jieba's global one) that knows every term, so a term is
one word and a match inside a longer word (定位 in 定位问题, when that is one word) is not
taken. Text is NFKC-normalised and case-folded before matching, so ＩＭＥＩ and imei are IMEI.
Known gaps: no synonym discovery (a term missing from the data file is not found); jieba's
dictionary takes about a second to load the first time a process reads a policy.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import ahocorasick
import jieba
from pydantic import BaseModel, ConfigDict

from harness.model import DataCategory
from harness.paths import PACKAGE_DATA
from harness.yamlfile import load_model

DEFAULT_TERMS = PACKAGE_DATA / "policy-terms.yaml"

_CJK = re.compile(r"[\u3400-\u9fff]")


class SdkFields(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: tuple[str, ...]
    company: tuple[str, ...]
    purpose: tuple[str, ...]
    data: tuple[str, ...]
    link: tuple[str, ...]
    package: tuple[str, ...]


class PolicyLinks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sdk_list: tuple[str, ...]
    policy: tuple[str, ...]
    collection_list: tuple[str, ...] = ()


class SharedTerms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: tuple[DataCategory, ...]
    terms: tuple[str, ...]


class PolicyTerms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    categories: dict[DataCategory, tuple[str, ...]]
    shared_terms: tuple[SharedTerms, ...] = ()
    purpose_cues: tuple[str, ...]
    purpose_clause_starts: tuple[str, ...] = ()
    purpose_followers: tuple[str, ...] = ()
    negation_cues: tuple[str, ...]
    denial_ends: tuple[str, ...] = ()
    sdk_columns: SdkFields
    sdk_labels: SdkFields
    sdk_list_headings: tuple[str, ...]
    false_friends: tuple[str, ...] = ()
    policy_links: PolicyLinks | None = None


def fold(text: str) -> str:
    """NFKC (full-width to half-width) and case-folded: the form every match is made in.

    Both keep the length of the CJK and ASCII text policies are written in, so offsets in
    the folded text are offsets in the normalised one.
    """
    return unicodedata.normalize("NFKC", text).casefold()


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@dataclass(frozen=True, slots=True)
class TermHit:
    start: int
    end: int  # exclusive
    term: str  # as written in the data file
    categories: tuple[DataCategory, ...]


class Lexicon:
    """Finds category terms in a sentence; one per process is enough (pass it along)."""

    def __init__(self, terms: PolicyTerms) -> None:
        self.terms = terms
        by_term: dict[str, list[DataCategory]] = {}
        spelled: dict[str, str] = {}
        pairs = [(c, w) for c, words in terms.categories.items() for w in words]
        pairs += [
            (c, w) for group in terms.shared_terms for c in group.categories for w in group.terms
        ]
        for category, word in pairs:
            key = fold(word)
            by_term.setdefault(key, [])
            if category not in by_term[key]:
                by_term[key].append(category)
            spelled.setdefault(key, word)
        self._automaton = ahocorasick.Automaton()
        for key, categories in by_term.items():
            self._automaton.add_word(key, (spelled[key], tuple(categories), False))
        for phrase in terms.false_friends:
            key = fold(phrase)
            if key not in by_term:
                self._automaton.add_word(key, (phrase, (), True))
        self._automaton.make_automaton()
        self._words = sorted({k for k in [*by_term, *map(fold, terms.false_friends)]})

    @classmethod
    def load(cls, path: Path = DEFAULT_TERMS) -> Lexicon:
        return cls(load_model(path, PolicyTerms))

    @cached_property
    def _tokenizer(self) -> jieba.Tokenizer:
        # jieba logs its dictionary loading at INFO on the root of its own logger.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for word in self._words:
            if has_cjk(word):
                tokenizer.add_word(word, freq=200000)
        return tokenizer

    def hits(self, folded: str) -> list[TermHit]:
        """Category terms in `folded` (see `fold`), longest first where they overlap."""
        raw: list[tuple[int, int, str, tuple[DataCategory, ...], bool]] = []
        for end, (term, categories, false_friend) in self._automaton.iter(folded):
            start = end - len(fold(term)) + 1
            raw.append((start, end + 1, term, categories, false_friend))
        if not raw:
            return []
        blocked = [(s, e) for s, e, _t, _c, ff in raw if ff]
        bounds = self._boundaries(folded) if any(has_cjk(r[2]) for r in raw) else set()
        kept: list[TermHit] = []
        # Longest first: 设备唯一标识符 wins over 标识 inside it.
        for start, end, term, categories, false_friend in sorted(
            raw, key=lambda r: (-(r[1] - r[0]), r[0])
        ):
            if false_friend or any(s <= start and end <= e for s, e in blocked):
                continue
            if any(h.start <= start and end <= h.end for h in kept):
                continue
            if has_cjk(term):
                if start not in bounds or end not in bounds:
                    continue
            elif not _latin_word(folded, start, end):
                continue
            kept.append(TermHit(start, end, term, categories))
        kept.sort(key=lambda h: h.start)
        return kept

    def _boundaries(self, folded: str) -> set[int]:
        bounds = {0, len(folded)}
        for _word, start, end in self._tokenizer.tokenize(folded):
            bounds.add(start)
            bounds.add(end)
        return bounds

    def cue(self, folded: str, cues: tuple[str, ...]) -> Iterator[int]:
        """Offsets where one of `cues` occurs (Latin cues only as whole words)."""
        for cue in cues:
            key = fold(cue)
            at = folded.find(key)
            while at >= 0:
                if has_cjk(key) or _latin_word(folded, at, at + len(key)):
                    yield at
                at = folded.find(key, at + 1)


def _latin_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer Latin word (IMEI, not IMEIs' neighbours)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
