"""`python -m harness.distributed.worker`: Celery workers serving this host's devices.

`harness worker` execs this module, so the worker starts in a fresh interpreter: Frida
starts threads when it is imported, and a process must not fork with them (the pool
processes would inherit a Frida that waits on threads that no longer exist).

Two levels. The **supervisor** (what `harness worker` runs) surveys the devices file the way
`harness suite` does (a host-lab device needs a JDK; a phone must pass `harness devices`'
checks, through an adb server it holds for its whole life), then starts one Celery worker
per device family it has healthy devices of, each in a fresh interpreter (`--family`), and
waits for them, passing on SIGTERM/SIGINT. A **family worker** consumes only its family's
queue (engine.queue_for), so an APK job only ever reaches a process serving a phone; its
pool process i serves device i and announces that device in the registry
(harness.distributed.registry) for as long as it lives. Nothing in a family worker's
parent imports Frida or the device layer; each pool process imports them after the fork.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.errors import HarnessError, InfrastructureError, InputError

# The device families (devices.yaml's models) are imported where used: `harness --help`
# builds this module's parser and must not import pydantic.

if TYPE_CHECKING:
    from harness.config.devices import DeviceConfig
    from harness.distributed.registry import ServedDevice
    from harness.suite.session import TargetChooser


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="harness worker")
    parser.add_argument("--broker", required=True, help="redis://host:port/db")
    parser.add_argument("--devices", type=Path, default=None, help="this host's devices file")
    parser.add_argument(
        "--device", action="append", default=[], help="serve only this device (repeatable)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("evidence"),
        help="where bundles go: storage the indexing host reaches too (default: ./evidence)",
    )
    parser.add_argument("--name", default=None, help="worker name (default: harness@<host name>)")
    parser.add_argument(
        "--visibility-timeout",
        type=float,
        default=300.0,
        help="seconds before a dead worker's job goes to another (default: 300)",
    )
    parser.add_argument(
        "--lease", type=float, default=30.0, help="job lease in seconds (default: 30)"
    )
    parser.add_argument("--catalog", type=Path, default=None, help="hook catalog")
    parser.add_argument("--rules", type=Path, default=None, help="rule pack")
    parser.add_argument("--loglevel", default="INFO", help="Celery log level (default: INFO)")
    # Set by the supervisor for the family workers it starts (the devices, already
    # surveyed, come as --device): not for people.
    parser.add_argument("--family", default=None, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.family is not None:
            return serve_family(args, _family_devices(args))
        return supervise(args)
    except InputError as exc:
        print(f"harness worker: error: {exc.describe()}", file=sys.stderr)
        return 2
    except HarnessError as exc:
        print(f"harness worker: error: {exc}", file=sys.stderr)
        return 3


def supervise(args: argparse.Namespace) -> int:
    """Survey this host's devices, then run one family worker per family with healthy ones."""
    from harness.config.devices import load_devices
    from harness.paths import DEVICES_FILE
    from harness.suite.adblink import hold_adb
    from harness.suite.family import DeviceFamily, device_family
    from harness.suite.pool import needs_adb, survey_pool

    devices_file = args.devices or DEVICES_FILE
    lab = load_devices(devices_file)
    for name in args.device:
        lab.device(name, devices_file)  # an unknown name is an InputError naming the file
    only = tuple(args.device)
    with contextlib.ExitStack() as stack:
        # Held for the workers' whole life: each phone session opens its own adb connection
        # and must find the server running (harness.suite.adblink says why).
        adb = stack.enter_context(hold_adb()) if needs_adb(lab, only, {}) else None
        pool = survey_pool(lab, only, adb=adb)
        for name, why in pool.excluded:
            print(f"harness worker: device {name} left out: {why}", file=sys.stderr)
        if not pool.healthy:
            raise InfrastructureError(f"no healthy device in {devices_file} to serve")
        by_family: dict[DeviceFamily, list[str]] = {}
        for device in pool.healthy:
            by_family.setdefault(device_family(device.kind), []).append(device.name)
        base = _without_devices(args, devices_file)
        return _run_children(
            [
                [sys.executable, "-m", __spec__.name if __spec__ else "harness.distributed.worker",
                 *base, "--family", family.value, *(f"--device={n}" for n in names)]
                for family, names in by_family.items()
            ]
        )  # fmt: skip


