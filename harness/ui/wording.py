"""Matching screen labels against word lists, as the consent detector does, for other readers.

What: `mentions(label, words)`: the label holds one of the words (Chinese as substrings,
English as whole words, case and whitespace ignored); with `short_only`, only a button-sized
label counts (a sentence that happens to say "close" is not a close button). `norm` is the
folded form the matchers compare. How: the one implementation lives in harness.ui.consent;
this module names it for the dialog-quality, pop-up and policy-path readers.
"""

from __future__ import annotations

from harness.ui.consent import _button_sized, _matchers, _mentions, _norm


def norm(text: str) -> str:
    return _norm(text)


def equals(label: str, words: tuple[str, ...]) -> bool:
    exact, _patterns = _matchers(words)
    return _norm(label) in exact


def mentions(label: str, words: tuple[str, ...], *, short_only: bool = False) -> bool:
    if not label:
        return False
    if equals(label, words):
        return True
    if short_only and not _button_sized(label):
        return False
    return _mentions(label, words)
