"""RejectedRecorder: a trace of every request the proxy refused or could not finish.

An app whose TLS handshake with the proxy fails (it pins its server's certificate, or does
not trust the lab's CA) or whose request breaks HTTP (a bad Content-Length, a header
mitmproxy rejects) sent something, and the audit must say so even though no exchange was
recorded. Each such event is one JSON line in `<record_dir>/rejected.jsonl`, flushed and
fsync'ed as the recorder does flows, then handed to `on_rejected` (the live progress
display counts them). The file exists only once something was rejected.

Hooks: `tls_failed_client` (the client's handshake failed: its SNI and mitmproxy's reason),
`error` for an HTTP flow that never got a response (a protocol error, or the client hung up
mid-request; that flow is in flows.mitm too, with its error), and `client_disconnected` for
a client that completed its TLS handshake and closed without sending any request: what a
pin checked after the handshake does (OkHttp's CertificatePinner), or a connection opened
ahead and never used, so the row says both.

Known gap: a request whose head cannot be parsed at all (no method or URL) makes mitmproxy
answer 400 and only log it, with no hook; it is not recorded here.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mitmproxy import connection, ctx, http, tls

logger = logging.getLogger(__name__)

REJECTED_FILE = "rejected.jsonl"


class RejectionKind(enum.StrEnum):
    TLS_FAILED = "tls_failed"  # the client's TLS handshake with the proxy failed
    FLOW_ERROR = "flow_error"  # an HTTP request that got no response (protocol error, ...)
    TLS_UNUSED = "tls_unused"  # TLS with the proxy done, then closed without a request


@dataclass(frozen=True, slots=True)
class RejectedRequest:
    kind: RejectionKind
    ts: float
    client: str  # "address:port" of the app's side of the connection
    target: str  # the SNI (tls_failed, tls_unused) or the request's URL (flow_error)
    error: str
    flow_id: str = ""  # flow_error: the flow in flows.mitm

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "ts": self.ts,
            "client": self.client,
            "target": self.target,
            "error": self.error,
            "flow_id": self.flow_id,
        }


RejectedCallback = Callable[[RejectedRequest], None]


def _address(peer: Any) -> str:
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return ""


class RejectedRecorder:
    def __init__(self, on_rejected: RejectedCallback | None = None) -> None:
        self.on_rejected = on_rejected
        self.count = 0
        self.write_error: OSError | None = None
        self._folder: Path | None = None
        self._file: TextIO | None = None
        self._used: set[str] = set()  # client connections that carried a request

    def configure(self, updated: set[str]) -> None:
        # `record_dir` is the recorder's option (that addon comes first and declares it).
        if "record_dir" in updated:
            self._close()
            folder = ctx.options.record_dir
            self._folder = Path(folder) if folder is not None else None

    def tls_failed_client(self, data: tls.TlsData) -> None:
        conn = data.conn
        self._record(
            RejectedRequest(
                RejectionKind.TLS_FAILED,
                time.time(),
                _address(conn.peername),
                conn.sni or "",
                conn.error or "TLS handshake failed",
            )
        )

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        self._used.add(flow.client_conn.id)

    def client_disconnected(self, client: connection.Client) -> None:
        used = client.id in self._used
        self._used.discard(client.id)
        if used or not client.tls_established:
            return
        self._record(
            RejectedRequest(
                RejectionKind.TLS_UNUSED,
                time.time(),
                _address(client.peername),
                client.sni or "",
                "the client closed the connection after its TLS handshake without sending a "
                "request (a certificate pin checked after the handshake, or a connection "
                "opened ahead and never used)",
            )
        )

    def error(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None or flow.error is None:
            return
        self._record(
            RejectedRequest(
                RejectionKind.FLOW_ERROR,
                flow.error.timestamp,
                _address(flow.client_conn.peername),
                flow.request.pretty_url,
                flow.error.msg,
                flow.id,
            )
        )

    def done(self) -> None:
        self._close()

    def _record(self, rejected: RejectedRequest) -> None:
        self.count += 1
        if self._folder is not None:
            try:
                if self._file is None:
                    self._folder.mkdir(parents=True, exist_ok=True)
                    self._file = (self._folder / REJECTED_FILE).open("a", encoding="utf-8")
                self._file.write(json.dumps(rejected.to_json(), ensure_ascii=False) + "\n")
                self._file.flush()
                os.fsync(self._file.fileno())
            except OSError as exc:
                if self.write_error is None:
                    self.write_error = exc
                logger.error("could not record a rejected request in %s: %s", self._folder, exc)
        if self.on_rejected is not None:
            try:
                self.on_rejected(rejected)
            except Exception:
                logger.exception("rejected-request callback failed")

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None


def read_rejected(path: Path) -> list[dict[str, Any]]:
    """The rows of a rejected.jsonl (none when the file is absent); a line that is not a JSON
    object (the last one, torn by a writer killed mid-line) is left out."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    rows = []
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows
