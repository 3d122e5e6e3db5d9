"""frida-server on the device: found when it already runs, else pushed, started and answering.

Frida's host library and frida-server must be the same release, and the server must be
built for the device's ABI. The harness never downloads: devices.yaml names a file or a
cache folder (`frida_server:`), which holds the release files as Frida publishes them
(`frida-server-<version>-android-<arch>`, or the `.xz` that the release page offers).

How: Frida itself is asked first whether a server answers on the configured port (over an
`adb forward` to it), so a server the lab started by hand under any name is reused and
nothing is killed or pushed. Only when nothing answers are the device's processes read
(`ps -A -o PID,ARGS`) for servers under the release name, the default name or the
configured path; the replacement binary is found on the host before any of them is
stopped, and only a server that holds the configured port is stopped. The `-D` start's
exit code and output are checked, then Frida must answer.

Known gaps: a renamed server on a port other than the configured one is invisible (it is
neither asked nor recognisable by name) and is left alone; Frida's answer does not carry
the server's version, so a server that answers is taken to be compatible (an incompatible
one fails the handshake, which counts as not answering).
"""

from __future__ import annotations

import contextlib
import enum
import lzma
import posixpath
import re
import shlex
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import adbutils
import frida

from harness.android.parse_sys import parse_abi, parse_frida_version
from harness.android.shell import DeviceShell, RootMode
from harness.errors import InfrastructureError

DEVICE_PATH = "/data/local/tmp/frida-server"
DEFAULT_PORT = 27042
DEFAULT_CACHE = Path("~/.cache/harness/frida-server")
RELEASES = "https://github.com/frida/frida/releases"
# Android ABI (ro.product.cpu.abi) -> the arch in Frida's release file names.
ABI_TO_ARCH = {
    "arm64-v8a": "arm64",
    "armeabi-v7a": "arm",
    "armeabi": "arm",
    "x86": "x86",
    "x86_64": "x86_64",
}
# Names frida-server goes by: the default, or a release file name run as is.
_SERVER_NAME = re.compile(r"^frida-server(?:-\d+\.\d+\.\d+(?:-android-[\w-]+)?)?$")
_LISTEN = re.compile(r"(?:^|\s)(?:-l|--listen)(?:\s+|=)(?:(?P<host>[^\s:]*):)?(?P<port>\d+)\b")


@dataclass(frozen=True, slots=True)
class ServerSpec:
    """Where the harness keeps frida-server on the device and the port it listens on."""

    device_path: str = DEVICE_PATH
    port: int = DEFAULT_PORT

    def start_command(self) -> str:
        listen = "" if self.port == DEFAULT_PORT else f" -l 127.0.0.1:{self.port}"
        # -D daemonizes, so the adb shell returns and the server outlives it.
        return f"{shlex.quote(self.device_path)} -D{listen}"


@dataclass(frozen=True, slots=True)
class RunningServer:
    pid: int
    program: str  # argv[0] as the process shows it
    port: int  # the port it listens on (-l/--listen, else the default)


class Answer(enum.StrEnum):
    ANSWERS = "answers"  # Frida completed a request over the port
    SILENT = "silent"  # nothing, or not a compatible frida-server, on the port


# (shell, device port) -> whether a frida-server answers there. The real one goes over adb.
Probe = Callable[[DeviceShell, int], Answer]


@dataclass(frozen=True, slots=True)
class FridaServerStatus:
    installed_version: str | None  # what the spec's binary --version prints, None if absent
    running: tuple[RunningServer, ...]  # frida-server processes recognised by name or path
    host_version: str
    answering: bool = False  # Frida answered on the spec's port
    port: int = DEFAULT_PORT
    actions: tuple[str, ...] = field(default=())  # what ensure_running did, in order

    @property
    def matches(self) -> bool:
        return self.installed_version == self.host_version

    @property
    def running_pids(self) -> tuple[int, ...]:
        return tuple(s.pid for s in self.running)


def host_version() -> str:
    return str(frida.__version__)


def arch_for_abi(abi: str) -> str:
    try:
        return ABI_TO_ARCH[abi]
    except KeyError:
        raise InfrastructureError(f"no frida-server build for ABI {abi!r}") from None


def release_name(version: str, arch: str) -> str:
    return f"frida-server-{version}-android-{arch}"


def how_to_get(version: str, arch: str, folder: Path) -> str:
    name = release_name(version, arch)
    return (
        f"download {name}.xz from {RELEASES}/tag/{version} and put it (compressed or not) in "
        f"{folder}, or set `frida_server:` in devices.yaml to the file or folder that has it"
    )


