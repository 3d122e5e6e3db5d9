"""Find every occurrence of many literal strings in a text: the automaton, and its control.

`AutomatonScanner` is an Aho-Corasick automaton (pyahocorasick, in C): built once from
all the literals, it reads a text once and reports every occurrence of every literal,
overlapping ones included, however many literals there are. `NaiveScanner` is the loop
it replaces (one `str.find` pass per literal); it exists so that tests and
benchmarks/matcher.py can check that both find exactly the same things.

Both yield `(start, end, literal)` with `text[start:end] == literal`; the order differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

import ahocorasick

Hit = tuple[int, int, str]


class Scanner(Protocol):
    def hits(self, text: str) -> Iterator[Hit]: ...


ScannerFactory = Callable[[Iterable[str]], Scanner]


class AutomatonScanner:
    def __init__(self, literals: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for literal in literals:
            if literal:
                self._automaton.add_word(literal, literal)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def hits(self, text: str) -> Iterator[Hit]:
        if self._empty or not text:
            return
        for last, literal in self._automaton.iter(text):
            yield last + 1 - len(literal), last + 1, literal


class NaiveScanner:
    def __init__(self, literals: Iterable[str]) -> None:
        self._literals = tuple(dict.fromkeys(literal for literal in literals if literal))

    def hits(self, text: str) -> Iterator[Hit]:
        for literal in self._literals:
            at = text.find(literal)
            while at != -1:
                yield at, at + len(literal), literal
                at = text.find(literal, at + 1)
