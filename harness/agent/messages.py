"""Frida messages from the agent, parsed once into typed records.

Nothing downstream reads a raw Frida message. A payload that does not match what the agent
sends is a bug in the agent or a version mismatch: it becomes an `AgentProblem`, never a
silently dropped event. Events are compact arrays that name their stack, call site and
thread by id; the session's tables (fed by the same batches, harness.agent.tables) turn ids
back into values, so records carry whole stacks and names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.agent.stacks import StackTable
from harness.agent.tables import SessionTables, Site
from harness.model import (
    AppProcess,
    ContextEvent,
    DataCategory,
    FailedHook,
    HookEvent,
    HookInstallReport,
    LateHook,
    PermissionRequest,
)


@dataclass(frozen=True, slots=True)
class EventBatch:
    events: tuple[HookEvent, ...]
    produced: int  # events (of every kind) the agent had produced when it sent this batch
    permission_requests: tuple[PermissionRequest, ...] = ()
    context_events: tuple[ContextEvent, ...] = ()
    stack_table: StackTable = field(default_factory=StackTable)  # the session's, shared
    process: str = ""  # the app process whose agent sent it
    instance: int = 0  # which hooked process of the session (SessionTables.instance)

    @property
    def sequence_numbers(self) -> list[int]:
        return [
            *(e.seq for e in self.events),
            *(r.seq for r in self.permission_requests),
            *(c.seq for c in self.context_events),
        ]


@dataclass(frozen=True, slots=True)
class AgentLog:
    level: str
    text: str


@dataclass(frozen=True, slots=True)
class AgentProblem:
    """A script error, or a message we could not parse: kept as evidence of a gap."""

    text: str


# AppProcess: a process of the app was caught, ended or lost its agent (harness.agent.processes)
AgentMessage = EventBatch | HookInstallReport | AgentLog | AgentProblem | AppProcess


def event_id(seq: int, instance: int = 0) -> str:
    """`ev0000012`; a later process's agent counts from 0 too: `ev1-0000012` (its instance)."""
    return f"ev{seq:07d}" if instance == 0 else f"ev{instance}-{seq:07d}"


def _strings(values: list[Any]) -> tuple[str, ...]:
    return tuple("null" if v is None else str(v) for v in values)


def _record(
    raw: list[Any], tables: SessionTables, process: str
) -> HookEvent | PermissionRequest | ContextEvent:
    # [seq, ts, site, label, thread, args, ret, stack(, perms)] (hooks/src/events.ts)
    seq, ts_ms, site_id, label, thread_id, args, ret_raw, stack_id = raw[:8]
    seq, stack_id = int(seq), tables.stack_id(int(stack_id))
    site = tables.site(int(site_id))
    ts = float(ts_ms) / 1000.0
    thread = tables.thread(int(thread_id))
    stack = tables.stacks.resolve(stack_id)
    # A call that threw sends {"threw": text} instead of a value (hooks/src/events.ts).
    threw = str(ret_raw["threw"]) if isinstance(ret_raw, dict) else None
    ret = None if ret_raw is None or threw is not None else str(ret_raw)
    if site.kind in ("read", "context"):
        # A personal-data read and a context call are the same hooked call; only what the
        # label names differs (a data category, or a context topic). The records check the
        # keys when they are built (a TypedDict would only restate ContextEvent's fields).
        call: dict[str, Any] = {
            "id": event_id(seq, tables.instance),
            "seq": seq,
            "ts": ts,
            "entry": site.entry,
            "api": site.api,
            "signature": site.signature,
            "thread": thread,
            "args": _strings(args),
            "ret": ret,
            "threw": threw,
            "stack": stack,
            "stack_id": stack_id,
            "process": process,
        }
        if site.kind == "read":
            return HookEvent(category=DataCategory(label), **call)
        return ContextEvent(topic=str(label), **call)
    if site.kind == "permission_request":
        return PermissionRequest(
            id=event_id(seq, tables.instance),
            seq=seq,
            ts=ts,
            api=site.api,
            permissions=_strings(raw[8] if len(raw) > 8 else []),
            thread=thread,
            stack=stack,
            process=process,
        )
    raise ValueError(f"unknown event kind {site.kind!r}")


def _batch(payload: dict[str, Any], tables: SessionTables) -> EventBatch:
    tables.add_stacks((int(i), tuple(str(f) for f in frames)) for i, frames in payload["stacks"])
    # The agent names its process in every batch (config.process); an older agent does not.
    process = str(payload.get("process") or tables.process)
    tables.add(
        sites=(
            (int(i), Site(str(entry), str(kind), str(api), str(sig)))
            for i, (entry, kind, api, sig) in payload["sites"]
        ),
        threads=((int(i), str(name)) for i, name in payload["threads"]),
    )
    hooks: list[HookEvent] = []
    requests: list[PermissionRequest] = []
    context: list[ContextEvent] = []
    for raw in payload["events"]:
        record = _record(raw, tables, process)
        if isinstance(record, HookEvent):
            hooks.append(record)
        elif isinstance(record, PermissionRequest):
            requests.append(record)
        else:
            context.append(record)
    return EventBatch(
        events=tuple(hooks),
        produced=int(payload["produced"]),
        permission_requests=tuple(requests),
        context_events=tuple(context),
        stack_table=tables.stacks,
        process=process,
        instance=tables.instance,
    )


def _install(payload: dict[str, Any], process: str) -> HookInstallReport:
    return HookInstallReport(
        process=process,
        installed=tuple(str(i) for i in payload["installed"]),
        missing=tuple((str(e), str(r)) for e, r in payload["missing"]),
        failed=tuple(
            FailedHook(entry=str(h["entry"]), class_name=str(h["class"]), reason=str(h["reason"]))
            for h in payload.get("failed", [])
        ),
        late=tuple(
            LateHook(
                entry=str(h["entry"]),
                class_name=str(h["class"]),
                loader=str(h["loader"]),
                ts=float(h["ts"]) / 1000.0,
            )
            for h in payload.get("late", [])
        ),
    )


def parse_message(message: dict[str, Any], tables: SessionTables | None = None) -> AgentMessage:
    """One Frida message; `tables` are the session's (batches add to them, events read them)."""
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
            return _batch(payload, tables if tables is not None else SessionTables())
        if kind == "install":
            return _install(payload, tables.process if tables is not None else "")
        if kind == "log":
            return AgentLog(level=str(payload["level"]), text=str(payload["text"]))
    except (KeyError, TypeError, ValueError) as exc:
        return AgentProblem(text=f"malformed {kind} message ({exc}): {payload!r}"[:2000])
    return AgentProblem(text=f"unknown message type {kind!r}")
