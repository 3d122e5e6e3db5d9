"""The session's timeline, appended to the partial bundle as it happens (`journal.jsonl`).

What: every record that reaches the harness during a session (each batch of hook events,
permission requests and context events from the agents, each scenario marker and
permission prompt, each agent problem and process record) is appended to `journal.jsonl`
in the bundle's staging folder, one JSON row each, in the rows' events.jsonl shape (types
`agent_problem` and `process` besides). The final `events.jsonl` is still written from the
finished timeline; the journal is removed before sealing, so a sealed bundle is as before.
What it is for: a harness killed (SIGKILL, OOM), interrupted or failed leaves a `.partial`
or `.failed` folder that still holds what it saw, as flows.mitm does for the traffic;
`harness report` reads it when events.jsonl is absent (harness.evidence.contents).

How: producers only queue objects under a lock (Frida's thread must not wait on the disk,
nor encode JSON: hook throughput). A writer thread wakes every `FLUSH_INTERVAL_S`, encodes
what was queued, takes the scenario's new markers and prompts from the lists it watches,
writes, flushes to the OS and fsyncs. So a SIGKILL of the harness loses at most what
arrived in the last interval (plus the row being encoded); a crash of the machine the same,
as the file is fsynced each time.

Known gaps: rows carry no phase or background (the timeline places them at the end); a
record the app made but the agent had not yet sent is not the harness's to keep.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from harness.agent.messages import AgentMessage, AgentProblem, EventBatch
from harness.errors import InfrastructureError
from harness.evidence.contents import JOURNAL_FILE
from harness.evidence.events import encode_lines
from harness.model import AppProcess, Marker, PermissionPrompt

__all__ = ["FLUSH_INTERVAL_S", "JOURNAL_FILE", "Journal"]

FLUSH_INTERVAL_S = 0.25

logger = logging.getLogger(__name__)

Watched = Callable[[], Sequence[Marker | PermissionPrompt]]


class Journal:
    """Owns the open journal file and its writer thread; `close()` writes the rest."""

    def __init__(self, path: Path, interval_s: float = FLUSH_INTERVAL_S) -> None:
        self._path = path
        try:
            self._handle: IO[bytes] = path.open("ab")
        except OSError as exc:
            raise InfrastructureError(f"cannot write {path}: {exc.strerror or exc}") from exc
        self._interval_s = interval_s
        self._lock = threading.Lock()
        self._pending: list[Any] = []  # records, or rows already in their JSON form
        self._watched: list[tuple[Watched, list[int]]] = []  # a source, how many taken
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="journal", daemon=True)
        self.failure: OSError | None = None  # a write that failed (the disk): no more are tried

    def __enter__(self) -> Journal:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def on_message(self, message: AgentMessage) -> None:
        """An agent's message (any thread): the records it carries are queued."""
        match message:
            case EventBatch():
                self._add([*message.events, *message.permission_requests])
                self._add(message.context_events)
            case AgentProblem(text=text):
                self._add([{"type": "agent_problem", "ts": time.time(), "text": text}])
            case AppProcess():
                self._add([{"type": "process", **message.to_json()}])

    def watch(self, source: Watched) -> None:
        """A list that only grows (the scenario's markers): its new items go in each time."""
        with self._lock:
            self._watched.append((source, [0]))

    def _add(self, items: Iterable[Any]) -> None:
        with self._lock:
            self._pending.extend(items)

    def _take(self) -> list[Any]:
        with self._lock:
            taken, self._pending = self._pending, []
            for source, count in self._watched:
                items = source()
                taken.extend(items[count[0] :])
                count[0] = len(items)
        return taken

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            self._write(self._take())

    def _write(self, items: list[Any]) -> None:
        if not items or self.failure is not None:
            return
        rows = (item if isinstance(item, dict) else item.to_json() for item in items)
        data = encode_lines(rows)
        try:
            self._handle.write(data.encode("utf-8"))
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            # The final bundle's own writes name the disk's fault; what is here stays.
            self.failure = exc
            logger.warning(
                "cannot write %s: %s: records from now on are kept in memory only",
                self._path,
                exc.strerror or exc,
            )

    def close(self) -> None:
        if self._handle.closed:
            return
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._write(self._take())
        try:
            self._handle.close()
        except OSError as exc:
            # What a failed write left in the buffer: its failure was said when it happened.
            if self.failure is None:
                raise InfrastructureError(f"cannot write {self._path}: {exc.strerror}") from exc
