"""Finding the privacy-policy dialog and its accept / refuse buttons in a hierarchy.

The words come from data/consent.yaml. The dialog is found from its text: a node naming the
policy (隐私政策, 用户协议, Privacy Policy ...). Walking up from it, the first container that
also holds an accept button is the dialog, and its buttons are the best accept and refuse
labels inside it. A label equal to a known word is a confident match, one merely containing
it is weaker, and a resource id that agrees (btn_agree) raises it. Refuse words are tried
first, since most refuse labels contain an accept word ("不同意" contains "同意"). A screen
that names the policy but offers no accept button is not a consent dialog (a settings page
with a "隐私政策" link, an "after refusal" screen).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.ui.hierarchy import Bounds, Hierarchy, Node
from harness.yamlfile import load_model

_SHORT_LABEL = 12  # longer labels are sentences, not buttons
_EXACT, _CONTAINS, _ID_BONUS = 1.0, 0.6, 0.2
_BIG_SHARE = 0.2  # of the window's area: a clickable that large is a panel, not a button


class ConsentWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    policy_words: tuple[str, ...]
    accept_words: tuple[str, ...]
    refuse_words: tuple[str, ...]
    accept_id_hints: tuple[str, ...] = ()
    refuse_id_hints: tuple[str, ...] = ()
    system_packages: tuple[str, ...] = ()


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

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.label,
            "resource_id": self.resource_id,
            "bounds": str(self.bounds),
            "center": list(self.center),
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class ConsentDialog:
    policy_text: str
    accept: ButtonMatch | None
    refuse: ButtonMatch | None
    confidence: float
    bounds: Bounds  # the container holding the policy text and the buttons
    package: str

    def buttons(self) -> tuple[ButtonMatch, ...]:
        return tuple(b for b in (self.accept, self.refuse) if b is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "policy_text": self.policy_text,
            "package": self.package,
            "bounds": str(self.bounds),
            "confidence": self.confidence,
            "accept": self.accept.to_json() if self.accept else None,
            "refuse": self.refuse.to_json() if self.refuse else None,
        }


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def _label_score(label: str, words: tuple[str, ...]) -> float:
    norm = _norm(label)
    if not norm:
        return 0.0
    normalized = [_norm(w) for w in words]
    if norm in normalized:
        return _EXACT
    if len(norm) <= _SHORT_LABEL and any(w in norm for w in normalized):
        return _CONTAINS
    return 0.0


def _id_name(resource_id: str) -> str:
    return resource_id.rsplit("/", 1)[-1].lower()


def _id_agrees(resource_id: str, hints: tuple[str, ...]) -> bool:
    parts = set(_id_name(resource_id).replace("-", "_").split("_"))
    return bool(parts & set(hints))


class _Detector:
    def __init__(self, hierarchy: Hierarchy, words: ConsentWords) -> None:
        self.words = words
        self.system = set(words.system_packages)
        self.policy_words = [_norm(w) for w in words.policy_words]
        self.parents: dict[int, Node] = {}
        self.window_area: dict[int, int] = {}
        for root in hierarchy.roots:
            self._index(root, max(1, root.bounds.area))
        self.roots = hierarchy.roots

    def _index(self, node: Node, window_area: int) -> None:
        self.window_area[id(node)] = window_area
        for child in node.children:
            self.parents[id(child)] = node
            self._index(child, window_area)

    def ancestors(self, node: Node) -> list[Node]:
        chain = []
        current = self.parents.get(id(node))
        while current is not None:
            chain.append(current)
            current = self.parents.get(id(current))
        return chain

    def is_policy(self, node: Node) -> bool:
        norm = _norm(node.label)
        return node.package not in self.system and any(w in norm for w in self.policy_words)

    def tap_target(self, node: Node) -> Node | None:
        """The node if clickable, else its nearest clickable ancestor of about its size."""
        for candidate in [node, *self.ancestors(node)]:
            if candidate.clickable and candidate.enabled:
                # A clickable dialog (one that swallows touches) is not the button its
                # label sits in: far larger than the label, and a good part of the window.
                area = candidate.bounds.area
                too_big = (
                    area > 10 * max(1, node.bounds.area)
                    and area > _BIG_SHARE * self.window_area[id(node)]
                )
                return None if too_big else candidate
        return None

    def best_buttons(self, container: Node) -> tuple[ButtonMatch | None, ButtonMatch | None]:
        best_accept: ButtonMatch | None = None
        best_refuse: ButtonMatch | None = None
        for node in container.walk():
            if not node.label or node.package in self.system:
                continue
            target = self.tap_target(node)
            if target is None:
                continue
            refuse = _label_score(node.label, self.words.refuse_words)
            accept = 0.0 if refuse else _label_score(node.label, self.words.accept_words)
            if refuse:
                if _id_agrees(target.resource_id, self.words.refuse_id_hints):
                    refuse = min(_EXACT, refuse + _ID_BONUS)
                if best_refuse is None or refuse > best_refuse.confidence:
                    best_refuse = ButtonMatch(
                        node.label, target.resource_id, target.bounds, round(refuse, 2)
                    )
            if accept:
                if _id_agrees(target.resource_id, self.words.accept_id_hints):
                    accept = min(_EXACT, accept + _ID_BONUS)
                if best_accept is None or accept > best_accept.confidence:
                    best_accept = ButtonMatch(
                        node.label, target.resource_id, target.bounds, round(accept, 2)
                    )
        return best_accept, best_refuse

    def policy_strength(self, node: Node) -> float:
        # A title naming the policy, or a 《书名号》 reference, is as sure as text gets; a
        # passing mention in a long sentence less so.
        label = node.label
        if len(_norm(label)) <= 16 or "《" in label:
            return 1.0
        return 0.8


def detect_consent(hierarchy: Hierarchy, words: ConsentWords | None = None) -> ConsentDialog | None:
    """The consent dialog on screen, or None when there is none."""
    detector = _Detector(hierarchy, words or load_consent_words())
    best: ConsentDialog | None = None
    for root in detector.roots:
        for node in root.walk():
            if not detector.is_policy(node):
                continue
            for container in detector.ancestors(node):
                accept, refuse = detector.best_buttons(container)
                if accept is None:
                    continue
                strength = detector.policy_strength(node)
                confidence = round(
                    0.4 * strength
                    + 0.4 * accept.confidence
                    + 0.2 * (refuse.confidence if refuse else 0),
                    2,
                )
                dialog = ConsentDialog(
                    policy_text=node.label,
                    accept=accept,
                    refuse=refuse,
                    confidence=confidence,
                    bounds=container.bounds,
                    package=node.package,
                )
                if best is None or dialog.confidence > best.confidence:
                    best = dialog
                break
    return best
