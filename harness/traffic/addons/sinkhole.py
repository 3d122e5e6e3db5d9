"""Sinkhole: the proxy answers every request itself, nothing goes upstream.

The host lab has no internet, and a compliance run must not depend on third-party
servers being up: what the app *sends* is the evidence, so a small JSON answer is enough
to keep most SDKs going. Answering in the `request` hook stops the HTTP exchange; on
its own that is not enough, because by default mitmproxy opens the upstream connection
as soon as a CONNECT arrives (`connection_strategy=eager`) and fetches the server's
certificate to mimic it (`upstream_cert`). Both would try DNS and TCP to the real host,
so `configure` refuses the sinkhole unless they are off. What is not HTTP (an MQTT push
channel inside a CONNECT tunnel, say) cannot be answered; `server_connect` refuses every
upstream connection, so it fails closed instead of leaking to the real server.
"""

from __future__ import annotations

import logging

from mitmproxy import addonmanager, ctx, exceptions, http
from mitmproxy.proxy import server_hooks

logger = logging.getLogger(__name__)

SINKHOLE_STATUS = 200
SINKHOLE_BODY = b"{}"
SINKHOLE_HEADERS = {"Content-Type": "application/json", "X-Harness-Sinkhole": "1"}


def sinkhole_response() -> http.Response:
    """What every sinkholed request gets: 200 with an empty JSON object."""
    return http.Response.make(SINKHOLE_STATUS, SINKHOLE_BODY, SINKHOLE_HEADERS)


class Sinkhole:
    def load(self, loader: addonmanager.Loader) -> None:
        loader.add_option(
            "sinkhole",
            bool,
            False,
            """
            Answer every HTTP request in the proxy itself (200, "{}") and never connect
            upstream. Needs connection_strategy=lazy and upstream_cert=false, so that no
            connection is opened for CONNECT or for the TLS certificate either.
            """,
        )

    def configure(self, updated: set[str]) -> None:
        if not {"sinkhole", "connection_strategy", "upstream_cert"} & updated:
            return
        if not ctx.options.sinkhole:
            return
        if ctx.options.connection_strategy != "lazy":
            raise exceptions.OptionsError(
                "sinkhole needs connection_strategy=lazy: eager opens the upstream "
                "connection on CONNECT, before the request can be answered"
            )
        if ctx.options.upstream_cert:
            raise exceptions.OptionsError(
                "sinkhole needs upstream_cert=false: otherwise mitmproxy connects upstream "
                "to copy the server's certificate"
            )

    def request(self, flow: http.HTTPFlow) -> None:
        # A replayed or already-answered flow (another addon) keeps its response.
        if ctx.options.sinkhole and flow.response is None:
            flow.response = sinkhole_response()

    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        if ctx.options.sinkhole:
            # Setting an error before connecting is mitmproxy's way to veto a connection.
            data.server.error = "sinkhole: no upstream connections"
            logger.info("sinkhole refused an upstream connection to %s", data.server.address)