def _without_devices(args: argparse.Namespace, devices_file: Path) -> list[str]:
    """The supervisor's options for a family worker, less the device choice."""
    argv = ["--broker", args.broker, "--devices", str(Path(devices_file).resolve())]
    argv += ["--out", str(args.out.resolve()), "--loglevel", args.loglevel]
    argv += ["--visibility-timeout", str(args.visibility_timeout), "--lease", str(args.lease)]
    argv += ["--name", args.name or f"harness@{socket.gethostname()}"]
    for flag, value in (("--catalog", args.catalog), ("--rules", args.rules)):
        if value is not None:
            argv += [flag, str(Path(value).resolve())]
    return argv


def _run_children(commands: list[list[str]]) -> int:
    """Start every family worker, pass SIGTERM/SIGINT on, and end when they all have.

    A family worker that ends takes the others down with it: a host serving half its
    devices would keep taking jobs it was not set up for (and hide the failure)."""
    children = [subprocess.Popen(command) for command in commands]

    def forward(signum: int, _frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while any(child.poll() is None for child in children):
            if any(child.returncode not in (None, 0) for child in children):
                forward(signal.SIGTERM, None)
            time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    failed = [child.returncode for child in children if child.returncode != 0]
    # A family worker's own exit status (2 for input, 3 for the lab) when it gave one; one
    # ended by a signal is the lab's fault.
    return next((code for code in failed if code > 0), 3) if failed else 0


def _family_devices(args: argparse.Namespace) -> list[DeviceConfig]:
    from harness.config.devices import load_devices
    from harness.paths import DEVICES_FILE
    from harness.suite.family import DeviceFamily, device_family

    devices_file = args.devices or DEVICES_FILE
    lab = load_devices(devices_file)
    family = DeviceFamily(args.family)
    devices = [lab.device(name, devices_file) for name in args.device]
    for device in devices:
        if device_family(device.kind) is not family:
            raise InputError(devices_file, f"device {device.name} is not a {family.label}")
    return devices


def serve_family(
    args: argparse.Namespace,
    devices: Sequence[DeviceConfig],
    *,
    targets: TargetChooser | None = None,
    pool: str = "prefork",
) -> int:
    """One Celery worker for one family's (already surveyed) devices: pool process i serves
    device i. `targets` and `pool="solo"` are for a stand-in phone that lives in this very
    process (tests): a solo worker runs its one device's jobs in its main process."""
    from celery.signals import worker_process_init, worker_process_shutdown

    from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
    from harness.distributed.engine import EngineSettings, make_celery, queue_for
    from harness.distributed.tasks import PoolProcess, register_job_task
    from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
    from harness.suite.family import device_family

    if not devices:
        raise InputError(args.devices or "devices.yaml", "no device to serve (--device)")
    if pool == "solo" and len(devices) != 1:
        raise InputError(args.devices or "devices.yaml", "a solo worker serves one device")
    family = device_family(devices[0].kind)
    name = args.name or f"harness@{socket.gethostname()}"
    settings = EngineSettings(
        broker=args.broker,
        visibility_timeout_s=args.visibility_timeout,
        lease_s=args.lease,
    )
    # Read now, in the parent: a bad catalog or rule pack stops the worker before it serves.
    catalog = load_catalog(args.catalog or DEFAULT_CATALOG)
    rule_pack = load_rule_pack(args.rules or DEFAULT_RULE_PACK)
    app = make_celery(settings)
    holder: dict[str, Any] = {}

    def init_pool_process(**_kwargs: Any) -> None:
        # Runs in each pool process after the fork: process i serves device i. Celery
        # keeps a replaced process's index, so a device never gets two processes.
        from billiard.process import current_process

        from harness.distributed.ledger import JobLedger
        from harness.distributed.registry import DeviceRegistry
        from harness.paths import cache_root
        from harness.suite.jvms import JvmRecord
        from harness.suite.session import JobRunner, SessionKit

        index = getattr(current_process(), "index", 0)
        device = devices[index]
        jvms = JvmRecord(cache_root() / "workers" / name, device.name)
        stopped = jvms.reap()  # a killed predecessor's app, still running
        if stopped:
            print(f"harness worker {name}: stopped left-over lab JVMs {stopped}", file=sys.stderr)
        served = _served(name, device)
        announcer = DeviceRegistry.from_url(args.broker).keeping(served, settings.announce_s)
        holder["announcer"] = announcer.__enter__()
        holder["here"] = PoolProcess(
            host=name,
            device=device,
            served=served,
            jvms=jvms,
            runner=JobRunner(SessionKit(args.out.resolve(), catalog, rule_pack, name),
                             targets=targets),
            ledger=JobLedger.from_url(args.broker),
            settings=settings,
        )  # fmt: skip

    def end_pool_process(**_kwargs: Any) -> None:
        announcer = holder.pop("announcer", None)
        if announcer is not None:
            announcer.__exit__(None, None, None)  # withdrawn now, not when its record expires

    register_job_task(app, lambda: holder["here"])
    if pool == "solo":
        init_pool_process()
    else:
        worker_process_init.connect(init_pool_process, weak=False)
        worker_process_shutdown.connect(end_pool_process, weak=False)
        if "frida" in sys.modules:
            raise InfrastructureError(
                "Frida was imported before the worker forked its pool (start it with "
                "`harness worker`, which runs it in a fresh interpreter)"
            )
    print(
        f"harness worker {name}: serving {', '.join(d.name for d in devices)} "
        f"({family.runs}); bundles to {args.out.resolve()}",
        file=sys.stderr,
        flush=True,
    )
    try:
        app.worker_main(
            [
                "worker",
                f"--hostname={family.value}.{name}",
                f"--pool={pool}",
                f"--concurrency={len(devices)}",
                f"--queues={queue_for(family)}",
                f"--loglevel={args.loglevel}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-O",
                "fair",
            ]
        )
    finally:
        end_pool_process()
        _withdraw_all(args.broker, name, devices)
    return 0


def _withdraw_all(broker: str, host: str, devices: Sequence[DeviceConfig]) -> None:
    """After the pool is gone, no record of this worker's devices may outlive it: a pool
    process that the stop signal ended (it reaches the whole process group) never ran its
    shutdown hook, and its record would otherwise stay offered for up to a TTL."""
    import redis

    from harness.distributed.registry import DeviceRegistry, device_key

    try:
        registry = DeviceRegistry.from_url(broker)
        for device in devices:
            registry.withdraw_key(device_key(host, device.name))
    except redis.RedisError:
        return  # the records expire by themselves


def _served(host: str, device: DeviceConfig) -> ServedDevice:
    """The registry's record of a device; a phone's Android version is read over adb (in
    the pool process: the device layer imports Frida)."""
    from harness.distributed.registry import ServedDevice
    from harness.suite.family import DeviceFamily, device_family

    family = device_family(device.kind)
    if family is DeviceFamily.HOST_LAB:
        return ServedDevice(host, device.name, family, device.kind.value)
    import adbutils

    from harness.android.adb import AdbEndpoint
    from harness.android.facts import read_facts
    from harness.android.shell import DeviceShell

    # An emulator's serial is known only once it runs (its session starts it): announced
    # without an Android version, so it is offered every job of its family.
    serial = device.serial or device.address or ""
    if not serial:
        return ServedDevice(host, device.name, family, device.kind.value)
    try:
        endpoint = AdbEndpoint.from_env()
        client = adbutils.AdbClient(host=endpoint.host, port=endpoint.port)
        facts = read_facts(DeviceShell(client.device(serial), timeout=20))
    except (HarnessError, OSError, adbutils.AdbError) as exc:
        print(f"harness worker {host}: {device.name}: Android version not read ({exc})",
              file=sys.stderr)  # fmt: skip
        return ServedDevice(host, device.name, family, device.kind.value, serial)
    return ServedDevice(
        host, device.name, family, device.kind.value, serial, facts.sdk or 0, facts.abi
    )


if __name__ == "__main__":
    sys.exit(main())
