"""mitmproxy flows in, `FlowRecord`s out: pure functions, no proxy needed.

`flow_record` is the one place a live mitmproxy flow becomes a harness record;
`read_flows` does the same for a `flows.mitm` written by the recorder, including one
whose writer was killed in the middle of its last record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from mitmproxy import exceptions, flow, http
from mitmproxy.io import compat, tnetstring

from harness.errors import InputError
from harness.model import (
    Attribution,
    FlowAnalysis,
    FlowRecord,
    IdentifierMatch,
    WebSocketMessage,
)

FLOWS_FILE = "flows.mitm"
# What the attribution and matching addons record on a flow (mitmproxy saves a flow's
# metadata with it, so the analysis lives in flows.mitm beside the flow it is about).
ATTRIBUTION_KEY = "harness.attribution"
MATCHES_KEY = "harness.matches"


def flow_record(f: http.HTTPFlow) -> FlowRecord:
    """Reduce an HTTP flow (HTTP/1, HTTP/2, HTTP/3, WebSocket handshake) to a FlowRecord.

    Host and URL are the "pretty" ones, from the Host header / :authority when there is
    one: an app that resolves names itself (HTTPDNS) connects to an IP address, and the
    name it asked for is what identifies the receiver. The body is decoded from its
    Content-Encoding so that identifiers inside gzip are visible; a body that does not
    decode as declared is kept raw rather than lost.
    """
    request = f.request
    body = request.get_content(strict=False)
    messages = f.websocket.messages if f.websocket is not None else []
    return FlowRecord(
        id=f.id,
        ts=request.timestamp_start,
        method=request.method,
        url=request.pretty_url,
        host=request.pretty_host,
        http_version=request.http_version,
        request_headers=tuple(request.headers.items(multi=True)),
        request_body=body if body is not None else b"",
        status=f.response.status_code if f.response is not None else None,
        error=f.error.msg if f.error is not None else None,
        websocket_messages=tuple(
            WebSocketMessage(m.timestamp, m.from_client, m.is_text, m.content) for m in messages
        ),
    )


def flow_analysis(f: flow.Flow) -> FlowAnalysis | None:
    """What the addons recorded on a flow, or None if the attribution addon did not run."""
    attribution = f.metadata.get(ATTRIBUTION_KEY)
    if not isinstance(attribution, dict):
        return None
    matches = f.metadata.get(MATCHES_KEY) or []
    return FlowAnalysis(
        flow_id=f.id,
        attribution=Attribution.from_json(attribution),
        matches=tuple(IdentifierMatch.from_json(m) for m in matches),
    )


# A tnetstring starts with its payload length in ASCII digits and a colon.
_LENGTH_PREFIX = re.compile(rb"(\d{1,12})(:?)")


def _is_truncated_tail(fo: BinaryIO, start: int, size: int) -> bool:
    """Whether the bytes from `start` to EOF are the beginning of one record, cut short.

    That is what a writer killed mid-write leaves; anything else (garbage, a record whose
    bytes are all there but do not parse) is corruption and must not be skipped silently.
    """
    fo.seek(start)
    head = fo.read(13)
    match = _LENGTH_PREFIX.match(head)
    if match is None:
        return False
    if not match.group(2):  # the file ends inside the length prefix
        return start + len(match.group(1)) == size
    length = int(match.group(1))
    # prefix, colon, payload, one type-tag byte
    return start + len(match.group(1)) + 1 + length + 1 > size


def _iter_flows(path: Path) -> Iterator[flow.Flow]:
    try:
        fo = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"a readable mitmproxy flow file ({exc.strerror})") from exc
    with fo:
        while True:
            start = fo.tell()
            if start >= size:
                return
            try:
                state = cast(dict[str | bytes, Any], tnetstring.load(fo))
            except (ValueError, TypeError, IndexError) as exc:
                if _is_truncated_tail(fo, start, size):
                    return  # the writer was killed in the middle of this record
                raise InputError(
                    path, f"mitmproxy flow records; the record at byte {start} is corrupt"
                ) from exc
            try:
                yield flow.Flow.from_state(compat.migrate_flow(state))
            except (ValueError, KeyError, exceptions.FlowReadException) as exc:
                raise InputError(
                    path, f"mitmproxy flow records; the record at byte {start} is not a flow"
                ) from exc


def read_flows(path: Path | str) -> list[FlowRecord]:
    """The HTTP flows in a `flows.mitm`, in the order they were written.

    A truncated last record (the recorder was killed while writing it) is dropped: its
    flow had not been answered yet. Non-HTTP flows are skipped. Raises InputError if the
    file cannot be read or is corrupt before its end.
    """
    return [flow_record(f) for f in _iter_flows(Path(path)) if isinstance(f, http.HTTPFlow)]


def read_analyses(path: Path | str) -> list[FlowAnalysis]:
    """The analyses the addons recorded with the HTTP flows of a `flows.mitm`, in order.

    They are as the addons saw things when each flow finished: identifiers the hooks
    reported later are not in them (the session's own analysis, in events.jsonl, has all).
    """
    found = []
    for f in _iter_flows(Path(path)):
        if isinstance(f, http.HTTPFlow) and (analysis := flow_analysis(f)) is not None:
            found.append(analysis)
    return found
