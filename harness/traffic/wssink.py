"""A WebSocket endpoint that accepts every handshake and swallows every message.

The sinkhole answers HTTP itself, but a WebSocket needs a peer for the whole conversation:
mitmproxy's WebSocket layer relays frames to a server connection. So the sinkhole sends
WebSocket handshakes here instead, a server on 127.0.0.1 on the proxy's own event loop:
it accepts the handshake (wsproto computes the accept key), answers pings and the close,
and drops the messages, which mitmproxy has already recorded on the flow. Nothing leaves
the machine.
"""

from __future__ import annotations

import asyncio
import contextlib

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Ping, Request

_READ_SIZE = 65536


class WebSocketSink:
    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self.address: tuple[str, int] | None = None

    async def start(self) -> tuple[str, int]:
        """Listen (once) on an ephemeral port of 127.0.0.1; return the address."""
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            host, port = self._server.sockets[0].getsockname()[:2]
            self.address = (str(host), int(port))
        assert self.address is not None
        return self.address

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        ws = WSConnection(ConnectionType.SERVER)
        try:
            while not writer.is_closing():
                data = await reader.read(_READ_SIZE)
                ws.receive_data(data or None)  # None: the peer closed the connection
                for event in ws.events():
                    if isinstance(event, Request):
                        writer.write(ws.send(AcceptConnection()))
                    elif isinstance(event, Ping):
                        writer.write(ws.send(event.response()))
                    elif isinstance(event, CloseConnection):
                        writer.write(ws.send(event.response()))
                        writer.close()
                        break
                    # Messages are dropped: the proxy recorded them on the flow already.
                await writer.drain()
                if not data:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client went away: nothing to answer
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
