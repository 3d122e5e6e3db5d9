"""Agent messages parsed into typed records: stack ids resolved, every kind, losses counted."""

from __future__ import annotations

from typing import Any

from harness.agent.messages import AgentProblem, EventBatch, parse_message
from harness.agent.stacks import first_app_frame, frame_class_method
from harness.agent.tables import SessionTables
from harness.model import AppProcess, ContextEvent, HookEvent, HookInstallReport, ProcessRole
from harness.session.agent_reports import AgentReports

FRAMEWORK = ("android.", "java.", "jdk.", "harness.lab.")
STACK = [
    "android.telephony.TelephonyManager.getDeviceId(Native Method)",
    "com.example.Sdk.collect(Sdk.java:7)",
    "harness.lab.MainLoop.run(MainLoop.java:19)",
]


SITES = [
    [0, ["telephony.getDeviceId", "read", "android.telephony.TelephonyManager.getDeviceId", "()"]],
    [
        1,
        [
            "telephony.getSimOperator",
            "context",
            "android.telephony.TelephonyManager.getSimOperator",
            "()",
        ],
    ],
    [
        2,
        [
            "permissions.activity",
            "permission_request",
            "android.app.Activity.requestPermissions",
            "(...)",
        ],
    ],
]
THREADS = [[0, "main"]]


def _event(
    seq: int, site: int = 0, stack: int = 0, label: str = "device_id", *extra: Any
) -> list[Any]:
    return [
        seq,
        1_700_000_000_000.5 + seq,
        site,
        label,
        0,
        [None, "x"],
        "867530912345678",
        stack,
        *extra,
    ]


def _send(payload: dict[str, Any]) -> dict[str, Any]:
    return {"type": "send", "payload": payload}


def _batch(
    events: list[Any], stacks: list[Any], produced: int, *, first: bool = True
) -> dict[str, Any]:
    return _send(
        {
            "type": "events",
            "events": events,
            "stacks": stacks,
            "sites": SITES if first else [],
            "threads": THREADS if first else [],
            "produced": produced,
        }
    )


def test_a_stack_sent_once_is_shared_by_every_event_that_names_it() -> None:
    tables = SessionTables()
    first = parse_message(_batch([_event(0)], [[0, STACK]], 1), tables)
    second = parse_message(_batch([_event(1)], [], 2, first=False), tables)
    assert isinstance(first, EventBatch) and isinstance(second, EventBatch)
    (a,), (b,) = first.events, second.events
    assert a.stack is b.stack and a.stack == tuple(STACK) and b.stack_id == 0
    assert (
        a.ts == 1_700_000_000.0005
        and a.args == ("null", "x")
        and a.entry == "telephony.getDeviceId"
    )
    assert a.thread == "main" and a.signature == "()"
    assert tables.stacks.to_json() == {"stacks": [{"id": 0, "uses": 2, "frames": STACK}]}


def test_an_id_never_sent_is_a_problem_not_a_silent_drop() -> None:
    for event in (_event(0, 0, 7), _event(0, 9, 0), [0, 1.0, 0, "device_id", 5, [], None, 0]):
        message = parse_message(_batch([event], [[0, STACK]], 1), SessionTables())
        assert isinstance(message, AgentProblem) and "never sent" in message.text


def test_a_stack_id_never_sent_is_named() -> None:
    message = parse_message(_batch([_event(0, 0, 7)], [], 1), SessionTables())
    assert isinstance(message, AgentProblem) and "stack 7" in message.text


def test_each_kind_becomes_its_own_record() -> None:
    payload = [
        _event(0),
        _event(1, 1, 0, "carrier"),
        _event(2, 2, 0, "", ["android.permission.CAMERA"]),
    ]
    batch = parse_message(_batch(payload, [[0, STACK]], 3), SessionTables())
    assert isinstance(batch, EventBatch)
    assert [type(e) for e in batch.events] == [HookEvent]
    (context,) = batch.context_events
    assert isinstance(context, ContextEvent) and context.topic == "carrier"
    assert context.to_json()["type"] == "context"
    (request,) = batch.permission_requests
    assert request.permissions == ("android.permission.CAMERA",) and request.stack == tuple(STACK)
    assert sorted(batch.sequence_numbers) == [0, 1, 2]


def test_an_unknown_category_is_a_problem() -> None:
    message = parse_message(
        _batch([_event(0, 0, 0, "shoe_size")], [[0, STACK]], 1), SessionTables()
    )
    assert isinstance(message, AgentProblem)


def test_the_collector_counts_every_kind_against_the_agents_sequence() -> None:
    collector = AgentReports()
    tables = SessionTables()
    for message in (
        _batch([_event(0), _event(1, 1, 0, "carrier")], [[0, STACK]], 2),
        _batch([_event(3, 2, 0, "", [])], [], 5, first=False),
    ):
        collector(parse_message(message, tables))
    assert collector.missing_sequence_numbers() == [2, 4]
    assert len(collector.events) == 1 and len(collector.context_events) == 1
    assert len(collector.permission_requests) == 1
    report = collector.report_json()
    assert report["lost_sequence_numbers"] == [2, 4] and report["stacks"] == 1


