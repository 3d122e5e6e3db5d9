"""What the agent sends once and events then name by id: stacks, call sites, thread names.

A session's tables fill as batches arrive (each batch carries the entries its events are the
first to use) and stay for the whole session: the collector writes the stack table to the
bundle as `stacks.json`.

Each hooked process has an agent of its own, which numbers its stacks, sites and threads from
0. So every process gets its own tables; the first process's stack ids are kept as its agent
sent them, a later process's stacks join the session's one stack table under new ids
(`stack_ids` maps its agent's ids to the table's).
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
    stacks: StackTable = field(default_factory=StackTable)  # the session's (shared)
    process: str = ""  # the app process whose agent these tables serve
    instance: int = 0  # 0: the first process hooked in the session; then 1, 2, ... in order
    _sites: dict[int, Site] = field(default_factory=dict)
    _threads: dict[int, str] = field(default_factory=dict)
    _stack_ids: dict[int, int] = field(default_factory=dict)  # agent's id -> table's (instance > 0)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_stacks(self, stacks: Iterable[tuple[int, tuple[str, ...]]]) -> None:
        if self.instance == 0:
            self.stacks.add(stacks)
            return
        with self._lock:
            for agent_id, frames in stacks:
                if agent_id not in self._stack_ids:
                    self._stack_ids[agent_id] = self.stacks.add_new(frames)

    def stack_id(self, agent_id: int) -> int:
        """The session table's id of a stack this process's agent numbered `agent_id`."""
        if self.instance == 0:
            return agent_id
        with self._lock:
            found = self._stack_ids.get(agent_id)
        if found is None:
            raise KeyError(f"stack {agent_id} was never sent by the agent of {self.process}")
        return found

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
