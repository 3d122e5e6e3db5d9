"""`python -m harness.distributed.worker`: a Celery worker serving this host's devices.

`harness worker` execs this module, so the worker starts in a fresh interpreter: Frida
starts threads when it is imported, and a process must not fork with them (the pool
processes would inherit a Frida that waits on threads that no longer exist). Nothing here
imports Frida; each pool process imports it after the fork, on its first job.

Workers serve host-lab devices only; Android devices of the devices file are left out with
that reason. Pool process i serves device i, but the worker's parent hands any job to any
idle process, so a worker with both families would need per-family queues served by
separate worker instances (or jobs bounced between processes until one fits) before it
could take APK jobs; suites with APKs run without --broker meanwhile.
"""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.errors import HarnessError, InfrastructureError, InputError


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return serve(args)
    except InputError as exc:
        print(f"harness worker: error: {exc.describe()}", file=sys.stderr)
        return 2
    except HarnessError as exc:
        print(f"harness worker: error: {exc}", file=sys.stderr)
        return 3


def serve(args: argparse.Namespace) -> int:
    from celery.signals import worker_process_init

    from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
    from harness.config.devices import load_devices
    from harness.distributed.engine import EngineSettings, make_celery
    from harness.distributed.tasks import PoolProcess, register_job_task
    from harness.paths import DEVICES_FILE
    from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
    from harness.suite.family import DeviceFamily
    from harness.suite.pool import survey_pool

    devices_file = args.devices or DEVICES_FILE
    lab = load_devices(devices_file)
    for name in args.device:
        lab.device(name, devices_file)  # an unknown name is an InputError naming the file
    skip = {
        DeviceFamily.ANDROID: "workers serve host-lab devices only; run suites with APKs "
        "with `harness suite` (without --broker) on the host of the Android devices"
    }
    pool = survey_pool(lab, tuple(args.device), skip=skip)
    for name, why in pool.excluded:
        print(f"harness worker: device {name} left out: {why}", file=sys.stderr)
    if not pool.healthy:
        raise InfrastructureError(f"no healthy device in {devices_file} to serve")
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
    devices = pool.healthy
    holder: dict[str, PoolProcess] = {}

    def init_pool_process(**_kwargs: Any) -> None:
        # Runs in each pool process after the fork: process i serves device i. Celery
        # keeps a replaced process's index, so a device never gets two processes.
        from billiard.process import current_process

        from harness.distributed.ledger import JobLedger
        from harness.paths import cache_root
        from harness.suite.jvms import JvmRecord
        from harness.suite.session import JobRunner, SessionKit

        index = getattr(current_process(), "index", 0)
        jvms = JvmRecord(cache_root() / "workers" / name, devices[index].name)
        stopped = jvms.reap()  # a killed predecessor's app, still running
        if stopped:
            print(f"harness worker {name}: stopped left-over lab JVMs {stopped}", file=sys.stderr)
        holder["here"] = PoolProcess(
            host=name,
            device=devices[index],
            jvms=jvms,
            runner=JobRunner(SessionKit(args.out.resolve(), catalog, rule_pack, name)),
            ledger=JobLedger.from_url(args.broker),
            settings=settings,
        )

    worker_process_init.connect(init_pool_process, weak=False)
    register_job_task(app, lambda: holder["here"])
    if "frida" in sys.modules:
        raise InfrastructureError(
            "Frida was imported before the worker forked its pool (start it with "
            "`harness worker`, which runs it in a fresh interpreter)"
        )
    print(
        f"harness worker {name}: serving {', '.join(d.name for d in devices)}; "
        f"bundles to {args.out.resolve()}",
        file=sys.stderr,
        flush=True,
    )
    app.worker_main(
        [
            "worker",
            f"--hostname={name}",
            "--pool=prefork",
            f"--concurrency={len(devices)}",
            f"--loglevel={args.loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-O",
            "fair",
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
