"""The job board: device threads take jobs from it one at a time and hand back attempts.

One thread per device, so a device never runs two sessions at once. A device takes only
jobs of its own family (lab apps on host-lab devices, APKs on Android devices). A job whose
attempt was an infrastructure fault goes back to the front of the queue, marked with the
devices it tried, and waits for a device of its family it has not tried (see
`retry.may_take`). A device that keeps failing is retired. A job no device of the pool can
run (none of its family, from the start or once the last one retired) ends at once as not
runnable: an infrastructure fault without a device, never retried. Whoever consumes
`events()` (the suite's main thread) sees every attempt, every retired device and every
finished job, in order.
"""

from __future__ import annotations

import collections
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from harness.session.orchestrator import OutcomeKind
from harness.suite.family import DeviceFamily
from harness.suite.jobs import Attempt, Job, JobResult
from harness.suite.retry import RetryPolicy, may_take

NOT_RUNNABLE = "not runnable"


def not_runnable_reason(family: DeviceFamily, left: bool = False) -> str:
    """Why a job ended without a device; `left`: its family's last device was retired."""
    where = "left in the pool" if left else "in the pool"
    return f"{NOT_RUNNABLE}: no healthy {family.label} {where} to run {family.runs}"


def is_not_runnable(attempt: Attempt) -> bool:
    """An attempt made by the board for a job no device could take."""
    return not attempt.device and attempt.error.startswith(f"{NOT_RUNNABLE}:")


@dataclass(slots=True)
class Ticket:
    """A job in play: its attempts so far and the devices they ran on."""

    job: Job
    attempts: list[Attempt] = field(default_factory=list)
    tried: set[str] = field(default_factory=set)

    @property
    def next_number(self) -> int:
        return len(self.attempts) + 1


@dataclass(frozen=True, slots=True)
class AttemptDone:
    attempt: Attempt
    final: bool  # False: the job goes back to the board for another device


@dataclass(frozen=True, slots=True)
class DeviceRetired:
    device: str
    reason: str


@dataclass(frozen=True, slots=True)
class JobFinished:
    result: JobResult


BoardEvent = AttemptDone | DeviceRetired | JobFinished


class JobBoard:
    def __init__(
        self,
        jobs: Sequence[Job],
        devices: Sequence[str],
        policy: RetryPolicy,
        families: Mapping[str, DeviceFamily] | None = None,
    ) -> None:
        """`families`: each device's family (default: every device is a host-lab one)."""
        self._policy = policy
        self._family = {d: (families or {}).get(d, DeviceFamily.HOST_LAB) for d in devices}
        self._cond = threading.Condition()
        self._pending: collections.deque[Ticket] = collections.deque(Ticket(j) for j in jobs)
        self._active: set[str] = set(devices)
        self._busy: dict[str, Ticket] = {}
        self._faults: dict[str, int] = dict.fromkeys(devices, 0)
        self._unfinished = len(jobs)
        self._aborted = False
        self.failure: BaseException | None = None
        self._events: queue.Queue[BoardEvent | None] = queue.Queue()  # None: no more
        # Jobs of a family the pool has no device for end now, before any device starts.
        for event in self._give_up_orphans(left=False):
            self._events.put(event)
        self._maybe_close()

    # --- device threads ---

    def take(self, device: str) -> Ticket | None:
        """Block until there is a job for `device`; None when the device should stop."""
        with self._cond:
            while True:
                if self._aborted or device not in self._active:
                    return None
                family = self._family[device]
                peers = frozenset(d for d in self._active if self._family[d] is family)
                for ticket in self._pending:
                    if ticket.job.family is not family:
                        continue
                    if may_take(device, frozenset(ticket.tried), peers):
                        self._pending.remove(ticket)
                        self._busy[device] = ticket
                        return ticket
                # Jobs of its family still pending or running (a fault brings one back).
                if not any(t.job.family is family for t in self._in_play()):
                    return None
                self._cond.wait()

    def done(self, device: str, ticket: Ticket, attempt: Attempt, retire: str = "") -> None:
        """Record an attempt; `retire` takes the device out of the pool for that reason."""
        events: list[BoardEvent] = []
        with self._cond:
            self._busy.pop(device, None)
            ticket.attempts.append(attempt)
            ticket.tried.add(device)
            infra = attempt.outcome is OutcomeKind.INFRA_FAULT
            self._faults[device] = self._faults.get(device, 0) + 1 if infra else 0
            if not retire and infra and self._policy.retire_device(self._faults[device]):
                retire = f"{self._faults[device]} infrastructure faults in a row"
            if retire:
                self._active.discard(device)
                events.append(DeviceRetired(device, retire))
            retry = self._policy.retry(attempt.outcome, attempt.number, ticket.job.max_attempts)
            events.insert(0, AttemptDone(attempt, final=not retry))
            if retry:
                self._pending.appendleft(ticket)  # retried before new work: the night is finite
            else:
                events.append(self._finish(ticket))
            events.extend(self._give_up_orphans(left=True))
            self._cond.notify_all()
        for event in events:
            self._events.put(event)
        self._maybe_close()

    def abort(self) -> None:
        """Stop handing out jobs (an interrupt); running sessions finish."""
        with self._cond:
            self._aborted = True
            self._cond.notify_all()
        self._events.put(None)

    def fail(self, error: BaseException) -> None:
        with self._cond:
            if self.failure is None:
                self.failure = error
        self.abort()

    # --- the consumer ---

    def events(self) -> Iterator[BoardEvent]:
        """Every event until all jobs are finished (or the board is aborted)."""
        while (event := self._events.get()) is not None:
            yield event

    def drain(self) -> list[BoardEvent]:
        """The events queued so far, without waiting (after an abort)."""
        found: list[BoardEvent] = []
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return found
            if event is not None:
                found.append(event)

    # --- inside the lock ---

    def _in_play(self) -> Iterator[Ticket]:
        yield from self._pending
        yield from self._busy.values()

    def _finish(self, ticket: Ticket) -> JobFinished:
        self._unfinished -= 1
        return JobFinished(JobResult(ticket.job, tuple(ticket.attempts)))

    def _give_up_orphans(self, left: bool) -> list[BoardEvent]:
        """End the pending jobs whose family has no active device (none will come back)."""
        served = {self._family[d] for d in self._active}
        orphans = [t for t in self._pending if t.job.family not in served]
        events: list[BoardEvent] = []
        for ticket in orphans:
            self._pending.remove(ticket)
            events += self._give_up(ticket, not_runnable_reason(ticket.job.family, left))
        return events

    def _give_up(self, ticket: Ticket, reason: str) -> list[BoardEvent]:
        last = ticket.attempts[-1] if ticket.attempts else None
        now = time.time()
        attempt = Attempt(
            job_id=ticket.job.id,
            number=ticket.next_number,
            host=last.host if last else "",
            device="",
            outcome=OutcomeKind.INFRA_FAULT,
            bundle="",
            error=reason,
            started=last.ended if last else now,
            ended=last.ended if last else now,
        )
        ticket.attempts.append(attempt)
        return [AttemptDone(attempt, final=True), self._finish(ticket)]

    def _maybe_close(self) -> None:
        with self._cond:
            closing = self._unfinished == 0
        if closing:
            self._events.put(None)


