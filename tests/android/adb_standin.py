"""A stand-in adb server speaking the real adb smart-socket protocol on a local port.

Real adbutils objects connect to it (AdbClient(host, port)), so the harness's device
operations run their real wire exchanges: `host:version`, `host:devices-l`,
`host:tport:serial:S`, `shell:CMD`, `sync:` (STAT/SEND/RECV/DONE), `reverse:forward:...`,
`host-serial:S:get-serialno`, `host:connect:ADDR`, `host:kill`. Protocol reference: AOSP
packages/modules/adb/OVERVIEW.TXT, SERVICES.TXT and SYNC.TXT; adbutils' own tests run a
fake server the same way. This one is written from the protocol documents.

Shell answers come from a table (exact command, or a regex), loaded from the recorded
exchanges under tests/fixtures/android/exchanges/ (each entry says where its output
comes from). `settings put/get/delete` and pushed files are kept as device state, so an
operation that writes and then reads back sees its own write. Each device keeps, in order,
every shell command (`shell_log`) and everything done to it over any service (`actions`:
shell commands, `push PATH`, `reverse forward REMOTE LOCAL`, `reverse remove REMOTE`), so a
test can check the exact sequence a session issued.

Two hooks let a test put a real server "on the device" (tests/android/u2_standin.py does):
`processes` are shell commands that keep running (the stream stays open, as `adb shell
app_process ...` does, until the client closes it), and `tcp_services` maps a device TCP port
to a real loopback address, which both the `tcp:PORT` service (adbutils' create_connection)
and `adb forward tcp:L tcp:PORT` relay to; a device port nothing listens on answers FAIL
"closed" (the service) or closes the connection (a forward), as adbd does.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

EXCHANGES = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "exchanges"
_EXIT_MAGIC = "; echo X4EXIT:$?"  # what adbutils' shell2 appends to learn the exit code

Answer = tuple[str, int]  # output, exit status


@dataclass
class StandinDevice:
    serial: str
    state: str = "device"
    product: str = "sdk_gphone64_x86_64"
    model: str = "sdk_gphone64_x86_64"
    device: str = "emu64xa"
    exact: dict[str, Answer] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], Answer | Callable[[re.Match[str]], Answer]]] = field(
        default_factory=list
    )
    settings: dict[tuple[str, str], str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    reverses: dict[str, str] = field(default_factory=dict)
    # Device TCP ports that answer: `adb forward tcp:L tcp:PORT` relays to the host address
    # given here (e.g. a real Frida service standing in for frida-server on the device).
    tcp_services: dict[int, tuple[str, int]] = field(default_factory=dict)
    shell_log: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    # Long-running shell commands: the handler gets the connection after OKAY and returns
    # when the "process" ends (the stand-in then closes the stream).
    processes: list[tuple[re.Pattern[str], Callable[[re.Match[str], socket.socket], None]]] = field(
        default_factory=list
    )

    def answer(self, command: str) -> Answer:
        self.shell_log.append(command)
        self.actions.append(command)
        if (settings := self._settings(command)) is not None:
            return settings
        if command in self.exact:
            return self.exact[command]
        for regex, answer in self.patterns:
            m = regex.fullmatch(command)
            if m:
                return answer(m) if callable(answer) else answer
        program = command.split()[0] if command.split() else ""
        return (f"/system/bin/sh: {program}: inaccessible or not found\n", 127)

    def _settings(self, command: str) -> Answer | None:
        parts = command.split()
        if parts[:3] == ["svc", "power", "stayon"] and len(parts) == 4:
            # frameworks/base cmds/svc: stores the plug-type bitmask in the global setting.
            mask = {"true": "7", "false": "0", "ac": "1", "usb": "2", "wireless": "4"}
            if parts[3] not in mask:
                return ("usage: svc power stayon [true|false|usb|ac|wireless]\n", 1)
            self.settings[("global", "stay_on_while_plugged_in")] = mask[parts[3]]
            return ("", 0)
        if len(parts) < 4 or parts[0] != "settings":
            return None
        verb, ns, key = parts[1], parts[2], parts[3]
        if verb == "get":
            return (self.settings.get((ns, key), "null") + "\n", 0)
        if verb == "put" and len(parts) >= 5:
            self.settings[(ns, key)] = " ".join(parts[4:])
            return ("", 0)
        if verb == "delete":
            existed = self.settings.pop((ns, key), None) is not None
            return (f"Deleted {1 if existed else 0} rows\n", 0)
        return None

    def load_exchanges(self, name: str) -> None:
        """Add the answers recorded in exchanges/NAME.yaml."""
        document: Any = YAML(typ="safe").load(
            (EXCHANGES / f"{name}.yaml").read_text(encoding="utf-8")
        )
        for entry in document["shell"]:
            output = str(entry.get("output", ""))
            if "output_file" in entry:
                output = (EXCHANGES.parent / entry["output_file"]).read_text(encoding="utf-8")
            answer = (output, int(entry.get("rc", 0)))
            if "match" in entry:
                self.patterns.append((re.compile(entry["match"]), answer))
            else:
                self.exact[str(entry["command"])] = answer
        for key, value in (document.get("settings") or {}).items():
            ns, name_ = key.split(" ", 1)
            self.settings[(ns, name_)] = str(value)


class AdbStandin:
    """Serve until `close()`; `port` is where to point adbutils.AdbClient."""

    def __init__(self, devices: list[StandinDevice] | None = None) -> None:
        self.devices = {d.serial: d for d in devices or []}
        self.host_log: list[str] = []
        # local spec ("tcp:L") -> (serial, remote spec, listening socket)
        self.forwards: dict[str, tuple[str, str, socket.socket]] = {}
        self.killed = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="adb-standin", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.killed.set()
        with contextlib.suppress(OSError):
            self._sock.close()
        for _serial, _remote, listener in self.forwards.values():
            with contextlib.suppress(OSError):
                listener.close()
        self.forwards.clear()

    def __enter__(self) -> AdbStandin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- protocol ---------------------------------------------------------------
    def _serve(self) -> None:
        while not self.killed.is_set():
            try:
                conn, _addr = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            device: StandinDevice | None = None
            while True:
                request = _read_request(conn)
                if request is None:
                    return
                self.host_log.append(request)
                if device is None:
                    device, done = self._host_service(conn, request)
                    if done:
                        return
                else:
                    self._local_service(conn, device, request)
                    return
        except (OSError, ValueError):
            return
        finally:
            conn.close()

    def _host_service(self, conn: socket.socket, request: str) -> tuple[StandinDevice | None, bool]:
        if request == "host:version":
            _okay(conn, _block("0029"))  # 41, as platform-tools 30+ report
            return None, True
        if request in ("host:devices", "host:devices-l"):
            lines = []
            for d in self.devices.values():
                extra = (
                    f" product:{d.product} model:{d.model} device:{d.device} transport_id:1"
                    if request.endswith("-l")
                    else ""
                )
                lines.append(
                    f"{d.serial}\t{d.state}{extra}"
                    if not extra
                    else f"{d.serial:<22} {d.state}{extra}"
                )
            _okay(conn, _block("".join(line + "\n" for line in lines)))
            return None, True
        if request == "host:kill":
            _okay(conn)
            self.close()
            return None, True
        if request.startswith("host:connect:"):
            addr = request.split(":", 2)[2]
            if addr not in self.devices:
                _okay(conn, _block(f"failed to connect to '{addr}': Connection refused"))
            else:
                _okay(conn, _block(f"already connected to {addr}"))
            return None, True
        if request.startswith("host:disconnect:"):
            _okay(conn, _block(f"disconnected {request.split(':', 2)[2]}"))
            return None, True
        if request.startswith("host:tport:serial:"):
            serial = request[len("host:tport:serial:") :]
            device = self.devices.get(serial)
            if device is None or device.state != "device":
                _fail(
                    conn,
                    f"device '{serial}' not found" if device is None else f"device {device.state}",
                )
                return None, True
            _okay(conn, struct.pack("<Q", 1))
            return device, False
        if request.startswith("host-serial:"):
            rest = request[len("host-serial:") :]
            # A tcp serial holds a colon itself (host:port), as adb's own parser allows.
            serial = next(
                (s for s in self.devices if rest.startswith(s + ":")), rest.split(":", 1)[0]
            )
            command = rest[len(serial) + 1 :]
            device = self.devices.get(serial)
            if device is None:
                _fail(conn, f"device '{serial}' not found")
                return None, True
            if command.startswith(("forward:", "killforward:")) or command == "list-forward":
                self._forward(conn, device, command)
            elif command == "get-state":
                _okay(conn, _block(device.state))
            elif command == "get-serialno":
                _okay(conn, _block(device.serial))
            elif command == "features":
                _okay(conn, _block("shell_v2,cmd,stat_v2,ls_v2,fixed_push_mkdir,apex,abb,abb_exec"))
            else:
                _fail(conn, f"unknown host service {command}")
            return None, True
        _fail(conn, f"unknown host service: {request}")
        return None, True

    def _forward(self, conn: socket.socket, device: StandinDevice, command: str) -> None:
        """adb forward: a listener on the host relaying to a port on the device."""
        if command == "list-forward":
            listing = "".join(
                f"{serial} {local} {remote}\n"
                for local, (serial, remote, _l) in self.forwards.items()
            )
            _okay(conn, _block(listing))
            return
        if command.startswith("killforward:"):
            local = command[len("killforward:") :]
            entry = self.forwards.pop(local, None)
            device.actions.append(f"forward remove {local}")
            if entry is None:
                _fail(conn, f"listener '{local}' not found")
                return
            with contextlib.suppress(OSError):
                entry[2].close()
            conn.sendall(b"OKAYOKAY")
            return
        spec = command[len("forward:") :].removeprefix("norebind:")
        local, remote = spec.split(";", 1)
        if not (local.startswith("tcp:") and remote.startswith("tcp:")):
            _fail(conn, f"unsupported forward {spec}")
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(local[4:])))
        listener.listen(8)
        self.forwards[local] = (device.serial, remote, listener)
        device.actions.append(f"forward {local} {remote}")
        threading.Thread(
            target=self._relay_accept, args=(listener, device, int(remote[4:])), daemon=True
        ).start()
        conn.sendall(b"OKAYOKAY")

    def _relay_accept(self, listener: socket.socket, device: StandinDevice, port: int) -> None:
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            target = device.tcp_services.get(port)
            if target is None:
                client.close()  # as adb does when nothing listens on the device's port
                continue
            try:
                upstream = socket.create_connection(target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def _local_service(self, conn: socket.socket, device: StandinDevice, request: str) -> None:
        if request.startswith("shell:"):
            command = request[len("shell:") :]
            for regex, run in device.processes:
                m = regex.fullmatch(command)
                if m:
                    device.shell_log.append(command)
                    device.actions.append(command)
                    _okay(conn)
                    run(m, conn)
                    return
            magic = command.endswith(_EXIT_MAGIC)
            if magic:
                command = command[: -len(_EXIT_MAGIC)]
            output, rc = device.answer(command)
            if magic:
                output += f"X4EXIT:{rc}\n"
            _okay(conn, output.encode("utf-8"))
            return
        if request == "sync:":
            _okay(conn)
            _sync(conn, device)
            return
        if request.startswith("reverse:"):
            self._reverse(conn, device, request[len("reverse:") :])
            return
        if request.startswith("tcp:"):
            _relay(conn, device.tcp_services.get(int(request[len("tcp:") :])))
            return
        if request == "root:":
            _okay(conn, b"adbd is already running as root\n")
            return
        _fail(conn, f"unknown local service: {request}")

    def _reverse(self, conn: socket.socket, device: StandinDevice, op: str) -> None:
        if op.startswith("forward:"):
            spec = op[len("forward:") :].removeprefix("norebind:")
            remote, local = spec.split(";", 1)
            device.reverses[remote] = local
            device.actions.append(f"reverse forward {remote} {local}")
            conn.sendall(b"OKAYOKAY")
        elif op.startswith("killforward:"):
            remote = op[len("killforward:") :]
            device.actions.append(f"reverse remove {remote}")
            if device.reverses.pop(remote, None) is None:
                conn.sendall(b"OKAY")
                _fail(conn, f"listener '{remote}' not found")
            else:
                conn.sendall(b"OKAYOKAY")
        elif op == "killforward-all":
            device.reverses.clear()
            conn.sendall(b"OKAYOKAY")
        elif op == "list-forward":
            listing = "".join(f"(reverse) {r} {loc}\n" for r, loc in device.reverses.items())
            conn.sendall(b"OKAY" + _block(listing))
        else:
            _fail(conn, f"unknown reverse service {op}")


def _sync(conn: socket.socket, device: StandinDevice) -> None:
    while True:
        header = _recv_exact(conn, 8)
        if header is None:
            return
        cmd, length = header[:4], struct.unpack("<I", header[4:])[0]
        arg = (_recv_exact(conn, length) or b"").decode("utf-8")
        if cmd == b"STAT":
            data = device.files.get(arg)
            is_dir = arg.rstrip("/") in ("/data/local/tmp", "/sdcard", "/sdcard/Download")
            mode = 0o040771 if is_dir else (0o100644 if data is not None else 0)
            conn.sendall(
                b"STAT" + struct.pack("<III", mode, len(data or b""), 1700000000 if mode else 0)
            )
        elif cmd == b"SEND":
            path = arg.rsplit(",", 1)[0]
            chunks: list[bytes] = []
            while True:
                head = _recv_exact(conn, 8)
                if head is None:
                    return
                kind, size = head[:4], struct.unpack("<I", head[4:])[0]
                if kind == b"DATA":
                    chunks.append(_recv_exact(conn, size) or b"")
                elif kind == b"DONE":
                    break
            device.files[path] = b"".join(chunks)
            device.actions.append(f"push {path}")
            conn.sendall(b"OKAY" + struct.pack("<I", 0))
            return
        elif cmd == b"RECV":
            data = device.files.get(arg)
            if data is None:
                msg = b"No such file or directory"
                conn.sendall(b"FAIL" + struct.pack("<I", len(msg)) + msg)
            else:
                conn.sendall(
                    b"DATA" + struct.pack("<I", len(data)) + data + b"DONE" + struct.pack("<I", 0)
                )
            return
        else:  # QUIT or unknown
            return


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def _relay(conn: socket.socket, address: tuple[str, int] | None) -> None:
    """Join the client to a loopback listener, both ways, until either side closes."""
    try:
        if address is None:
            raise ConnectionRefusedError
        upstream = socket.create_connection(address, timeout=10)
    except OSError:
        _fail(conn, "closed")  # what adbd's tcp: service gives when nothing listens
        return
    _okay(conn)

    back = threading.Thread(target=_pipe, args=(upstream, conn), daemon=True)
    back.start()
    _pipe(conn, upstream)
    back.join(timeout=10)
    upstream.close()


def _read_request(conn: socket.socket) -> str | None:
    head = _recv_exact(conn, 4)
    if head is None:
        return None
    body = _recv_exact(conn, int(head.decode("ascii"), 16))
    return None if body is None else body.decode("utf-8")


def _recv_exact(conn: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return buf if buf else None
        buf += chunk
    return buf


def _block(text: str) -> bytes:
    data = text.encode("utf-8")
    return f"{len(data):04x}".encode("ascii") + data


def _okay(conn: socket.socket, payload: bytes = b"") -> None:
    conn.sendall(b"OKAY" + payload)


def _fail(conn: socket.socket, message: str) -> None:
    conn.sendall(b"FAIL" + _block(message))