def locate(configured: str | None, version: str, arch: str) -> Path:
    """The frida-server file for (version, arch) from the configured path or cache folder."""
    base = Path(configured).expanduser() if configured else DEFAULT_CACHE.expanduser()
    name = release_name(version, arch)
    if base.is_file():
        # A file named after a release must be that release; an unversioned name is trusted
        # here and checked on the device with --version after the push.
        if base.name.startswith("frida-server-") and not base.name.startswith(name):
            raise InfrastructureError(
                f"{base} is not frida-server {version} for {arch} (the host has frida {version}); "
                + how_to_get(version, arch, base.parent)
            )
        return _decompressed(base) if base.suffix == ".xz" else base
    if base.is_dir():
        for candidate in (base / name, base / f"{name}.xz"):
            if candidate.is_file():
                return _decompressed(candidate) if candidate.suffix == ".xz" else candidate
    raise InfrastructureError(
        f"frida-server {version} for android-{arch} not found: " + how_to_get(version, arch, base)
    )


def _decompressed(path: Path) -> Path:
    target = path.with_suffix("")
    if target.is_file() and target.stat().st_mtime >= path.stat().st_mtime:
        return target
    try:
        target.write_bytes(lzma.decompress(path.read_bytes()))
    except (lzma.LZMAError, OSError) as exc:
        raise InfrastructureError(f"{path}: cannot decompress ({exc}); download it again") from None
    return target


def parse_servers(ps_output: str, spec: ServerSpec) -> tuple[RunningServer, ...]:
    """frida-server processes in `ps -A -o PID,ARGS`: by release/default name or the path."""
    found = []
    for line in ps_output.splitlines():
        parts = line.strip().split(None, 1)
        if len(parts) != 2 or not parts[0].isdigit():
            continue  # the header, or a kernel thread without arguments
        pid, args = int(parts[0]), parts[1]
        program = args.split()[0]
        name = posixpath.basename(program)
        if not (
            _SERVER_NAME.match(name)
            or program == spec.device_path
            or name == posixpath.basename(spec.device_path)
        ):
            continue
        listen = _LISTEN.search(args)
        found.append(RunningServer(pid, program, int(listen["port"]) if listen else DEFAULT_PORT))
    return tuple(found)


def running_servers(shell: DeviceShell, spec: ServerSpec) -> tuple[RunningServer, ...]:
    output, rc = shell.run_rc("ps -A -o PID,ARGS")
    if rc != 0 or not output.lstrip().startswith("PID"):
        output = shell.run("ps")  # before Android 8 (toolbox ps: no -A/-o); NAME is last
        output = "\n".join(
            f"{cols[1]} {cols[-1]}"
            for cols in (line.split() for line in output.splitlines())
            if len(cols) >= 2 and cols[1].isdigit()
        )
    return parse_servers(output, spec)


def installed_version(shell: DeviceShell, spec: ServerSpec) -> str | None:
    return parse_frida_version(shell.run(f"{shlex.quote(spec.device_path)} --version 2>&1"))


def status(
    shell: DeviceShell, spec: ServerSpec | None = None, probe: Probe | None = None
) -> FridaServerStatus:
    """What runs and answers; changes nothing on the device (the probe's forward is removed)."""
    spec = spec or ServerSpec()
    answer = (probe or adb_probe)(shell, spec.port)
    return FridaServerStatus(
        installed_version(shell, spec),
        running_servers(shell, spec),
        host_version(),
        answering=answer is Answer.ANSWERS,
        port=spec.port,
    )


def device_arch(shell: DeviceShell) -> str:
    abi = parse_abi(shell.run(["getprop", "ro.product.cpu.abi"]))
    if abi is None:
        raise InfrastructureError(f"{shell.serial}: cannot read ro.product.cpu.abi")
    return arch_for_abi(abi)


