"""The typed records that cross every boundary of the harness.

Raw Frida messages, raw mitmproxy flows and raw YAML are parsed into these once, where they
enter Python; everything downstream (timeline, rules, reports) reads only these.
Times are host-clock seconds since the epoch (floats); device times are converted before
they become records (see harness.timeline).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class DataCategory(enum.StrEnum):
    """Kinds of personal information; human names live in data/categories.yaml."""

    DEVICE_ID = "device_id"
    IMSI = "imsi"
    SIM_SERIAL = "sim_serial"
    PHONE_NUMBER = "phone_number"
    ANDROID_ID = "android_id"
    SERIAL = "serial"
    MAC_ADDRESS = "mac_address"
    WIFI_INFO = "wifi_info"
    CELL_LOCATION = "cell_location"
    LOCATION = "location"
    INSTALLED_APPS = "installed_apps"
    RUNNING_APPS = "running_apps"
    CLIPBOARD = "clipboard"
    CONTACTS = "contacts"
    CALENDAR = "calendar"
    SMS = "sms"
    CALL_LOG = "call_log"
    CAMERA = "camera"
    MICROPHONE = "microphone"
    ACCOUNTS = "accounts"
    ADVERTISING_ID = "advertising_id"
    SENSORS = "sensors"
    BLUETOOTH = "bluetooth"
    MEDIA = "media"


# Categories whose whole value is an identifier: what the traffic layer learns from the values
# hooks saw returned (harness.traffic.observed) and what the rules and reports call identifiers.
IDENTIFIER_CATEGORIES = frozenset(
    {
        DataCategory.DEVICE_ID,
        DataCategory.IMSI,
        DataCategory.SIM_SERIAL,
        DataCategory.PHONE_NUMBER,
        DataCategory.ANDROID_ID,
        DataCategory.SERIAL,
        DataCategory.MAC_ADDRESS,
        DataCategory.ADVERTISING_ID,
    }
)


class Phase(enum.StrEnum):
    """Consent phase in force at an instant (background is orthogonal: a flag)."""

    PRE_CONSENT = "pre_consent"
    REFUSED = "refused"
    POST_CONSENT = "post_consent"
    # After the user withdrew consent in the app's settings (until an accept tap, if any).
    WITHDRAWN = "withdrawn"


class MarkerKind(enum.StrEnum):
    """What the scenario runner did at an instant that matters to the phases."""

    LAUNCH = "launch"
    CONSENT_ACCEPT = "consent_accept"
    CONSENT_REFUSE = "consent_refuse"
    CONSENT_NOT_FOUND = "consent_not_found"
    # The runner ticked the dialog's "I have read and agree" box before accepting.
    CONSENT_BOX_TICKED = "consent_box_ticked"
    # The dialog's consent box was already ticked when it appeared (consent by default).
    CONSENT_PRETICKED = "consent_preticked"
    BACKGROUND_START = "background_start"
    BACKGROUND_END = "background_end"
    STEP = "step"
    STEP_FAILED = "step_failed"  # a step could not do its job (target absent, assertion false)
    APP_EXITED = "app_exited"  # the app's process ended without the scenario stopping it
    # The app's main process ended and a new one of the same package took over (hooked again)
    APP_RESTARTED = "app_restarted"
    APP_BLOCKED = "app_blocked"  # the app offers only settings/quit (harness.ui.blocking)
    # The app stopped answering (its process frozen): at the time it was first seen so; the
    # harness killed it, so an app_exited marker follows
    APP_HUNG = "app_hung"
    # The user's withdrawal of consent, at the tap that confirmed it (harness.scenario.withdraw)
    CONSENT_WITHDRAWN = "consent_withdrawn"
    # The withdraw step searched within its bound and found no way to withdraw consent
    WITHDRAWAL_NOT_FOUND = "withdrawal_not_found"
    # The self-start probe stopped the app (its processes ended, as a user swiping it away)
    APP_STOPPED = "app_stopped"
    # The system started a process of the app without the user (a broadcast, a service, a
    # provider); detail: the ActivityManager "Start proc" line (harness.scenario.probe)
    APP_SELF_STARTED = "app_self_started"
    # The scenario's `upgrade` step installed version N+1 over the app (issue 15)
    APP_UPGRADED = "app_upgraded"
    STOP = "stop"
    # The consent dialog itself and the app's pop-ups (harness.ui.dialog_quality, .popups):
    # the first consent dialog offered no refusal / did not show or link the privacy policy
    CONSENT_NO_REFUSE = "consent_no_refuse"
    CONSENT_NO_POLICY = "consent_no_policy"
    # how many taps from the main screen the policy was (detail: harness.ui.policy_reach)
    POLICY_REACH = "policy_reach"
    # a pop-up with no close mark; a tap on a pop-up's body that opened another page or app
    POPUP_NO_CLOSE = "popup_no_close"
    POPUP_JUMP = "popup_jump"
    # the popup_probe step found a pop-up and examined it (the official checklist's pop-up
    # items are tested only then)
    POPUP_PROBED = "popup_probed"


class PermissionAnswer(enum.StrEnum):
    """What the scenario answered to a runtime-permission dialog."""

    ALLOW = "allow"
    ALLOW_FOREGROUND = "allow_foreground"
    DENY = "deny"
    UNANSWERED = "unanswered"


class Receiver(enum.StrEnum):
    """Who received data sent over the network."""

    FIRST_PARTY = "first_party"
    THIRD_PARTY = "third_party"


class Severity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class ClockOffset:
    """Device clock minus host clock, measured with round-trip correction.

    host_ts = device_ts - offset_s; the true offset lies within +/- uncertainty_s.
    """

    offset_s: float
    uncertainty_s: float
    method: str  # how it was measured ("same-host", "adb-shell-date", ...)

    def to_host(self, device_ts: float) -> float:
        return device_ts - self.offset_s

    def to_json(self) -> dict[str, Any]:
        return {
            "offset_s": self.offset_s,
            "uncertainty_s": self.uncertainty_s,
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class HookEvent:
    """One call of a hooked API, as the agent recorded it."""

    id: str
    seq: int
    ts: float
    category: DataCategory
    api: str  # "android.telephony.TelephonyManager.getDeviceId"
    signature: str  # the overload, e.g. "()" or "(int)"
    thread: str
    args: tuple[str, ...]
    ret: str | None
    stack: tuple[str, ...]  # innermost first, as Throwable.getStackTrace gives it
    entry: str = ""  # the hook catalog entry that recorded it
    stack_id: int | None = None  # the stack's id in the session's stack table (stacks.json)
    # The exception the call threw (then ret is None): still an attempt to collect, but the
    # app got no value (a SecurityException on Android 10+ for getImei, a denied permission).
    threw: str | None = None
    process: str = ""  # the app process that made the call ("com.example", "com.example:push")

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "hook",
            "id": self.id,
            "seq": self.seq,
            "ts": self.ts,
            "category": self.category.value,
            **_call_json(self),
            "entry": self.entry,
            "stack_id": self.stack_id,
        }


@dataclass(frozen=True, slots=True)
class ContextEvent:
    """A hooked call that is not personal data by itself (carrier, network state, IP
    address, external storage): kept in the timeline as context, never scored."""

    id: str
    seq: int
    ts: float
    topic: str  # "carrier", "network_state", "ip_address", "storage", "clipboard_use", ...
    entry: str
    api: str
    signature: str
    thread: str
    args: tuple[str, ...]
    ret: str | None
    stack: tuple[str, ...]
    stack_id: int | None = None
    threw: str | None = None  # the exception the call threw (then ret is None)
    process: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "context",
            "id": self.id,
            "seq": self.seq,
            "ts": self.ts,
            "topic": self.topic,
            "entry": self.entry,
            **_call_json(self),
            "stack_id": self.stack_id,
        }


def _call_json(call: HookEvent | ContextEvent) -> dict[str, Any]:
    """What a data read and a context call share: the hooked call itself, in events.jsonl's
    key order (each record puts it between its own keys)."""
    return {
        "process": call.process,
        "api": call.api,
        "signature": call.signature,
        "thread": call.thread,
        "args": list(call.args),
        "ret": call.ret,
        # Only for a call that threw: records of calls that returned keep their old shape.
        **({"threw": call.threw} if call.threw is not None else {}),
        "stack": list(call.stack),
    }


@dataclass(frozen=True, slots=True)
class HookInstallReport:
    """Which catalog entries the agent could hook, and why not for the others."""

    installed: tuple[str, ...]
    missing: tuple[tuple[str, str], ...]  # (entry id, reason): no such class or method here
    late: tuple[LateHook, ...] = ()  # entries hooked when a class loader defined their class
    # Entries whose class and method exist but whose hook threw: holes in the evidence.
    failed: tuple[FailedHook, ...] = ()
    process: str = ""  # the app process whose agent sent it

    def to_json(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "installed": list(self.installed),
            "missing": [{"entry": e, "reason": r} for e, r in self.missing],
            "failed": [hook.to_json() for hook in self.failed],
            "late": [hook.to_json() for hook in self.late],
        }


class ProcessRole(enum.StrEnum):
    MAIN = "main"  # the app's main process (the package's name): the one the scenario drives
    SECONDARY = "secondary"  # another process of the app (`package:push`, ...)


@dataclass(frozen=True, slots=True)
class AppProcess:
    """One process of the app the harness caught during a session, as it stands."""

    name: str  # "com.example", "com.example:push"
    pid: int
    instance: int  # 0 for the first process hooked in the session, then 1, 2, ... in order
    role: ProcessRole
    started: float  # host time the harness caught it (suspended, before its first instruction)
    agent: str  # "hooked", or why not: "failed: ...", "lost: ..." (never silent)
    ended: float | None = None  # host time its end was seen
    end_reason: str | None = None  # Frida's detach reason ("process-terminated", ...)
    # When the harness first saw it frozen (then killed it: harness.session.hang), and how
    hung_since: float | None = None
    hung: str = ""

    def to_json(self) -> dict[str, Any]:
        hang = {"hung_since": self.hung_since, "hung": self.hung} if self.hung else {}
        return {
            "name": self.name,
            "pid": self.pid,
            "instance": self.instance,
            "role": self.role.value,
            "started": self.started,
            "agent": self.agent,
            "ended": self.ended,
            "end_reason": self.end_reason,
            **hang,
        }


@dataclass(frozen=True, slots=True)
class FailedHook:
    """A catalog entry the agent tried to hook and could not; every other entry still is."""

    entry: str
    class_name: str  # "" for a module (the network module) rather than a class
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.entry, "class": self.class_name, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class LateHook:
    """A catalog entry hooked after start, in the class loader that defined its class."""

    entry: str
    class_name: str
    loader: str  # the loader's toString(), or "boot"
    ts: float  # host-clock seconds when it was hooked

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.entry, "class": self.class_name, "loader": self.loader, "ts": self.ts}


@dataclass(frozen=True, slots=True)
class Marker:
    """An instant the scenario runner recorded: the tap itself, not when it was noticed."""

    id: str
    ts: float
    kind: MarkerKind
    detail: str = ""
    evidence: tuple[str, ...] = ()  # file names in the bundle (hierarchy dumps, screenshots)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "marker",
            "id": self.id,
            "ts": self.ts,
            "kind": self.kind.value,
            "detail": self.detail,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class ProcessStart:
    """The system started a process of an app for one of its components: ActivityManager's
    "Start proc 4567:com.example:push/u0a245 for service {com.example/com.example.Push}"."""

    ts: float
    pid: int
    process: str  # "com.example:push"
    uid: str  # "u0a245" (Android 5+), or "10245" (Android 4.x)
    hosting: str  # "broadcast", "service", "content provider", "activity", "added application"...
    component: str = ""  # "com.example/.BootReceiver" as the line writes it, braces removed

    @property
    def package(self) -> str:
        """The component's package (a process name may be shared or custom), else the process's."""
        if "/" in self.component:
            return self.component.split("/", 1)[0]
        return self.process.split(":", 1)[0]

    def log_message(self) -> str:
        """The line as Android 10+ writes it (harness.android.logcat parses this form)."""
        target = f" {{{self.component}}}" if self.component else ""
        return f"Start proc {self.pid}:{self.process}/{self.uid} for {self.hosting}{target}"


@dataclass(frozen=True, slots=True)
class PermissionRequest:
    """The app asked for runtime permissions (a hooked requestPermissions call)."""

    id: str
    seq: int
    ts: float
    api: str  # "android.app.Activity.requestPermissions", ...
    permissions: tuple[str, ...]  # "android.permission.ACCESS_FINE_LOCATION", ...
    thread: str
    stack: tuple[str, ...]
    process: str = ""  # the app process that asked

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "permission_request",
            "id": self.id,
            "seq": self.seq,
            "ts": self.ts,
            "process": self.process,
            "api": self.api,
            "permissions": list(self.permissions),
            "thread": self.thread,
            "stack": list(self.stack),
        }


@dataclass(frozen=True, slots=True)
class PermissionPrompt:
    """A system permission dialog the scenario runner saw on screen, and how it answered."""

    id: str
    ts: float  # when the dialog was seen (the answer's tap time is `answered_ts`)
    permission: str  # as the dialog names it, e.g. "android.permission-group.LOCATION" or text
    answer: PermissionAnswer
    answered_ts: float | None
    package: str  # the permission controller package that showed it
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "permission_prompt",
            "id": self.id,
            "ts": self.ts,
            "permission": self.permission,
            "answer": self.answer.value,
            "answered_ts": self.answered_ts,
            "package": self.package,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class GrantState:
    """A runtime permission's state on the device: granted, and whether the user decided it
    (Android's USER_SET / USER_FIXED flags; the host lab's remembered answers)."""

    granted: bool
    user_set: bool

    def to_json(self) -> dict[str, bool]:
        return {"granted": self.granted, "user_set": self.user_set}


@dataclass(frozen=True, slots=True)
class PermissionUpgrade:
    """The `upgrade` step: the app's runtime grants just before version N+1 was installed
    over it and just after (before it ran again), on the host clock like markers."""

    id: str
    ts: float  # when the install finished
    from_version: str
    to_version: str
    before: tuple[tuple[str, GrantState], ...]  # permission -> state, in permission order
    after: tuple[tuple[str, GrantState], ...]
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "permission_upgrade",
            "id": self.id,
            "ts": self.ts,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "before": {p: g.to_json() for p, g in self.before},
            "after": {p: g.to_json() for p, g in self.after},
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> PermissionUpgrade:
        def grants(value: Any) -> tuple[tuple[str, GrantState], ...]:
            return tuple(
                (str(p), GrantState(bool(g["granted"]), bool(g["user_set"])))
                for p, g in sorted(dict(value).items())
            )

        return cls(
            id=str(row["id"]),
            ts=float(row["ts"]),
            from_version=str(row["from_version"]),
            to_version=str(row["to_version"]),
            before=grants(row["before"]),
            after=grants(row["after"]),
            evidence=tuple(str(e) for e in row.get("evidence", ())),
        )


@dataclass(frozen=True, slots=True)
class WebSocketMessage:
    """One message of a WebSocket flow (fragments reassembled, as mitmproxy gives it)."""

    ts: float
    from_client: bool  # True: the app sent it
    is_text: bool
    content: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "ts": self.ts,
            "from_client": self.from_client,
            "is_text": self.is_text,
            "size": len(self.content),
        }


@dataclass(frozen=True, slots=True)
class FlowRecord:
    """One HTTP exchange the proxy saw, reduced to what rules and reports read."""

    id: str  # mitmproxy's flow id
    ts: float  # request start
    method: str
    url: str
    host: str
    http_version: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    status: int | None
    error: str | None = None  # the proxy's error when the exchange failed
    websocket_messages: tuple[WebSocketMessage, ...] = ()  # after a 101, both directions

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "flow",
            "id": self.id,
            "ts": self.ts,
            "method": self.method,
            "url": self.url,
            "host": self.host,
            "http_version": self.http_version,
            "request_headers": [list(h) for h in self.request_headers],
            "request_body_size": len(self.request_body),
            "status": self.status,
            "error": self.error,
            "websocket_messages": [m.to_json() for m in self.websocket_messages],
        }


@dataclass(frozen=True, slots=True)
class IdentifierMatch:
    """A known identifier value found in a flow."""

    flow_id: str
    category: DataCategory
    identifier: str  # the value searched for (as known, not as encoded)
    encoding: str  # "plain", "md5", "base64", "md5(upper)", ... (harness.traffic.variants)
    where: str  # "url", "query:imei", "header:User-Agent", "body/json:$.device.imei", ...
    found: str = ""  # the text as it stood there (the encoded form), for highlighting

    def to_json(self) -> dict[str, Any]:
        return {
            "flow_id": self.flow_id,
            "category": self.category.value,
            "identifier": self.identifier,
            "encoding": self.encoding,
            "where": self.where,
            "found": self.found,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IdentifierMatch:
        return cls(
            flow_id=str(data["flow_id"]),
            category=DataCategory(data["category"]),
            identifier=str(data["identifier"]),
            encoding=str(data["encoding"]),
            where=str(data["where"]),
            found=str(data.get("found", "")),
        )


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who received a flow: first or third party, and the SDK its host belongs to."""

    host: str
    registrable_domain: str  # by the Public Suffix List ("umeng.com"); an IP stays itself
    receiver: Receiver
    sdk: str | None = None  # a person's name for the SDK ("Umeng"), when one is known
    sdk_ids: tuple[str, ...] = ()  # every SDK database entry whose network pattern covers it

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "registrable_domain": self.registrable_domain,
            "receiver": self.receiver.value,
            "sdk": self.sdk,
            "sdk_ids": list(self.sdk_ids),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attribution:
        return cls(
            host=str(data["host"]),
            registrable_domain=str(data["registrable_domain"]),
            receiver=Receiver(data["receiver"]),
            sdk=str(data["sdk"]) if data.get("sdk") is not None else None,
            sdk_ids=tuple(str(i) for i in data.get("sdk_ids", ())),
        )


