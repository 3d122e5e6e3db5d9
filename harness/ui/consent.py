"""Finding the privacy-policy dialog, its accept / refuse buttons and its tick box.

The words and structure hints come from data/consent.yaml. A dialog is anchored on a node
naming the policy (隐私政策, Privacy Policy, "your consent", a 《书名号》 reference) or whose
resource id names it (tv_privacy, ot_banner_cookie...). Walking up from the anchor, the first
container that also holds an accept button is the dialog; its buttons are the best accept,
refuse and neutral ("Manage options") labels inside it. A label equal to a known word is a
confident match, one merely containing it is weaker, and a resource id that agrees
(btn_agree) raises it. Refuse and neutral words are tried first, since most refuse labels
contain an accept word ("不同意" contains "同意", "Do not consent" contains "consent").

Structure stands in for unknown wording: in a dialog-like container (AlertDialog panels,
bottom sheets, CMP banners, a window smaller than the screen) a button whose id says accept
or reject is taken at a lower confidence, and a container holding a consent-specific accept id
and a refuse id (btn_agree + btn_disagree) is a consent dialog with no policy text at all.

A tick box ("我已阅读并同意…", "I have read and agree") inside the dialog is reported with its
state; an accept button disabled until it is ticked is still found (enabled=False), so the
runner ticks the box first. A screen that names the policy but offers no accept button is
not a consent dialog (a settings page with a "隐私政策" link, an "after refusal" screen).

Known gaps: wording and ids of languages not in the data file are found only through the
structure hints; a custom tick box drawn as an image reports no state (ticked is None)
unless it reports checked="true" (then it is ticked).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.ui.hierarchy import Bounds, Hierarchy, Node
from harness.yamlfile import load_model

_SHORT_LABEL = 12  # longer (Chinese) labels are sentences, not buttons
_SHORT_WORDS, _SHORT_ASCII = 5, 32  # an English button label: at most 5 words, 32 letters
_EXACT, _CONTAINS, _BY_ID, _ID_BONUS = 1.0, 0.6, 0.5, 0.2
_BIG_SHARE = 0.2  # of the window's area: a clickable that large is a panel, not a button
_DIALOG_SHARE = 0.9  # a window root smaller than this share of the screen is a dialog window


class ConsentWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    policy_words: tuple[str, ...]
    accept_words: tuple[str, ...]
    refuse_words: tuple[str, ...]
    neutral_words: tuple[str, ...] = ()
    tick_words: tuple[str, ...] = ()
    accept_id_hints: tuple[str, ...] = ()
    refuse_id_hints: tuple[str, ...] = ()
    consent_id_hints: tuple[str, ...] = ()
    policy_id_hints: tuple[str, ...] = ()
    dialog_id_hints: tuple[str, ...] = ()
    dialog_class_hints: tuple[str, ...] = ()
    tick_classes: tuple[str, ...] = ()
    tick_id_hints: tuple[str, ...] = ()
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
    enabled: bool = True  # an accept button can be disabled until a tick box is ticked

    @property
    def center(self) -> tuple[int, int]:
        return self.bounds.center

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "text": self.label,
            "resource_id": self.resource_id,
            "bounds": str(self.bounds),
            "center": list(self.center),
            "confidence": self.confidence,
        }
        if not self.enabled:
            found["enabled"] = False
        return found


@dataclass(frozen=True, slots=True)
class TickBox:
    """The "I have read and agree" box of a dialog; `ticked` is None when it cannot say."""

    label: str
    resource_id: str
    bounds: Bounds
    ticked: bool | None

    @property
    def center(self) -> tuple[int, int]:
        return self.bounds.center

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.label,
            "resource_id": self.resource_id,
            "bounds": str(self.bounds),
            "center": list(self.center),
            "ticked": self.ticked,
        }


@dataclass(frozen=True, slots=True)
class ConsentDialog:
    policy_text: str
    accept: ButtonMatch | None
    refuse: ButtonMatch | None
    confidence: float
    bounds: Bounds  # the container holding the policy text and the buttons
    package: str
    manage: ButtonMatch | None = None  # "Manage options", "设置": neither accepts nor refuses
    tick: TickBox | None = None

    def buttons(self) -> tuple[ButtonMatch, ...]:
        return tuple(b for b in (self.accept, self.refuse, self.manage) if b is not None)

    @property
    def preticked(self) -> bool:
        """Consent was ticked before anyone touched the dialog (a fact rules may use)."""
        return self.tick is not None and self.tick.ticked is True

    @property
    def needs_tick(self) -> bool:
        """Accepting needs the box ticked first: it says it is not, or accept is disabled."""
        if self.tick is None:
            return False
        if self.tick.ticked is False:
            return True
        return self.tick.ticked is None and self.accept is not None and not self.accept.enabled

    def to_json(self) -> dict[str, Any]:
        return {
            "policy_text": self.policy_text,
            "package": self.package,
            "bounds": str(self.bounds),
            "confidence": self.confidence,
            "accept": self.accept.to_json() if self.accept else None,
            "refuse": self.refuse.to_json() if self.refuse else None,
            "manage": self.manage.to_json() if self.manage else None,
            "tick": self.tick.to_json() if self.tick else None,
            "preticked": self.preticked,
        }


def _norm(text: str) -> str:
    return "".join(text.split()).lower().replace("\u2019", "'")


def _spaced(text: str) -> str:
    return " ".join(text.split()).lower().replace("\u2019", "'")


def _button_sized(label: str) -> bool:
    norm = _norm(label)
    if len(norm) <= _SHORT_LABEL:
        return True
    return label.isascii() and len(label.split()) <= _SHORT_WORDS and len(norm) <= _SHORT_ASCII


@functools.cache
def _matchers(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Exact forms, and one pattern per word: whole words for English, substrings otherwise."""
    exact = frozenset(_norm(w) for w in words)
    patterns = []
    for word in words:
        if word.isascii():
            patterns.append(re.compile(rf"(?<![a-z0-9]){re.escape(_spaced(word))}(?![a-z0-9])"))
        else:
            patterns.append(re.compile(re.escape(_norm(word))))
    return exact, tuple(patterns)


