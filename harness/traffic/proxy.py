"""ProxyServer: a real mitmproxy, in process, on its own thread and event loop.

Why a plain `Master` with a chosen set of addons rather than `DumpMaster`: DumpMaster
brings mitmdump's command-line behaviour, which is wrong inside a library: `errorcheck`
prints to stderr and calls `sys.exit` on startup errors, `readfile` may read stdin,
`keepserving` decides when to quit, and some twenty addons (playback, blocklists, map
local/remote, onboarding, ...) add options and hooks no run needs. We keep the core of
a regular HTTP(S) proxy (core, proxyserver, next_layer, tlsconfig, disable_h2c) and add
our own, in this order: attribution and matching (annotate the flow as the app sent
it), sinkhole (answers it), recorder (writes it, annotations included). Startup errors
(a port in use, an unwritable record folder) are turned into `InfrastructureError` for
the caller instead.

The capture mode (harness.traffic.capture) chooses mitmproxy's mode: regular (an HTTP proxy
the device points at), transparent (connections redirected to it by iptables; with `dns`, a
DNS listener too, answered by the sinkhole) or WireGuard (a tunnel from the phone). Each
mode's listening port is known once the proxy runs (`port`, `dns_port`).

Several ProxyServers can run in one process, each master on its own thread:
`isolate_mitmproxy_ctx` (in `_mitmctx`) makes mitmproxy's global `ctx` per thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Self

from mitmproxy import exceptions, master, options
from mitmproxy.addons import core, disable_h2c, dns_resolver, next_layer, proxyserver, tlsconfig

from harness.config.devices import CaptureMode, ProxyMode
from harness.errors import InfrastructureError
from harness.model import KnownIdentifier
from harness.profile import AppProfile
from harness.sdk import SdkDatabase
from harness.traffic import ca
from harness.traffic._mitmctx import isolate_mitmproxy_ctx
from harness.traffic.addons.attribution import ReceiverAttribution
from harness.traffic.addons.matching import IdentifierMatching, KnownSet
from harness.traffic.addons.recorder import FlowCallback, Recorder
from harness.traffic.addons.rejected import RejectedCallback, RejectedRecorder
from harness.traffic.addons.sinkhole import Sinkhole
from harness.traffic.addons.tunnelled import TunnelledDestination, allow_unnatted
from harness.traffic.capture import free_port, mitmproxy_modes
from harness.traffic.flows import FLOWS_FILE

logger = logging.getLogger(__name__)

_DRAIN_TIMEOUT = 5.0  # seconds open connections get to close when the proxy stops


# --- the server ---------------------------------------------------------------------------


class _Lifecycle:
    """Tells the owning ProxyServer when the servers are up (or failed) and when done ran."""

    def __init__(
        self, owner: ProxyServer, m: master.Master, servers: proxyserver.Proxyserver
    ) -> None:
        self._owner = owner
        self._master = m
        self._servers = servers
        self.done_called = False

    def running(self) -> None:
        # `running` fires after mitmproxy tried to bind; failures are only logged by it.
        # First line only: the rest is mitmdump advice ("Try --mode regular@8082").
        failures = [
            str(s.last_exception).splitlines()[0] for s in self._servers.servers if s.last_exception
        ]
        # One port per mode, in the order of the `mode` option (a mode may listen on TCP and
        # UDP at once: the same port).
        ports = [int(s.listen_addrs[0][1]) for s in self._servers.servers if s.listen_addrs]
        if self._owner._stop_requested.is_set():  # stop() came before the loop existed
            self._owner._startup_done(None, "stopped while starting")
            self._master.shutdown()
        elif failures or len(ports) != len(self._servers.servers) or not ports:
            self._owner._startup_done(None, "; ".join(failures) or "no listening socket")
            self._master.shutdown()
        else:
            self._owner._startup_done(ports, None)

    def done(self) -> None:
        self.done_called = True


class ProxyServer:
    """One mitmproxy listening on `host`, recording to `record_dir/flows.mitm`.

    Use as a context manager: `__enter__` returns once the proxy accepts connections
    (or raises InfrastructureError), `__exit__`/`stop()` stops it and joins its thread.
    In `ProxyMode.SINKHOLE` the proxy answers everything itself and never connects out;
    in `ProxyMode.PASSTHROUGH` requests go to the real servers (certificates verified).
    `on_rejected` hears of each failed client handshake and unanswered request (also kept in
    `record_dir/rejected.jsonl`, see addons.rejected), on the proxy's thread.
    `on_flow` receives a FlowRecord for each finished flow, on the proxy's thread, after
    the flow is on disk. Each flow is recorded with its receiver (first or third party
    for `profile`, and the SDK) and the `known` identifiers found in it; `learn` adds
    identifiers while the proxy runs (values the hooks saw). A ProxyServer can be started
    once; make a new one to restart.
    """

    def __init__(
        self,
        record_dir: Path | None,
        *,
        mode: ProxyMode = ProxyMode.SINKHOLE,
        capture: CaptureMode = CaptureMode.PROXY,
        dns: bool = False,
        on_flow: FlowCallback | None = None,
        confdir: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout: float = 30.0,
        known: Iterable[KnownIdentifier] = (),
        profile: AppProfile | None = None,
        sdk_db: SdkDatabase | None = None,
        on_rejected: RejectedCallback | None = None,
    ) -> None:
        self.record_dir = Path(record_dir) if record_dir is not None else None
        self.mode = ProxyMode(mode)
        self.capture = CaptureMode(capture)
        self.dns = dns
        self.host = host
        self.confdir = Path(confdir) if confdir is not None else None
        self._requested_port = port
        self._startup_timeout = startup_timeout
        self._recorder = Recorder(on_flow)
        # Failed handshakes and unanswered requests: rejected.jsonl beside flows.mitm.
        self._rejected = RejectedRecorder(on_rejected)
        self._profile = profile
        self._sdk_db = sdk_db
        self._known = KnownSet(known)
        self._ports: list[int] | None = None
        self._startup_error: str | None = None
        self._ready = threading.Event()
        self._stop_requested = threading.Event()  # seen by the thread if stop() came early
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._master: master.Master | None = None
        self._servers: proxyserver.Proxyserver | None = None
        self._state_lock = threading.Lock()
        self._started = False
        self._shutdown_task: asyncio.Task[None] | None = None

    # -- public surface --

    @property
    def port(self) -> int:
        """The port the capture mode really listens on (useful with port=0); UDP for
        WireGuard, TCP otherwise."""
        if self._ports is None:
            raise RuntimeError("the proxy is not running")
        return self._ports[0]

    @property
    def dns_port(self) -> int:
        """The DNS listener's port (UDP and TCP), when started with `dns=True`."""
        if self._ports is None or not self.dns:
            raise RuntimeError("the proxy runs no DNS listener")
        return self._ports[1]

    @property
    def wireguard_conf(self) -> Path:
        """The WireGuard key file (mitmproxy's JSON of server and client keys), made on first
        use in the confdir and kept, so a tunnel the phone imported stays valid."""
        return ca.ensure_ca(self.confdir) / "wireguard.conf"

    @property
    def flows_path(self) -> Path | None:
        """`record_dir/flows.mitm`, or None when nothing is recorded to disk."""
        return self.record_dir / FLOWS_FILE if self.record_dir is not None else None

    @property
    def recorded(self) -> int:
        """How many flows were recorded so far (read from any thread)."""
        return self._recorder.recorded

    @property
    def rejected(self) -> int:
        """How many handshakes failed or requests went unanswered so far (any thread)."""
        return self._rejected.count

    def learn(self, identifiers: Iterable[KnownIdentifier]) -> None:
        """Look for these identifiers too, in flows that complete from now on (any thread)."""
        if not self._known.add(identifiers):
            return
        loop = self._loop
        if loop is not None and self._master is not None:
            # Options belong to the proxy's loop: update them there. RuntimeError: the loop
            # has closed, and there is no flow left to match.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._apply_known)

    def _apply_known(self) -> None:
        if self._master is not None:
            self._master.options.update(known_identifiers=self._known.option_values())

    def start(self) -> Self:
        with self._state_lock:
            if self._started:
                raise RuntimeError("a ProxyServer can only be started once")
            self._started = True
        confdir = ca.ensure_ca(self.confdir)  # before mitmproxy: it would race to create it
        isolate_mitmproxy_ctx()
        self._thread = threading.Thread(
            target=self._thread_main,
            args=(confdir,),
            name=f"harness-proxy-{self.host}:{self._requested_port or 'auto'}",
            daemon=True,  # a crashed harness must not hang on a proxy thread at exit
        )
        self._thread.start()
        if not self._ready.wait(self._startup_timeout):
            self.stop()
            raise InfrastructureError(
                f"mitmproxy did not start listening within {self._startup_timeout:g}s"
            )
        if self._startup_error is not None:
            error = self._startup_error
            self.stop()
            raise InfrastructureError(f"mitmproxy could not start: {error}")
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop listening, write still-open flows, end the loop and join the thread.

        Idempotent. Raises InfrastructureError if the thread does not end in `timeout`
        or if the recorder failed to write a flow during the run (the evidence is
        incomplete: the caller must know).
        """
        with self._state_lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop_requested.set()
        loop = self._loop
        if loop is not None and thread.is_alive():
            # RuntimeError: the loop already closed, the thread is on its way out.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._begin_shutdown)
        thread.join(timeout)
        self._ports = None
        if thread.is_alive():
            raise InfrastructureError(f"the proxy thread did not stop within {timeout:g}s")
        if self._recorder.write_error is not None:
            raise InfrastructureError(
                f"flows could not be recorded to {self.flows_path}: {self._recorder.write_error}"
            )

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = f"{self.host}:{self._ports[0]}" if self._ports is not None else "stopped"
        return (
            f"ProxyServer({self.mode.value}, {self.capture.value}, {where}, "
            f"record_dir={self.record_dir})"
        )

    # -- the proxy thread --

    def _startup_done(self, ports: list[int] | None, error: str | None) -> None:
        self._ports = ports
        self._startup_error = error
        self._ready.set()

    def _thread_main(self, confdir: Path) -> None:
        try:
            asyncio.run(self._serve(confdir))
        except Exception as exc:  # reported to start(); nobody else would see it
            logger.exception("proxy thread crashed")
            if not self._ready.is_set():
                self._startup_done(None, f"{type(exc).__name__}: {exc}")
        finally:
            if not self._ready.is_set():
                self._startup_done(None, "the proxy stopped before listening")

    async def _serve(self, confdir: Path) -> None:
        self._loop = asyncio.get_running_loop()
        # Master() binds itself to this thread's mitmproxy.ctx and to the running loop.
        m = master.Master(options.Options(), event_loop=self._loop)
        servers = proxyserver.Proxyserver()
        lifecycle = _Lifecycle(self, m, servers)
        sinkhole = self.mode is ProxyMode.SINKHOLE
        tunnelled: list[object] = []
        if self.capture is CaptureMode.TRANSPARENT:
            # Connections over adb reverse carry no NAT entry: their destination is read from
            # what the app sent, before attribution reads the host.
            allow_unnatted()
            tunnelled.append(TunnelledDestination())
        m.addons.add(
            core.Core(),
            servers,
            next_layer.NextLayer(),
            tlsconfig.TlsConfig(),
            disable_h2c.DisableH2C(),
            *tunnelled,
            ReceiverAttribution(self._sdk_db),
            IdentifierMatching(),
            Sinkhole(),  # answers DNS too in a sinkhole, before the resolver would
            self._recorder,
            self._rejected,  # after the recorder, whose `record_dir` option it reads
            lifecycle,
        )
        if not sinkhole and (self.dns or self.capture is CaptureMode.WIREGUARD):
            # The tunnel's (or the listener's) lookups go to the lab host's resolvers.
            m.addons.add(dns_resolver.DnsResolver())
        self._master, self._servers = m, servers
        wireguard = confdir / "wireguard.conf" if self.capture is CaptureMode.WIREGUARD else None
        try:
            # Addon options exist only once their addons are loaded: update them now.
            m.options.update(
                confdir=str(confdir),
                listen_host=self.host,
                listen_port=self._requested_port,
                mode=mitmproxy_modes(
                    self.capture,
                    dns_port=free_port(self.host) if self.dns else None,
                    wireguard_conf=wireguard,
                ),
                sinkhole=sinkhole,
                # No upstream connection for CONNECT or for copying certificates in a
                # sinkhole; a passthrough mirrors the server as mitmproxy normally does.
                connection_strategy="lazy" if sinkhole else "eager",
                upstream_cert=not sinkhole,
                record_dir=str(self.record_dir) if self.record_dir is not None else None,
                app_package=self._profile.package if self._profile is not None else None,
                first_party_domains=list(self._profile.own_domains) if self._profile else [],
                known_identifiers=self._known.option_values(),
            )
        except exceptions.OptionsError as exc:
            self._startup_done(None, str(exc))
            await m.done()  # closes what configure opened, removes mitmproxy's log handler
            return
        await m.run()
        if not lifecycle.done_called:  # run() skips done() if stopped before running
            await m.done()

    def _begin_shutdown(self) -> None:
        # Kept in an attribute: the loop holds only a weak reference to its tasks.
        self._shutdown_task = asyncio.get_running_loop().create_task(self._shutdown())

    async def _shutdown(self) -> None:
        assert self._servers is not None and self._master is not None
        await self._servers.servers.update([])  # stop accepting first: frees the port
        # Close the clients still connected the way mitmproxy's inactivity timeout does
        # (cancel the client's read loop): the proxy core then ends their open flows with
        # an error (recorded as such) and finishes the handlers itself. Leaving them to
        # the loop's final cancellation would skip that and log asyncio noise.
        for handler in list(self._servers.connections.values()):
            client_io = handler.transports.get(handler.client)
            if client_io is not None and client_io.handler is not None:
                client_io.handler.cancel("the harness is stopping the proxy")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _DRAIN_TIMEOUT
        while self._servers.connections and loop.time() < deadline:
            await asyncio.sleep(0.01)
        self._master.shutdown()