@dataclass(frozen=True, slots=True)
class FlowAnalysis:
    """What the traffic layer concluded about one flow: who received it, what it carried."""

    flow_id: str
    attribution: Attribution
    matches: tuple[IdentifierMatch, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "flow_id": self.flow_id,
            **self.attribution.to_json(),
            "matches": [
                {k: v for k, v in m.to_json().items() if k != "flow_id"} for m in self.matches
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FlowAnalysis:
        """The inverse of `to_json` (its matches name no flow: they are this one's)."""
        flow_id = str(data["flow_id"])
        return cls(
            flow_id=flow_id,
            attribution=Attribution.from_json(data),
            matches=tuple(
                IdentifierMatch.from_json({**m, "flow_id": flow_id}) for m in data["matches"]
            ),
        )


@dataclass(frozen=True, slots=True)
class KnownIdentifier:
    """An identifier value the harness knows the device has (config or observed)."""

    category: DataCategory
    value: str
    source: str  # "devices.yaml", or the id of the hook event that returned it


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    kind: str  # "event" | "flow" | "marker" | "file"
    id: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: DataCategory | None
    phase: Phase | None
    severity: Severity
    title: str
    collector: str  # "first_party", or an SDK name
    first_ts: float
    count: int
    evidence: tuple[EvidenceRef, ...]
    regulation: str = ""  # the clause it tests, in Chinese (the regulation's own language)
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    regulation_en: str = ""  # the same clause in English
    rule_pack: str = ""  # version of the rule pack that produced the finding

    def key(self) -> tuple[str, str, str]:
        """What a calibration compares first: rule, category and phase."""
        return FindingKey.of(self).judged

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category.value if self.category else None,
            "phase": self.phase.value if self.phase else None,
            "severity": self.severity.value,
            "title": self.title,
            "regulation": self.regulation,
            "regulation_en": self.regulation_en,
            "rule_pack": self.rule_pack,
            "collector": self.collector,
            "first_ts": self.first_ts,
            "count": self.count,
            "evidence": [e.to_json() for e in self.evidence],
            "details": self.details,
        }


class FindingKey(NamedTuple):
    """The one identity of a finding across runs, indexes and ground truth: the same rule on
    the same data, in the same phase, by the same collector ("" where a part is unset)."""

    rule: str
    category: str
    phase: str
    collector: str

    @property
    def judged(self) -> tuple[str, str, str]:
        """Rule, category and phase: what ground truth that names no collector compares."""
        return (self.rule, self.category, self.phase)

    @classmethod
    def of(cls, finding: Finding) -> FindingKey:
        return cls(
            finding.rule,
            finding.category.value if finding.category else "",
            finding.phase.value if finding.phase else "",
            finding.collector,
        )

    @classmethod
    def of_row(cls, row: Mapping[str, Any]) -> FindingKey:
        """A findings.json row's key (KeyError without a rule)."""
        return cls(
            str(row["rule"]),
            str(row.get("category") or ""),
            str(row.get("phase") or ""),
            str(row.get("collector") or ""),
        )


@dataclass(frozen=True, slots=True)
class SkippedRule:
    """A rule of the pack that did not run, and why (e.g. the app has no profile)."""

    rule: str
    needs: tuple[str, ...]  # what it needed and did not get: "app_type", "manifest", ...
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "needs": list(self.needs), "reason": self.reason}


class OutcomeKind(enum.StrEnum):
    """How a session ended: app faults are results; infrastructure faults are retried.

    Here, not beside the orchestrator, so the results index and the suite's records can name
    an outcome without importing the session machinery (Frida, mitmproxy)."""

    OK = "ok"
    APP_FAULT = "app_fault"
    INFRA_FAULT = "infra_fault"
