"""`harness worker --broker redis://... [--devices FILE]`: serve this host's devices to suites.

Lab devices and attached phones alike: one Celery worker per device family, one pool process
per healthy device; jobs come from `harness suite --broker` on any host.
The worker runs in a fresh interpreter (this command execs `python -m
harness.distributed.worker`): the CLI has imported Frida already, and the worker must fork
its pool processes before anything starts Frida's threads.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from harness.distributed.worker import build_parser

WORKER_MODULE = "harness.distributed.worker"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "worker",
        help="serve this host's devices to suites run through a broker (Celery + Redis)",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    build_parser(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    argv = worker_argv(args)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", WORKER_MODULE, *argv])
    return 0  # not reached: execv replaces this process


def worker_argv(args: argparse.Namespace) -> list[str]:
    """The parsed options back as arguments for the worker module."""
    argv: list[str] = []
    for action in build_parser()._actions:
        if not action.option_strings or action.dest == "help":
            continue
        value = getattr(args, action.dest, None)
        if value is None:
            continue
        flag = action.option_strings[-1]
        values = value if isinstance(value, list) else [value]
        for item in values:
            argv += [flag, str(item)]
    return argv