def ensure_running(
    shell: DeviceShell,
    configured: str | None,
    spec: ServerSpec | None = None,
    probe: Probe | None = None,
    wait_s: float = 10,
) -> FridaServerStatus:
    """A frida-server that answers on spec.port: the one already there, else ours started."""
    spec = spec or ServerSpec()
    probe = probe or adb_probe
    current = status(shell, spec, probe)
    if current.answering:
        return _with(current, f"frida-server already answers on port {spec.port}: reused")
    if shell.root_mode() is RootMode.NONE:
        raise InfrastructureError(
            f"{shell.serial}: frida-server needs root; use a rooted phone or a userdebug "
            "emulator image (Google APIs, not Google Play)"
        )
    actions: list[str] = []
    # The replacement is found before anything is stopped: a lab without the right binary
    # keeps whatever server it had.
    binary = (
        None if current.matches else locate(configured, current.host_version, device_arch(shell))
    )
    for server in current.running:
        if server.port != spec.port:
            continue  # another port: not in our way, and maybe someone else's
        shell.run_root(f"kill {server.pid}")
        actions.append(f"stopped {server.program} (pid {server.pid}), silent on port {spec.port}")
    if binary is not None:
        shell.device.sync.push(binary, spec.device_path, mode=0o755)
        shell.run(["chmod", "755", spec.device_path])
        version = installed_version(shell, spec)
        if version != current.host_version:
            raise InfrastructureError(
                f"{shell.serial}: pushed {binary} but it reports {version!r}, "
                f"not {current.host_version}"
            )
        actions.append(f"pushed {binary.name} to {spec.device_path}")
    command = spec.start_command()
    output, rc = shell.run_root(command)
    if rc != 0:
        raise InfrastructureError(
            f"{shell.serial}: `{command}` exited {rc}: {output.strip()[-300:] or 'no output'}; "
            "another process may hold the port (set frida_server_port in devices.yaml) "
            "or SELinux may block it (`setenforce 0` as root)"
        )
    actions.append(f"started `{command}`")
    deadline = time.monotonic() + wait_s
    while True:
        if probe(shell, spec.port) is Answer.ANSWERS:
            done = status(shell, spec, lambda _s, _p: Answer.ANSWERS)
            return _with(done, *actions)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.3)
    raise InfrastructureError(
        f"{shell.serial}: frida-server started but does not answer on port {spec.port}"
        + (f" ({output.strip()[-200:]})" if output.strip() else "")
        + f"; run `{spec.device_path} -v` as root on the device to see why"
    )


def _with(state: FridaServerStatus, *actions: str) -> FridaServerStatus:
    return FridaServerStatus(
        state.installed_version,
        state.running,
        state.host_version,
        state.answering,
        state.port,
        state.actions + actions,
    )


@contextlib.contextmanager
def _forwarded(shell: DeviceShell, port: int) -> Iterator[int]:
    """A host port that adb forwards to the device's port, removed afterwards."""
    try:
        local = shell.device.forward_port(port)
    except (adbutils.AdbError, OSError) as exc:
        raise InfrastructureError(f"{shell.serial}: adb forward tcp:{port} failed: {exc}") from None
    try:
        yield local
    finally:
        remove_forward(shell, local)


def remove_forward(shell: DeviceShell, local: int) -> None:
    # Already gone (adb restarted, device unplugged): nothing left to remove.
    with contextlib.suppress(adbutils.AdbError, OSError):
        shell.device.forward_remove(f"tcp:{local}", raise_non_found=False)


def adb_probe(shell: DeviceShell, port: int) -> Answer:
    """Ask Frida over `adb forward` whether a frida-server answers on the device's port."""
    with _forwarded(shell, port) as local:
        address = f"127.0.0.1:{local}"
        manager = frida.get_device_manager()
        device = manager.add_remote_device(address)
        try:
            # A minimal process list is the lightest request every frida-server answers.
            device.enumerate_processes(scope="minimal")
        except (frida.ServerNotRunningError, frida.TransportError, frida.TimedOutError):
            return Answer.SILENT
        except frida.ProtocolError:
            return Answer.SILENT  # another Frida release: the handshake fails
        finally:
            with contextlib.suppress(frida.InvalidArgumentError):
                manager.remove_remote_device(address)
    return Answer.ANSWERS


def frida_device(serial: str, timeout: float = 10) -> frida.Device:
    """The Frida device for an adb serial on the default port, checked to answer."""
    try:
        device = frida.get_device(serial, timeout=timeout)
    except (frida.InvalidArgumentError, frida.TimedOutError, frida.TransportError) as exc:
        raise InfrastructureError(f"frida does not see device {serial}: {exc}") from None
    return _checked(device, serial)


def remote_frida_device(shell: DeviceShell, port: int) -> tuple[frida.Device, int]:
    """The Frida device of a server on a custom port, over an adb forward the caller removes
    (Frida's own adb backend only knows port 27042). Returns the device and the host port."""
    try:
        local = shell.device.forward_port(port)
    except (adbutils.AdbError, OSError) as exc:
        raise InfrastructureError(f"{shell.serial}: adb forward tcp:{port} failed: {exc}") from None
    device = frida.get_device_manager().add_remote_device(f"127.0.0.1:{local}")
    return _checked(device, shell.serial), local


def release_remote(shell: DeviceShell, local: int) -> None:
    """Undo remote_frida_device: Frida forgets the device, adb removes the forward."""
    with contextlib.suppress(frida.InvalidArgumentError):
        frida.get_device_manager().remove_remote_device(f"127.0.0.1:{local}")
    remove_forward(shell, local)


def _checked(device: frida.Device, serial: str) -> frida.Device:
    try:
        device.enumerate_processes(scope="minimal")  # the probe's request: any server answers
    except (
        frida.ServerNotRunningError,
        frida.TransportError,
        frida.TimedOutError,
        frida.ProtocolError,
    ) as exc:
        raise InfrastructureError(
            f"{serial}: frida-server does not answer ({exc}); `harness devices` shows how to fix it"
        ) from None
    return device
