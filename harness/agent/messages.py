"""Frida messages from the agent, parsed once into typed records.

Nothing downstream reads a raw Frida message. A payload that does not match what the agent
sends is a bug in the agent or a version mismatch: it becomes an `AgentProblem`, never a
silently dropped event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.model import DataCategory, HookEvent, HookInstallReport


@dataclass(frozen=True, slots=True)
class EventBatch:
    events: tuple[HookEvent, ...]
    produced: int  # events the agent had produced when it sent this batch


@dataclass(frozen=True, slots=True)
class AgentLog:
    level: str
    text: str


@dataclass(frozen=True, slots=True)
class AgentProblem:
    """A script error, or a message we could not parse: kept as evidence of a gap."""

    text: str


AgentMessage = EventBatch | HookInstallReport | AgentLog | AgentProblem


def event_id(seq: int) -> str:
    return f"ev{seq:07d}"


def _hook_event(raw: dict[str, Any]) -> HookEvent:
    seq = int(raw["seq"])
    return HookEvent(
        id=event_id(seq),
        seq=seq,
        ts=float(raw["ts"]) / 1000.0,
        category=DataCategory(raw["category"]),
        api=str(raw["api"]),
        signature=str(raw["sig"]),
        thread=str(raw["thread"]),
        args=tuple("null" if a is None else str(a) for a in raw["args"]),
        ret=None if raw["ret"] is None else str(raw["ret"]),
        stack=tuple(str(f) for f in raw["stack"]),
    )


def parse_message(message: dict[str, Any]) -> AgentMessage:
    if message.get("type") == "error":
        where = f" ({message.get('fileName')}:{message.get('lineNumber')})"
        return AgentProblem(text=f"{message.get('description', 'script error')}{where}")
    if message.get("type") != "send":
        return AgentProblem(text=f"unexpected Frida message: {message!r}")
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return AgentProblem(text=f"payload is not an object: {payload!r}")
    kind = payload.get("type")
    try:
        if kind == "events":
            return EventBatch(
                events=tuple(_hook_event(e) for e in payload["events"]),
                produced=int(payload["produced"]),
            )
        if kind == "install":
            return HookInstallReport(
                installed=tuple(str(i) for i in payload["installed"]),
                missing=tuple((str(e), str(r)) for e, r in payload["missing"]),
            )
        if kind == "log":
            return AgentLog(level=str(payload["level"]), text=str(payload["text"]))
    except (KeyError, TypeError, ValueError) as exc:
        return AgentProblem(text=f"malformed {kind} message ({exc}): {payload!r}"[:2000])
    return AgentProblem(text=f"unknown message type {kind!r}")