def test_late_hooks_are_part_of_the_install_report() -> None:
    message = parse_message(
        _send(
            {
                "type": "install",
                "installed": ["a"],
                "missing": [["b", "class not found: x.B"]],
                "late": [{"entry": "a", "class": "x.A", "loader": "msa-plugin", "ts": 1500.0}],
            }
        )
    )
    assert isinstance(message, HookInstallReport)
    assert message.late[0].ts == 1.5
    assert message.to_json()["late"] == [
        {"entry": "a", "class": "x.A", "loader": "msa-plugin", "ts": 1.5}
    ]
    assert message.to_json()["missing"] == [{"entry": "b", "reason": "class not found: x.B"}]


def test_failed_hooks_are_part_of_the_install_report_apart_from_missing_ones() -> None:
    message = parse_message(
        _send(
            {
                "type": "install",
                "installed": ["a"],
                "missing": [],
                "failed": [{"entry": "c", "class": "x.C", "reason": "No supported overloads"}],
                "late": [],
            }
        )
    )
    assert isinstance(message, HookInstallReport)
    assert message.to_json()["failed"] == [
        {"entry": "c", "class": "x.C", "reason": "No supported overloads"}
    ]
    assert message.to_json()["missing"] == []
    broken = parse_message(
        _send({"type": "install", "installed": [], "missing": [], "failed": [{}]})
    )
    assert isinstance(broken, AgentProblem)


def test_the_caller_is_the_first_frame_below_the_api_outside_the_platform() -> None:
    assert first_app_frame(STACK, FRAMEWORK) == "com.example.Sdk.collect(Sdk.java:7)"
    native = ["java.io.FileInputStream.open0(Native Method)", *STACK[1:]]
    assert first_app_frame(native, FRAMEWORK) == "com.example.Sdk.collect(Sdk.java:7)"
    assert first_app_frame(STACK[:1] + STACK[2:], FRAMEWORK) is None
    assert frame_class_method("java.base/java.io.File.open(File.java:1)") == "java.io.File.open"


def _process_batch(process: str, events: list[Any], stacks: list[Any], produced: int) -> Any:
    message = _batch(events, stacks, produced)
    message["payload"]["process"] = process
    return message


def test_a_second_process_has_its_own_ids_and_joins_the_one_stack_table() -> None:
    # Each process's agent numbers its events and stacks from 0: the first process keeps its
    # agent's ids, a later one's stacks get new ids in the session's table and its events
    # an id of their own, so nothing collides in events.jsonl or stacks.json.
    main = SessionTables(process="com.example")
    push = SessionTables(stacks=main.stacks, process="com.example:push", instance=1)
    push_stack = [
        "android.telephony.TelephonyManager.getDeviceId(Native Method)",
        "com.igexin.sdk.PushService.onCreate(PushService.java:9)",
    ]
    first = parse_message(_process_batch("com.example", [_event(0)], [[0, STACK]], 1), main)
    second = parse_message(
        _process_batch("com.example:push", [_event(0)], [[0, push_stack]], 1), push
    )
    assert isinstance(first, EventBatch) and isinstance(second, EventBatch)
    (a,), (b,) = first.events, second.events
    assert (a.id, a.seq, a.stack_id, a.process) == ("ev0000000", 0, 0, "com.example")
    assert (b.id, b.seq, b.stack_id, b.process) == ("ev1-0000000", 0, 1, "com.example:push")
    assert b.stack == tuple(push_stack) and b.to_json()["process"] == "com.example:push"
    assert (second.process, second.instance) == ("com.example:push", 1)
    assert [s["frames"] for s in main.stacks.to_json()["stacks"]] == [STACK, push_stack]


def test_a_batch_without_a_process_name_takes_the_sessions() -> None:
    tables = SessionTables(process="com.example:remote", instance=2)
    batch = parse_message(_batch([_event(0)], [[0, STACK]], 1), tables)
    assert isinstance(batch, EventBatch)
    assert batch.events[0].process == "com.example:remote"
    install = parse_message(_send({"type": "install", "installed": [], "missing": []}), tables)
    assert isinstance(install, HookInstallReport) and install.process == "com.example:remote"


def test_the_collector_checks_each_process_against_its_own_agent() -> None:
    collector = AgentReports()
    main = SessionTables(process="com.example")
    push = SessionTables(stacks=main.stacks, process="com.example:push", instance=1)
    collector(AppProcess("com.example", 10, 0, ProcessRole.MAIN, 1.0, "hooked"))
    collector(AppProcess("com.example:push", 11, 1, ProcessRole.SECONDARY, 2.0, "hooked"))
    collector(
        parse_message(_process_batch("com.example", [_event(0), _event(1)], [[0, STACK]], 2), main)
    )
    # The push process's agent produced 3, but its event 1 never arrived.
    collector(
        parse_message(
            _process_batch("com.example:push", [_event(0), _event(2)], [[0, STACK]], 3), push
        )
    )
    assert collector.missing_sequence_numbers() == []
    assert collector.missing_sequence_numbers(1) == [1]
    report = collector.report_json()
    assert report["lost_sequence_numbers"] == [] and report["events_produced"] == 2
    assert [
        (p["name"], p["events_produced"], p["lost_sequence_numbers"]) for p in report["processes"]
    ] == [
        ("com.example", 2, []),
        ("com.example:push", 3, [1]),
    ]
    # Never silent: a later process's loss is a problem even when the first one's is clean.
    assert report["agent_problems"] == ["com.example:push (pid 11): 1 events lost"]