Execute = Callable[[str, Ticket], Attempt]
OnHung = Callable[[str, Ticket, float], Attempt]  # (device, ticket, seconds) -> the fault


def run_devices(
    board: JobBoard,
    devices: Sequence[str],
    execute: Execute,
    *,
    timeout_s: float | None = None,
    on_hung: OnHung | None = None,
) -> list[threading.Thread]:
    """Start one daemon thread per device; each runs `execute` for every job it takes.

    An exception out of `execute` (bad input, a harness bug) aborts the board and is kept in
    `board.failure` for the main thread to raise once the events stop. With `timeout_s`, a
    session still running after that long is given up: `on_hung` makes its attempt (an
    infrastructure fault, so the job is retried elsewhere) and the device leaves the pool,
    since a thread cannot be stopped and whatever hangs it may hang the next session too.
    """
    threads = []
    for device in devices:
        thread = threading.Thread(
            target=_device_loop,
            args=(board, device, execute, timeout_s, on_hung),
            name=f"device-{device}",
            daemon=True,  # an interrupted suite must not hang on a session's thread at exit
        )
        thread.start()
        threads.append(thread)
    return threads


def _device_loop(
    board: JobBoard,
    device: str,
    execute: Execute,
    timeout_s: float | None,
    on_hung: OnHung | None,
) -> None:
    while (ticket := board.take(device)) is not None:
        outcome: list[Attempt | BaseException] = []
        session = threading.Thread(
            target=_capture, args=(execute, device, ticket, outcome), daemon=True,
            name=f"session-{device}",
        )  # fmt: skip
        session.start()
        session.join(timeout_s)
        if session.is_alive() and timeout_s is not None and on_hung is not None:
            reason = f"a session hung for over {timeout_s:g} s"
            board.done(device, ticket, on_hung(device, ticket, timeout_s), retire=reason)
            return  # the hung thread is left behind; its late result is never read
        session.join()
        result = outcome[0]
        if isinstance(result, BaseException):  # handed to the main thread, which raises it
            board.fail(result)
            return
        board.done(device, ticket, result)


def _capture(
    execute: Execute, device: str, ticket: Ticket, into: list[Attempt | BaseException]
) -> None:
    try:
        into.append(execute(device, ticket))
    except BaseException as exc:  # the device thread decides what it means
        into.append(exc)
