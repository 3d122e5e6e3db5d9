"""Small builders of typed records for tests and benchmarks."""

from __future__ import annotations

from harness.model import DataCategory, FlowRecord, HookEvent, Marker, MarkerKind


def hook(
    seq: int,
    ts: float,
    category: DataCategory,
    ret: str | None = None,
    api: str = "android.telephony.TelephonyManager.getDeviceId",
    *,
    thread: str = "main",
    callers: tuple[str, ...] = ("com.example.App.onCreate(App.java:10)",),
) -> HookEvent:
    """A call of `api` (the innermost frame) from `callers`, innermost first."""
    return HookEvent(
        id=f"ev{seq:07d}",
        seq=seq,
        ts=ts,
        category=category,
        api=api,
        signature="()",
        thread=thread,
        args=(),
        ret=ret,
        stack=(f"{api}(Native Method)", *callers),
    )


def marker(n: int, ts: float, kind: MarkerKind) -> Marker:
    return Marker(id=f"m{n:04d}", ts=ts, kind=kind)


def flow(fid: str, ts: float, url: str, body: bytes = b"") -> FlowRecord:
    host = url.split("/")[2]
    return FlowRecord(
        id=fid,
        ts=ts,
        method="POST",
        url=url,
        host=host,
        http_version="HTTP/1.1",
        request_headers=(("User-Agent", "lab"),),
        request_body=body,
        status=200,
    )
