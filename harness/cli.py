"""The `harness` command: a thin dispatcher over one module per subcommand.

Each module in harness.commands exposes `register(subparsers)`, which adds its parser and
sets `handler` (a function taking the parsed namespace and returning an exit status).
Building the parser imports every command module, so each keeps its heavy imports inside
its handler (harness.commands says which imports are allowed at the top).
Input errors exit 2 with the message naming the file; infrastructure errors exit 3.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import select
import sys
from collections.abc import Sequence

from harness import __version__
from harness.errors import HarnessError, InputError
from harness.session.scratch import private_tmpdir

# Subcommand modules, in the order `harness --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "harness.commands.run",
    "harness.commands.verify",
    "harness.commands.key",
    "harness.commands.score",
    "harness.commands.calibrate",
    "harness.commands.report",
    "harness.commands.export",
    "harness.commands.inspect",
    "harness.commands.policy",
    "harness.commands.ui",
    "harness.commands.devices",
    "harness.commands.suite",
    "harness.commands.results",
    "harness.commands.diff",
    "harness.commands.serve",
    "harness.commands.worker",
)


class _ArgumentParser(argparse.ArgumentParser):
    """argparse already exits 2 on usage errors; keep its message on stderr."""


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="harness",
        description="Android privacy-compliance test harness.",
    )
    parser.add_argument("--version", action="version", version=f"harness {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log what the proxy and devices do"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _configure_logging(verbose: bool) -> None:
    # force=True: some libraries (apkInspector) call logging.basicConfig(DEBUG) on import.
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="harness: %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    # mitmproxy logs every client connect and every client that hangs up mid-TLS.
    logging.getLogger("mitmproxy").setLevel(logging.INFO if verbose else logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        # Frida's helper and the lab's work folders go with the run, whatever its end.
        with private_tmpdir():
            status: int = handler(args)
            sys.stdout.flush()  # here, so a reader gone by now is seen as below, not at exit
    except InputError as exc:
        print(f"harness: error: {exc.describe()}", file=sys.stderr)
        return 2
    except HarnessError as exc:
        print(f"harness: error: {exc}", file=sys.stderr)
        return 3
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) and _stdout_closed():
            # The reader of our output left (`harness inspect --json | head`): as for any
            # Unix tool, no message and the status of a command ended by SIGPIPE (128 + 13).
            _silence_stdout()
            return 141
        # Input files become InputErrors where they are read; an OSError that gets here is
        # the machine's (a full disk, an I/O error, a closed pipe): the lab's fault.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"harness: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("harness: interrupted", file=sys.stderr)
        return 130
    return status


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone (poll reports an error)."""
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
        poller.register(fd, 0)  # POLLERR and POLLHUP are always reported
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False  # not a real file (a test's capture): a broken pipe there is not ours


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
