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

WebSockets: a handshake is sent to the proxy's own WebSocket sink on 127.0.0.1
(harness.traffic.wssink), the one upstream the sinkhole allows. It accepts, answers the
close and swallows the messages, which mitmproxy records on the flow as they pass. The
flow's request is pointed back at the host the app asked for once the sink has answered,
so the recorded flow says where the app meant to send its messages.

DNS (the transparent capture's resolver, where there is no other: the host lab's private
network namespace): every A query is answered with SINKHOLE_ADDRESS, which the redirect
sends to the proxy, and every other query with no answer (an app falls back to IPv4), so
each name the app looks up still reaches the proxy under its own name (SNI, Host).
"""

from __future__ import annotations

import ipaddress
import logging

from mitmproxy import addonmanager, ctx, dns, exceptions, http
from mitmproxy.proxy import server_hooks

from harness.traffic.wssink import WebSocketSink

logger = logging.getLogger(__name__)

SINKHOLE_STATUS = 200
SINKHOLE_BODY = b"{}"
SINKHOLE_HEADERS = {"Content-Type": "application/json", "X-Harness-Sinkhole": "1"}
# What every name resolves to in a sinkhole (RFC 2544's benchmarking range: never a real host).
SINKHOLE_ADDRESS = ipaddress.IPv4Address("198.18.0.2")


def sinkhole_response() -> http.Response:
    """What every sinkholed request gets: 200 with an empty JSON object."""
    return http.Response.make(SINKHOLE_STATUS, SINKHOLE_BODY, SINKHOLE_HEADERS)


def is_websocket_handshake(request: http.Request) -> bool:
    return (
        request.method == "GET"
        and request.headers.get("Upgrade", "").lower() == "websocket"
        and "Sec-WebSocket-Key" in request.headers
    )


class Sinkhole:
    def __init__(self) -> None:
        self._sink = WebSocketSink()
        # Flows sent to the sink: where the app meant them to go (scheme, host, port).
        self._redirected: dict[str, tuple[str, str, int]] = {}

    def load(self, loader: addonmanager.Loader) -> None:
        loader.add_option(
            "sinkhole",
            bool,
            False,
            """
            Answer every HTTP request in the proxy itself (200, "{}") and never connect
            upstream; WebSocket handshakes go to a local sink that accepts them and drops
            their messages. Needs connection_strategy=lazy and upstream_cert=false, so
            that no connection is opened for CONNECT or for the TLS certificate either.
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

    async def running(self) -> None:
        # Started with the proxy (a loopback listener, idle until a WebSocket comes), so
        # that `request` never waits and the sink is there in either mode's later switch.
        await self._sink.start()

    def request(self, flow: http.HTTPFlow) -> None:
        # A replayed or already-answered flow (another addon) keeps its response.
        if not ctx.options.sinkhole or flow.response is not None:
            return
        if (
            is_websocket_handshake(flow.request)
            and ctx.options.websocket
            and self._sink.address is not None
        ):
            host, port = self._sink.address
            request = flow.request
            self._redirected[flow.id] = (request.scheme, request.host, request.port)
            # The Host header keeps the name the app asked for.
            request.scheme, request.host, request.port = "http", host, port
            return
        flow.response = sinkhole_response()

    def dns_request(self, flow: dns.DNSFlow) -> None:
        if not ctx.options.sinkhole or flow.response is not None:
            return
        question = flow.request.question
        if question is not None and question.type == dns.types.A:
            flow.response = flow.request.succeed(
                [dns.ResourceRecord.A(question.name, SINKHOLE_ADDRESS, ttl=60)]
            )
        else:
            flow.response = flow.request.succeed([])

    def response(self, flow: http.HTTPFlow) -> None:
        self._point_back(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._point_back(flow)

    def _point_back(self, flow: http.HTTPFlow) -> None:
        original = self._redirected.pop(flow.id, None)
        if original is not None:
            request = flow.request
            request.scheme, request.host, request.port = original

    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        if ctx.options.sinkhole and data.server.address != self._sink.address:
            # Setting an error before connecting is mitmproxy's way to veto a connection.
            data.server.error = "sinkhole: no upstream connections"
            logger.info("sinkhole refused an upstream connection to %s", data.server.address)

    async def done(self) -> None:
        await self._sink.close()