def _label_score(label: str, words: tuple[str, ...]) -> float:
    norm = _norm(label)
    if not norm:
        return 0.0
    exact, patterns = _matchers(words)
    if norm in exact:
        return _EXACT
    if not _button_sized(label):
        return 0.0
    spaced = _spaced(label)
    for pattern in patterns:
        if pattern.search(spaced) or pattern.search(norm):
            return _CONTAINS
    return 0.0


def _mentions(label: str, words: tuple[str, ...]) -> bool:
    """The label contains one of the words anywhere (sentences included)."""
    _exact, patterns = _matchers(words)
    spaced, norm = _spaced(label), _norm(label)
    return any(p.search(spaced) or p.search(norm) for p in patterns)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def id_words(resource_id: str) -> frozenset[str]:
    """The words of a resource id's name: `app:id/btnAccept_all` gives btn, accept, all."""
    name = resource_id.rsplit("/", 1)[-1]
    name = _CAMEL.sub("_", name)
    return frozenset(w for w in re.split(r"[_\-.]+", name.lower()) if w)


def _id_agrees(resource_id: str, hints: tuple[str, ...]) -> bool:
    return bool(id_words(resource_id) & set(hints))


class _Detector:
    def __init__(self, hierarchy: Hierarchy, words: ConsentWords) -> None:
        self.words = words
        self.system = set(words.system_packages)
        self.parents: dict[int, Node] = {}
        self.window_area: dict[int, int] = {}
        screen_area = max((r.bounds.area for r in hierarchy.roots), default=1)
        self.dialog_windows: set[int] = set()
        for root in hierarchy.roots:
            self._index(root, max(1, root.bounds.area))
            if root.bounds.area < _DIALOG_SHARE * screen_area and root.package not in self.system:
                self.dialog_windows.add(id(root))
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
        if node.package in self.system:
            return False
        if node.label and ("《" in node.label or _mentions(node.label, self.words.policy_words)):
            return True
        return _id_agrees(node.resource_id, self.words.policy_id_hints)

    def is_dialog_like(self, node: Node) -> bool:
        if id(node) in self.dialog_windows:
            return True
        if _id_agrees(node.resource_id, self.words.dialog_id_hints):
            return True
        return any(hint in node.class_name for hint in self.words.dialog_class_hints)

    def is_tick(self, node: Node) -> bool:
        # A tick drawn as an image may still report checked="true" (its own state flag).
        return (
            node.checkable
            or node.checked
            or node.class_name in self.words.tick_classes
            or _id_agrees(node.resource_id, self.words.tick_id_hints)
        )

    def tap_target(self, node: Node) -> Node | None:
        """The node if clickable, else its nearest clickable ancestor of about its size."""
        for candidate in [node, *self.ancestors(node)]:
            # A button disabled until a box is ticked is clickable="true" enabled="false".
            if candidate.clickable:
                # A clickable dialog (one that swallows touches) is not the button its
                # label sits in: far larger than the label, and a good part of the window.
                area = candidate.bounds.area
                too_big = (
                    area > 10 * max(1, node.bounds.area)
                    and area > _BIG_SHARE * self.window_area[id(node)]
                )
                return None if too_big else candidate
        return None

    def classify(self, node: Node, target: Node, dialog_like: bool) -> tuple[str, float] | None:
        """("accept" | "refuse" | "neutral", confidence) of a labelled button, or None."""
        words = self.words
        label = node.label
        refuse = _label_score(label, words.refuse_words)
        if refuse:
            if _id_agrees(target.resource_id, words.refuse_id_hints):
                refuse = min(_EXACT, refuse + _ID_BONUS)
            return "refuse", refuse
        neutral = _label_score(label, words.neutral_words)
        if neutral:
            return "neutral", neutral
        accept = _label_score(label, words.accept_words)
        if accept:
            if _id_agrees(target.resource_id, words.accept_id_hints):
                accept = min(_EXACT, accept + _ID_BONUS)
            return "accept", accept
        if dialog_like and _button_sized(label):
            # Unknown wording: the id alone says what the button does, in a dialog only.
            if _id_agrees(target.resource_id, words.refuse_id_hints):
                return "refuse", _BY_ID
            if _id_agrees(target.resource_id, words.accept_id_hints):
                return "accept", _BY_ID
        return None

    def best_buttons(
        self, container: Node
    ) -> tuple[ButtonMatch | None, ButtonMatch | None, ButtonMatch | None]:
        best: dict[str, ButtonMatch] = {}
        dialog_like = self.is_dialog_like(container) or any(
            self.is_dialog_like(a) for a in self.ancestors(container)
        )
        for node in container.walk():
            if not node.label or node.package in self.system or self.is_tick(node):
                continue
            target = self.tap_target(node)
            if target is None or self.is_tick(target):
                continue
            found = self.classify(node, target, dialog_like)
            if found is None:
                continue
            kind, score = found
            enabled = target.enabled and node.enabled
            if not enabled and kind != "accept":
                continue  # only accept waits for a tick; a disabled refuse is no choice
            match = ButtonMatch(
                node.label, target.resource_id, target.bounds, round(score, 2), enabled
            )
            if kind not in best or self._better(match, best[kind], kind):
                best[kind] = match
        return best.get("accept"), best.get("refuse"), best.get("neutral")

    def _better(self, match: ButtonMatch, held: ButtonMatch, kind: str) -> bool:
        if match.confidence != held.confidence or kind != "neutral":
            return match.confidence > held.confidence
        # Between equally sure neutral buttons, the one the data file lists first: a CMP's
        # "Manage options" names its settings better than a "Learn more" link.
        return self._neutral_rank(match.label) < self._neutral_rank(held.label)

    def _neutral_rank(self, label: str) -> int:
        norm = _norm(label)
        words = [_norm(w) for w in self.words.neutral_words]
        return next((i for i, w in enumerate(words) if w == norm), len(words))

    def tick_box(self, container: Node) -> TickBox | None:
        """The "I have read and agree" box in the container, if one is there."""
        for node in container.walk():
            if not self.is_tick(node) or node.package in self.system or not node.enabled:
                continue
            parent = self.parents.get(id(node), node)
            texts = [n.label for n in (node, *parent.walk()) if n.label]
            words = (*self.words.tick_words, *self.words.policy_words)
            if not any(_mentions(t, words) or "《" in t for t in texts):
                continue
            label = next((t for t in texts if _mentions(t, words) or "《" in t), "")
            ticked = node.checked if node.checkable or node.checked else None
            return TickBox(label, node.resource_id, node.bounds, ticked)
        return None

    def policy_strength(self, node: Node) -> float:
        # A title naming the policy, or a 《书名号》 reference, is as sure as text gets; a
        # passing mention in a long sentence less so; an id alone, less again.
        label = node.label
        if not label or not (_mentions(label, self.words.policy_words) or "《" in label):
            return 0.6
        if len(_norm(label)) <= 16 or "《" in label:
            return 1.0
        return 0.8

    def id_anchored(self) -> list[Node]:
        """Dialog-like containers holding a consent accept id and a refuse id (no text)."""
        found = []
        hints = set(self.words.consent_id_hints)
        for root in self.roots:
            for node in root.walk():
                if not self.is_dialog_like(node) or node.package in self.system:
                    continue
                ids = [id_words(n.resource_id) for n in node.walk() if n.clickable]
                accept = any(w & hints & set(self.words.accept_id_hints) for w in ids)
                refuse = any(w & hints & set(self.words.refuse_id_hints) for w in ids)
                if accept and refuse:
                    found.append(node)
        return found


