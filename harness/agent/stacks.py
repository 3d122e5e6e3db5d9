"""The session's stack table: each distinct Java stack once, referenced by id from events.

The agent numbers stacks as it first sees them and sends each stack's frames once, with the
batch that first uses it; events carry only the id. The table resolves ids back to frames
(one shared tuple per stack) and is written to the bundle as `stacks.json`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any


def frame_class_method(frame: str) -> str:
    """`com.a.B.m(B.java:3)` -> `com.a.B.m`; a HotSpot module prefix (`java.base/`) is dropped."""
    head = frame.split("(", 1)[0].strip()
    return head.rsplit("/", 1)[-1]


def is_framework(frame: str, prefixes: Sequence[str]) -> bool:
    return frame_class_method(frame).startswith(tuple(prefixes))


def first_app_frame(stack: Sequence[str], prefixes: Sequence[str], *, skip: int = 1) -> str | None:
    """The first frame below the hooked method itself (`skip`) that is not the platform's."""
    for frame in stack[skip:]:
        if not is_framework(frame, prefixes):
            return frame
    return None


class StackTable:
    """Thread-safe: Frida delivers messages on its own thread, the bundle reads at the end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frames: dict[int, tuple[str, ...]] = {}
        self._uses: dict[int, int] = {}

    def add(self, stacks: Iterable[tuple[int, tuple[str, ...]]]) -> None:
        with self._lock:
            for stack_id, frames in stacks:
                self._frames.setdefault(stack_id, frames)

    def add_new(self, frames: tuple[str, ...]) -> int:
        """Store a stack under the next free id and return it: how a second process's stacks
        (numbered by its own agent from 0) join the session's one table without clashing."""
        with self._lock:
            stack_id = max(self._frames, default=-1) + 1
            self._frames[stack_id] = frames
            return stack_id

    def resolve(self, stack_id: int) -> tuple[str, ...]:
        """The frames of a stack; an id the agent never defined is an agent bug."""
        with self._lock:
            frames = self._frames.get(stack_id)
            if frames is None:
                raise KeyError(f"stack {stack_id} was never sent by the agent")
            self._uses[stack_id] = self._uses.get(stack_id, 0) + 1
            return frames

    def __len__(self) -> int:
        with self._lock:
            return len(self._frames)

    def to_json(self) -> dict[str, Any]:
        """`{"stacks": [{"id", "uses", "frames"}]}` in id order (the bundle's stacks.json)."""
        with self._lock:
            return {
                "stacks": [
                    {"id": i, "uses": self._uses.get(i, 0), "frames": list(f)}
                    for i, f in sorted(self._frames.items())
                ]
            }
