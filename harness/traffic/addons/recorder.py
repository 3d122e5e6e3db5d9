"""Recorder: append every finished HTTP flow to `<record_dir>/flows.mitm`, durably.

A flow is written when it is finished (mitmproxy's `save` addon makes the same choices):
at `response` for ordinary exchanges, at `error` for failed ones, at `websocket_end`
for WebSockets, whose messages keep coming after the handshake. Each write is flushed
and fsync'ed before the hook returns, and the `response` hook runs before mitmproxy sends
the answer on: once a client has its answer the flow is on disk, so killing the harness
(SIGKILL, OOM) loses nothing the app saw completed. A flow still open when the proxy stops
(a long-lived WebSocket, a request waiting on a slow server) is written at `done`: the
request has already left the app, and for a privacy audit that is what counts.

After the write, the flow goes to the `on_flow` callback as a typed `FlowRecord`, so
"the callback saw it" implies "it is in the file". The callback runs on the proxy's
thread, inside the hook: it must be quick and thread-safe.

TCP/UDP/DNS flows are not recorded yet.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mitmproxy import addonmanager, ctx, exceptions, http, io

from harness.model import FlowRecord
from harness.traffic.flows import FLOWS_FILE, flow_record

logger = logging.getLogger(__name__)

FlowCallback = Callable[[FlowRecord], None]


class Recorder:
    def __init__(self, on_flow: FlowCallback | None = None) -> None:
        self.on_flow = on_flow
        self.path: Path | None = None
        self.write_error: OSError | None = None  # the first failed write, for the owner
        self.recorded = 0
        self._file: BinaryIO | None = None
        self._writer: io.FlowWriter | None = None
        # Flows whose request arrived but which are not written yet, so that `done` can
        # write them; keyed by id because one flow can reach several hooks.
        self._open: dict[str, http.HTTPFlow] = {}
        self._written: set[str] = set()
        self._finished = False  # after `done`: the file is closed for good

    def load(self, loader: addonmanager.Loader) -> None:
        loader.add_option(
            "record_dir",
            str | None,  # type: ignore[arg-type]  # Loader says `type`, but takes unions
            None,
            f"""
            Folder where every finished HTTP flow is appended to {FLOWS_FILE}, flushed and
            fsync'ed one flow at a time (the folder is created if needed).
            """,
        )

    def configure(self, updated: set[str]) -> None:
        if "record_dir" not in updated:
            return
        self._close()
        if ctx.options.record_dir is None:
            return
        path = Path(ctx.options.record_dir) / FLOWS_FILE
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Append: a session that restarts its proxy keeps one file.
            self._file = open(path, "ab")  # noqa: SIM115  (kept open for the proxy's life)
        except OSError as exc:
            raise exceptions.OptionsError(f"cannot open {path} for writing: {exc}") from exc
        self._writer = io.FlowWriter(self._file)
        self.path = path

    def request(self, flow: http.HTTPFlow) -> None:
        self._open[flow.id] = flow

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None:
            self._record(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None:
            self._record(flow)

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self._record(flow)

    def done(self) -> None:
        for flow in list(self._open.values()):
            self._record(flow)
        self._close()
        # Connections cancelled after this may still fire hooks; they must not reach the
        # callback, whose promise is that the flow is in the file.
        self._finished = True

    def _record(self, flow: http.HTTPFlow) -> None:
        self._open.pop(flow.id, None)
        if self._finished or flow.id in self._written:
            return  # mitmproxy avoids response+error for one flow; do not rely on it
        self._written.add(flow.id)
        if self._writer is not None and self._file is not None:
            try:
                self._writer.add(flow)
                self._file.flush()
                os.fsync(self._file.fileno())
            except OSError as exc:
                # Traffic keeps flowing (the app must not notice), but the owner must:
                # ProxyServer reports write_error when it stops.
                if self.write_error is None:
                    self.write_error = exc
                logger.error("could not record flow %s to %s: %s", flow.id, self.path, exc)
                return
        self.recorded += 1
        if self.on_flow is not None:
            try:
                self.on_flow(flow_record(flow))
            except Exception:
                # A consumer's bug must not stop recording of the flows after this one.
                logger.exception("flow callback failed for flow %s", flow.id)

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None
        self._writer = None
        self.path = None