def _dialog_at(
    detector: _Detector, anchor: Node, containers: list[Node], strength: float
) -> ConsentDialog | None:
    for container in containers:
        accept, refuse, manage = detector.best_buttons(container)
        if accept is None:
            continue
        confidence = round(
            0.4 * strength + 0.4 * accept.confidence + 0.2 * (refuse.confidence if refuse else 0),
            2,
        )
        policy_text = anchor.label or next((n.label for n in container.walk() if n.label), "")
        return ConsentDialog(
            policy_text=policy_text,
            accept=accept,
            refuse=refuse,
            confidence=confidence,
            bounds=container.bounds,
            package=anchor.package,
            manage=manage,
            tick=detector.tick_box(container),
        )
    return None


def detect_consent(hierarchy: Hierarchy, words: ConsentWords | None = None) -> ConsentDialog | None:
    """The consent dialog on screen, or None when there is none."""
    detector = _Detector(hierarchy, words or load_consent_words())
    candidates: list[ConsentDialog] = []
    for root in detector.roots:
        for node in root.walk():
            if detector.is_policy(node):
                found = _dialog_at(
                    detector, node, detector.ancestors(node), detector.policy_strength(node)
                )
                if found is not None:
                    candidates.append(found)
    if not candidates:
        for container in detector.id_anchored():
            found = _dialog_at(detector, container, [container], 0.5)
            if found is not None:
                candidates.append(found)
    return max(candidates, key=lambda d: d.confidence, default=None)
