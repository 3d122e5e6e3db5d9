"""What the agent sends once and events then name by id: stacks, call sites, thread names.

A session's tables fill as batches arrive (each batch carries the entries its events are the
first to use) and stay for the whole session: the collector writes the stack table to the
bundle as `stacks.json`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from harness.agent.stacks import StackTable


@dataclass(frozen=True, slots=True)
class Site:
    """One hooked overload: the catalog entry, the kind of record it makes, API and overload."""

    entry: str
    kind: str  # "read" | "context" | "permission_request"
    api: str
    signature: str


@dataclass
class SessionTables:
    stacks: StackTable = field(default_factory=StackTable)
    _sites: dict[int, Site] = field(default_factory=dict)
    _threads: dict[int, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self,
        sites: Iterable[tuple[int, Site]],
        threads: Iterable[tuple[int, str]],
    ) -> None:
        with self._lock:
            for site_id, site in sites:
                self._sites.setdefault(site_id, site)
            for thread_id, name in threads:
                self._threads.setdefault(thread_id, name)

    def site(self, site_id: int) -> Site:
        with self._lock:
            found = self._sites.get(site_id)
        if found is None:
            raise KeyError(f"call site {site_id} was never sent by the agent")
        return found

    def thread(self, thread_id: int) -> str:
        with self._lock:
            found = self._threads.get(thread_id)
        if found is None:
            raise KeyError(f"thread {thread_id} was never sent by the agent")
        return found
