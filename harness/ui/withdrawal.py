"""Finding the way to withdraw consent on a screen: the control, the way to it, the confirmation.

    words = load_withdrawal_words()
    control = withdraw_control(hierarchy, package, words)    # "撤回同意" here? (a Target)
    ways = path_controls(hierarchy, package, words)          # 隐私设置, 设置, 我的: nearest first
    ok = confirm_button(hierarchy, package, words)           # 确定 in the dialog that follows
    mentions_withdrawal(hierarchy, words)                    # a confirmation, not consent again

Pure functions over one screen dump; the withdraw step (harness.scenario.withdraw) walks the
app with them. Candidates are the screen's tappable controls (harness.ui.actions), each named
by its own label or the first label inside it (a settings row's title names the row), so a
row "隐私设置 >" is found by its title. The words are data (harness/data/withdrawal.yaml).

Known gaps: a control labelled with an icon only (no text, no content description) is not
found by words; the search then falls back on the other controls of the screen.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.ui.actions import Action, ActionKind, actionable
from harness.ui.hierarchy import Hierarchy
from harness.yamlfile import load_model

_CONTROL_CHARS = 16  # a control's label, not a sentence of the policy text
_CONTROL_WORDS = 6


class WithdrawalWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    withdraw_words: tuple[str, ...]
    path_words: tuple[tuple[str, ...], ...]  # tiers, nearest the goal first
    confirm_words: tuple[str, ...]
    withdrawal_mentions: tuple[str, ...]
    cancel_words: tuple[str, ...]


@functools.cache
def load_withdrawal_words(path: Path = PACKAGE_DATA / "withdrawal.yaml") -> WithdrawalWords:
    return load_model(path, WithdrawalWords)


@dataclass(frozen=True, slots=True)
class Target:
    """A control to tap: the action (its key names it on its screen), and why it was chosen."""

    action: Action
    rank: int  # the path tier for a way, 0 for the withdraw control and a confirmation

    @property
    def label(self) -> str:
        return self.action.label or self.action.resource_id

    @property
    def center(self) -> tuple[int, int]:
        bounds = self.action.bounds
        assert bounds is not None  # taps always have a node
        return bounds.center


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


def _control_sized(label: str) -> bool:
    if len(_norm(label)) <= _CONTROL_CHARS:
        return True
    return label.isascii() and len(label.split()) <= _CONTROL_WORDS


@functools.cache
def _patterns(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    exact = frozenset(_norm(w) for w in words)
    patterns = []
    for word in words:
        if word.isascii():
            spaced = " ".join(word.lower().split())
            patterns.append(re.compile(rf"(?<![a-z0-9]){re.escape(spaced)}(?![a-z0-9])"))
        elif len(_norm(word)) >= 2:
            patterns.append(re.compile(re.escape(_norm(word))))
    return exact, tuple(patterns)


def says(label: str, words: tuple[str, ...]) -> bool:
    """The control's label is one of the words, or a control-sized label containing one."""
    norm = _norm(label)
    if not norm:
        return False
    exact, patterns = _patterns(words)
    if norm in exact:
        return True
    if not _control_sized(label):
        return False
    spaced = " ".join(label.lower().split())
    return any(p.search(spaced) or p.search(norm) for p in patterns)


def _taps(hierarchy: Hierarchy, package: str | None) -> list[Action]:
    return [a for a in actionable(hierarchy, package) if a.kind is ActionKind.TAP]


def withdraw_control(
    hierarchy: Hierarchy, package: str | None, words: WithdrawalWords
) -> Target | None:
    """The first control on screen that withdraws consent, in screen order."""
    for action in _taps(hierarchy, package):
        if says(action.label, words.withdraw_words) and not says(action.label, words.cancel_words):
            return Target(action, 0)
    return None


def path_controls(
    hierarchy: Hierarchy, package: str | None, words: WithdrawalWords
) -> list[Target]:
    """The controls that may lead to it, nearest the goal first (then in screen order)."""
    found: list[Target] = []
    for action in _taps(hierarchy, package):
        for rank, tier in enumerate(words.path_words):
            if says(action.label, tier):
                found.append(Target(action, rank))
                break
    found.sort(key=lambda t: t.rank)  # stable: screen order within a tier
    return found


def confirm_button(
    hierarchy: Hierarchy, package: str | None, words: WithdrawalWords
) -> Target | None:
    """The button that confirms a withdrawal (never one that cancels it)."""
    for action in _taps(hierarchy, package):
        label = action.label
        if says(label, words.cancel_words):
            continue
        if says(label, words.confirm_words) or says(label, words.withdraw_words):
            return Target(action, 0)
    return None


def mentions_withdrawal(hierarchy: Hierarchy, words: WithdrawalWords) -> bool:
    """Some text on screen speaks of withdrawing (a confirmation, not a fresh consent dialog)."""
    _exact, patterns = _patterns(words.withdrawal_mentions)
    for node in hierarchy.walk():
        label = node.label
        if label and any(p.search(" ".join(label.lower().split())) for p in patterns):
            return True
    return False
