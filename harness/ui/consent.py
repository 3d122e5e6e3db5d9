"""Finding the privacy-policy dialog and its accept / refuse buttons in a hierarchy.

The words come from data/consent.yaml. A label equal to a known word is a confident match;
a label merely containing one is weaker. Refuse words are tried first on every label, since
most refuse labels contain an accept word ("不同意" contains "同意").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.ui.hierarchy import Bounds, Hierarchy, Node
from harness.yamlfile import load_model


class ConsentWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    policy_words: tuple[str, ...]
    accept_words: tuple[str, ...]
    refuse_words: tuple[str, ...]


@functools.cache
def load_consent_words(path: Path = PACKAGE_DATA / "consent.yaml") -> ConsentWords:
    return load_model(path, ConsentWords)


@dataclass(frozen=True, slots=True)
class ButtonMatch:
    label: str
    resource_id: str
    bounds: Bounds
    confidence: float

    @property
    def center(self) -> tuple[int, int]:
        return self.bounds.center


@dataclass(frozen=True, slots=True)
class ConsentDialog:
    policy_text: str
    accept: ButtonMatch | None
    refuse: ButtonMatch | None
    confidence: float


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def _score(label: str, words: tuple[str, ...]) -> float:
    norm = _norm(label)
    if not norm:
        return 0.0
    normalized = [_norm(w) for w in words]
    if norm in normalized:
        return 1.0
    if len(norm) <= 12 and any(w in norm for w in normalized):
        return 0.6
    return 0.0


def _tappable(path: list[Node]) -> Node | None:
    """The node itself when clickable, else its nearest clickable ancestor."""
    for node in reversed(path):
        if node.clickable and node.enabled:
            return node
    return None


def _buttons(hierarchy: Hierarchy, words: ConsentWords) -> tuple[ButtonMatch | None, ...]:
    best_accept: ButtonMatch | None = None
    best_refuse: ButtonMatch | None = None

    def visit(node: Node, path: list[Node]) -> None:
        nonlocal best_accept, best_refuse
        path = [*path, node]
        label = node.label
        target = _tappable(path) if label else None
        if target is not None:
            refuse = _score(label, words.refuse_words)
            accept = 0.0 if refuse else _score(label, words.accept_words)
            if refuse and (best_refuse is None or refuse > best_refuse.confidence):
                best_refuse = ButtonMatch(label, target.resource_id, target.bounds, refuse)
            if accept and (best_accept is None or accept > best_accept.confidence):
                best_accept = ButtonMatch(label, target.resource_id, target.bounds, accept)
        for child in node.children:
            visit(child, path)

    for root in hierarchy.roots:
        visit(root, [])
    return best_accept, best_refuse


def detect_consent(hierarchy: Hierarchy, words: ConsentWords | None = None) -> ConsentDialog | None:
    """The consent dialog on screen, or None when no policy text is visible."""
    words = words or load_consent_words()
    policy_words = [_norm(w) for w in words.policy_words]
    policy_text = next(
        (n.label for n in hierarchy.walk() if any(w in _norm(n.label) for w in policy_words)),
        None,
    )
    if policy_text is None:
        return None
    accept, refuse = _buttons(hierarchy, words)
    if accept is None and refuse is None:
        return None
    found = [b.confidence for b in (accept, refuse) if b is not None]
    confidence = round(sum(found) / 2, 2)
    return ConsentDialog(
        policy_text=policy_text, accept=accept, refuse=refuse, confidence=confidence
    )
