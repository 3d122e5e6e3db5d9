"""Privacy policies: read one (file, URL, bundle, screen dumps) into what it declares.

`PolicyReader` holds the lexicon (harness/data/policy-terms.yaml) and the SDK database
matcher; `read_text` / `read_lines` return a `harness.profile.DeclaredPolicy`: the declared
categories with the sentence each came from and the purposes near it, and the SDK list
matched to the SDK database. `harness.policy.source` loads a policy from where it lives;
`profile_from_policy` makes the profile a session without a hand-written one is judged by.

May import: harness.model, harness.profile, harness.sdk, harness.ui, errors, paths,
yamlfile; never the rules, traffic or the session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from harness.policy.lexicon import Lexicon
from harness.policy.parse import PolicyParser
from harness.policy.sdk_match import SdkMatcher
from harness.policy.text import hierarchy_lines, lines_of
from harness.profile import AppProfile, DeclaredPolicy, PolicySource
from harness.sdk import SdkDatabase


class PolicyReader:
    def __init__(self, lexicon: Lexicon | None = None, sdk_db: SdkDatabase | None = None) -> None:
        self._parser = PolicyParser(
            lexicon or Lexicon.load(), SdkMatcher(sdk_db or SdkDatabase.load())
        )

    def read_text(self, text: str, kind: str = "file", location: str = "") -> DeclaredPolicy:
        """A policy document (HTML, Markdown or plain text)."""
        return self._parser.parse(lines_of(text), source_of(text, kind, location))

    def read_lines(
        self, lines: Sequence[str], source: PolicySource | None = None
    ) -> DeclaredPolicy:
        return self._parser.parse(lines, source)

    def read_dumps(self, dumps: Sequence[str], location: str) -> DeclaredPolicy:
        """Policy pages as the app showed them: uiautomator dumps, scrolled in order."""
        lines = hierarchy_lines(dumps)
        return self._parser.parse(lines, source_of("\n".join(lines), "ui", location))


def source_of(text: str, kind: str, location: str) -> PolicySource:
    return PolicySource(
        kind=kind, location=location, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )


def profile_from_policy(base: AppProfile, policy: DeclaredPolicy) -> AppProfile:
    """`base` (its package, type, domains) judged by what the policy declares."""
    categories = sorted(policy.categories(), key=lambda c: c.value)
    return base.model_copy(update={"declared_categories": tuple(categories), "policy": policy})


__all__ = ["PolicyReader", "profile_from_policy", "source_of"]
