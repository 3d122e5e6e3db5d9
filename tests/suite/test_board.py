"""The job board's scheduling, with a stand-in for the session (no device needed here:
the real sessions run in test_suite_hostlab.py). What is checked is pure scheduling: who
gets which job, how often, and what a fault leads to."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest

from harness.session.orchestrator import OutcomeKind
from harness.suite.board import (
    AttemptDone,
    BoardEvent,
    DeviceRetired,
    JobBoard,
    JobFinished,
    Ticket,
    is_not_runnable,
    run_devices,
)
from harness.suite.family import DeviceFamily
from harness.suite.jobs import Attempt, Job
from harness.suite.retry import RetryPolicy, may_take


def _jobs(n: int, max_attempts: int = 3) -> list[Job]:
    return [
        Job(f"S/app{i}/sc", "S", f"app{i}", f"app{i}", "/sc.yaml", "sc", max_attempts)
        for i in range(n)
    ]


class FakeLab:
    """Runs no app: answers each (device, job) with the outcome `decide` gives, and records
    how many sessions each device ran at once."""

    def __init__(self, decide: Callable[[str, Ticket], OutcomeKind]) -> None:
        self._decide = decide
        self._lock = threading.Lock()
        self.running: Counter[str] = Counter()
        self.max_running: Counter[str] = Counter()

    def __call__(self, device: str, ticket: Ticket) -> Attempt:
        with self._lock:
            self.running[device] += 1
            self.max_running[device] = max(self.max_running[device], self.running[device])
        outcome = self._decide(device, ticket)
        with self._lock:
            self.running[device] -= 1
        return Attempt(ticket.job.id, ticket.next_number, "h", device, outcome, "", "", 0.0, 0.0)


def _apk_jobs(n: int, max_attempts: int = 3) -> list[Job]:
    return [
        Job(f"S/com.app{i}/sc", "S", f"/apks/app{i}.apk", f"com.app{i}", "/sc.yaml", "sc",
            max_attempts, family=DeviceFamily.ANDROID)
        for i in range(n)
    ]  # fmt: skip


ANDROID = DeviceFamily.ANDROID


def _run(
    jobs: list[Job],
    devices: list[str],
    lab: FakeLab,
    policy: RetryPolicy | None = None,
    families: dict[str, DeviceFamily] | None = None,
) -> tuple[list[BoardEvent], JobBoard]:
    board = JobBoard(jobs, devices, policy or RetryPolicy(), families)
    threads = run_devices(board, devices, lab)
    events = list(board.events())
    for thread in threads:
        thread.join()
    return events, board


def _results(events: list[BoardEvent]) -> dict[str, tuple[Attempt, ...]]:
    return {e.result.job.id: e.result.attempts for e in events if isinstance(e, JobFinished)}


def test_every_job_runs_once_and_a_device_runs_one_session_at_a_time() -> None:
    lab = FakeLab(lambda _d, _t: OutcomeKind.OK)
    events, board = _run(_jobs(12), ["a", "b", "c"], lab)
    results = _results(events)
    assert sorted(results) == sorted(j.id for j in _jobs(12))
    assert all(len(a) == 1 and a[0].outcome is OutcomeKind.OK for a in results.values())
    assert set(lab.max_running.values()) == {1}
    assert board.failure is None


def test_infrastructure_fault_is_retried_on_another_device() -> None:
    lab = FakeLab(lambda d, _t: OutcomeKind.INFRA_FAULT if d == "bad" else OutcomeKind.OK)
    events, _ = _run(
        _jobs(4), ["bad", "good"], lab, RetryPolicy(max_attempts=3, device_fault_limit=99)
    )
    for attempts in _results(events).values():
        assert attempts[-1].outcome is OutcomeKind.OK and attempts[-1].device == "good"
        if len(attempts) > 1:
            assert [a.device for a in attempts] == ["bad", "good"]
            assert [a.number for a in attempts] == [1, 2]
    retried = [e for e in events if isinstance(e, AttemptDone) and not e.final]
    assert retried and all(e.attempt.device == "bad" for e in retried)


def test_app_fault_is_a_result_not_a_retry() -> None:
    lab = FakeLab(lambda _d, _t: OutcomeKind.APP_FAULT)
    events, _ = _run(_jobs(3), ["a", "b"], lab)
    assert all(
        len(a) == 1 and a[0].outcome is OutcomeKind.APP_FAULT for a in _results(events).values()
    )


def test_a_failing_device_is_retired_and_the_rest_carry_on() -> None:
    lab = FakeLab(lambda d, _t: OutcomeKind.INFRA_FAULT if d == "dead" else OutcomeKind.OK)
    events, _ = _run(_jobs(10), ["dead", "ok"], lab, RetryPolicy(3, device_fault_limit=2))
    retired = [e for e in events if isinstance(e, DeviceRetired)]
    assert [r.device for r in retired] == ["dead"]
    dead_runs = [e for e in events if isinstance(e, AttemptDone) and e.attempt.device == "dead"]
    assert len(dead_runs) == 2  # then it got no more work
    assert all(a[-1].outcome is OutcomeKind.OK for a in _results(events).values())


def test_one_device_lab_retries_in_place_up_to_the_limit() -> None:
    lab = FakeLab(lambda _d, _t: OutcomeKind.INFRA_FAULT)
    events, _ = _run(_jobs(1, max_attempts=3), ["only"], lab, RetryPolicy(3, 99))
    (attempts,) = _results(events).values()
    assert [a.device for a in attempts] == ["only"] * 3
    assert attempts[-1].outcome is OutcomeKind.INFRA_FAULT


def test_when_every_device_is_retired_the_jobs_left_end_as_infrastructure_faults() -> None:
    lab = FakeLab(lambda _d, _t: OutcomeKind.INFRA_FAULT)
    events, _ = _run(_jobs(5), ["a", "b"], lab, RetryPolicy(max_attempts=3, device_fault_limit=1))
    results = _results(events)
    assert len(results) == 5
    assert all(a[-1].outcome is OutcomeKind.INFRA_FAULT for a in results.values())
    gave_up = [a[-1] for a in results.values() if a[-1].device == ""]
    assert gave_up and all(is_not_runnable(a) for a in gave_up)
    assert all("no healthy host-lab device left in the pool" in a.error for a in gave_up)


def test_an_exception_in_a_session_stops_the_board_and_is_kept() -> None:
    def explode(_d: str, _t: Ticket) -> OutcomeKind:
        raise RuntimeError("harness bug")

    _events, board = _run(_jobs(3), ["a"], FakeLab(explode))
    assert isinstance(board.failure, RuntimeError)


@pytest.mark.parametrize(
    ("device", "tried", "active", "expected"),
    [
        ("a", set(), {"a", "b"}, True),
        ("a", {"a"}, {"a", "b"}, False),  # leave it to b
        ("a", {"a", "b"}, {"a", "b"}, True),  # tried everywhere: any device
        ("a", {"a"}, {"a"}, True),  # one-device pool
    ],
)
def test_may_take(device: str, tried: set[str], active: set[str], expected: bool) -> None:
    assert may_take(device, frozenset(tried), frozenset(active)) is expected


def test_abort_lets_the_running_session_end_and_hands_out_nothing_more() -> None:
    started, release = threading.Event(), threading.Event()

    def slow(_d: str, _t: Ticket) -> OutcomeKind:
        started.set()
        release.wait()
        return OutcomeKind.OK

    board = JobBoard(_jobs(3), ["a"], RetryPolicy())
    threads = run_devices(board, ["a"], FakeLab(slow))
    started.wait()
    board.abort()
    release.set()
    for thread in threads:
        thread.join()
    done = [e for e in board.drain() if isinstance(e, AttemptDone)]
    assert [e.attempt.job_id for e in done] == ["S/app0/sc"]  # only the one already running


def test_a_hung_session_is_given_up_its_device_retired_and_the_job_retried() -> None:
    release = threading.Event()  # the hung call never returns while the test looks

    def decide(device: str, _t: Ticket) -> OutcomeKind:
        if device == "stuck":
            release.wait()
        return OutcomeKind.OK

    def hung(device: str, ticket: Ticket, seconds: float) -> Attempt:
        return Attempt(ticket.job.id, ticket.next_number, "h", device,
                       OutcomeKind.INFRA_FAULT, "", f"hung {seconds:g} s", 0.0, 0.0)  # fmt: skip

    board = JobBoard(_jobs(3), ["stuck", "ok"], RetryPolicy(3, device_fault_limit=99))
    run_devices(board, ["stuck", "ok"], FakeLab(decide), timeout_s=0.2, on_hung=hung)
    events = list(board.events())
    release.set()
    (retired,) = [e for e in events if isinstance(e, DeviceRetired)]
    assert retired.device == "stuck" and "hung for over 0.2 s" in retired.reason
    results = _results(events)
    assert all(a[-1].outcome is OutcomeKind.OK and a[-1].device == "ok" for a in results.values())
    (given_up,) = [a[0] for a in results.values() if a[0].device == "stuck"]
    assert given_up.error == "hung 0.2 s"


def test_each_job_goes_to_a_device_of_its_family() -> None:
    lab = FakeLab(lambda _d, _t: OutcomeKind.OK)
    families = {"phone-1": ANDROID, "phone-2": ANDROID}  # "lab-1" defaults to host-lab
    jobs = _jobs(4) + _apk_jobs(4)
    events, _ = _run(jobs, ["lab-1", "phone-1", "phone-2"], lab, families=families)
    results = _results(events)
    assert sorted(results) == sorted(j.id for j in jobs)
    for job in jobs:
        (attempt,) = results[job.id]
        expected = {"lab-1"} if job.family is DeviceFamily.HOST_LAB else {"phone-1", "phone-2"}
        assert attempt.outcome is OutcomeKind.OK and attempt.device in expected


def test_a_retry_moves_to_another_device_of_the_same_family() -> None:
    # The first phone fails everything; the host lab is idle but must not take an APK.
    lab = FakeLab(lambda d, _t: OutcomeKind.INFRA_FAULT if d == "phone-1" else OutcomeKind.OK)
    events, _ = _run(
        _apk_jobs(3), ["lab-1", "phone-1", "phone-2"], lab,
        RetryPolicy(max_attempts=3, device_fault_limit=99),
        {"phone-1": ANDROID, "phone-2": ANDROID},
    )  # fmt: skip
    for attempts in _results(events).values():
        assert {a.device for a in attempts} <= {"phone-1", "phone-2"}
        assert attempts[-1].outcome is OutcomeKind.OK and attempts[-1].device == "phone-2"
    assert "lab-1" not in lab.max_running


def test_jobs_no_device_can_run_end_at_once_as_not_runnable() -> None:
    lab = FakeLab(lambda _d, _t: OutcomeKind.OK)
    jobs = _jobs(2) + _apk_jobs(2)
    events, _ = _run(jobs, ["lab-1"], lab)
    results = _results(events)
    assert len(results) == 4
    for job in _apk_jobs(2):
        (attempt,) = results[job.id]  # one attempt: never retried
        assert attempt.outcome is OutcomeKind.INFRA_FAULT and is_not_runnable(attempt)
        assert attempt.error == (
            "not runnable: no healthy Android device (usb, tcp or emulator) in the pool to run APKs"
        )
    assert all(results[j.id][0].outcome is OutcomeKind.OK for j in _jobs(2))


def test_a_board_with_only_unrunnable_jobs_closes_without_devices() -> None:
    events, _ = _run(_apk_jobs(2), [], FakeLab(lambda _d, _t: OutcomeKind.OK))
    assert len(_results(events)) == 2
    assert all(isinstance(e, (AttemptDone, JobFinished)) for e in events)


def test_when_the_last_android_device_retires_its_jobs_end_and_the_lab_goes_on() -> None:
    lab = FakeLab(lambda d, _t: OutcomeKind.INFRA_FAULT if d == "phone" else OutcomeKind.OK)
    jobs = _apk_jobs(3) + _jobs(3)
    events, _ = _run(
        jobs, ["lab-1", "phone"], lab, RetryPolicy(max_attempts=3, device_fault_limit=1),
        {"phone": ANDROID},
    )  # fmt: skip
    results = _results(events)
    for job in _apk_jobs(3):
        final = results[job.id][-1]
        assert final.outcome is OutcomeKind.INFRA_FAULT and is_not_runnable(final)
        assert "no healthy Android device (usb, tcp or emulator) left in the pool" in final.error
    assert all(results[j.id][-1].outcome is OutcomeKind.OK for j in _jobs(3))
