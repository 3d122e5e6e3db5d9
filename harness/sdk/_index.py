"""Lookup structures behind SdkDatabase: dict probes, not loops over signatures."""

from __future__ import annotations

import re
from typing import Generic, TypeVar

T = TypeVar("T")


class PrefixIndex(Generic[T]):
    """Dotted prefixes; the longest one that is a whole-segment prefix of a name wins."""

    def __init__(self) -> None:
        self._map: dict[str, T] = {}

    def add(self, prefix: str, value: T) -> None:
        # First writer wins: callers add in precedence order.
        self._map.setdefault(prefix.strip("."), value)

    def longest(self, name: str) -> T | None:
        end = len(name)
        while end > 0:
            hit = self._map.get(name[:end])
            if hit is not None:
                return hit
            end = name.rfind(".", 0, end)
        return None


class FragmentIndex(Generic[T]):
    """Unanchored, segment-aligned fragments folded into one alternation regex."""

    def __init__(self) -> None:
        self._parts: list[tuple[str, T]] = []
        self._regex: re.Pattern[str] | None = None

    def add(self, fragment: str, value: T) -> None:
        self._parts.append((fragment.strip("."), value))

    def freeze(self) -> None:
        if not self._parts:
            return
        # Longest fragments first so a more specific one wins at the same position.
        self._parts.sort(key=lambda p: -len(p[0]))
        alternatives = "|".join(
            f"(?P<f{i}>{re.escape(f)})" for i, (f, _v) in enumerate(self._parts)
        )
        self._regex = re.compile(rf"(?:^|\.)(?:{alternatives})(?=$|\.)")

    def search(self, name: str) -> T | None:
        if self._regex is None:
            return None
        match = self._regex.search(name)
        if match is None or match.lastgroup is None:
            return None
        return self._parts[int(match.lastgroup[1:])][1]


class HostIndex(Generic[T]):
    """Domain suffixes probed label by label, plus the few patterns that need a regex."""

    def __init__(self) -> None:
        self._suffixes: dict[str, list[T]] = {}
        self._regexes: list[tuple[re.Pattern[str], T]] = []

    def add_suffix(self, suffix: str, value: T) -> None:
        bucket = self._suffixes.setdefault(suffix.lower().strip("."), [])
        if value not in bucket:
            bucket.append(value)

    def add_regex(self, pattern: str, value: T) -> None:
        self._regexes.append((re.compile(pattern, re.IGNORECASE), value))

    def match(self, host: str) -> tuple[T, ...]:
        """The values of the most specific suffix of `host` that has any (a specific host
        such as `errlog.umeng.com` beats its vendor's `umeng.com`); regexes only when no
        suffix matched."""
        start = 0
        while True:
            bucket = self._suffixes.get(host[start:])
            if bucket:
                return tuple(bucket)
            dot = host.find(".", start)
            if dot < 0:
                break
            start = dot + 1
        found: list[T] = []
        for regex, value in self._regexes:
            if value not in found and regex.search(host):
                found.append(value)
        return tuple(found)
