"""`harness serve [--port N] [--bind ADDR] [--index DB] [--bundles DIR]`: the lab's history.

A read-only web page over the results index and the bundles: runs by night, apps and each
app's history, a run's sealed report, the diff of two runs and the rules' trend. Bound to
127.0.0.1 unless `--bind` says otherwise; `--port 0` (the default) takes a free port. By
default it shows what `harness run` and `harness suite` wrote from this folder: bundles in
./evidence, the index $HARNESS_INDEX, else BUNDLES/index.sqlite. Prints the page's URL and
serves until interrupted (exit 0); a missing or unreadable index is an input error (exit 2).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Any

from harness.errors import InputError


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="a local read-only web page over the results index and the evidence bundles",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument(
        "--port", type=int, default=0, help="TCP port (default: 0, a free port; printed)"
    )
    parser.add_argument(
        "--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--bundles",
        type=Path,
        default=Path("evidence"),
        help="evidence folder whose reports may be shown (default: ./evidence)",
    )
    parser.add_argument(
        "--index",
        default=None,
        help="results index: a SQLite file or a postgresql:// URL "
        "(default: $HARNESS_INDEX, else BUNDLES/index.sqlite)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # Flask and the index are imported here: `harness --help` stays fast.
    from werkzeug.serving import make_server

    from harness.results.location import ENV_VAR, index_url
    from harness.results.store import open_index_readonly
    from harness.serve.app import create_app

    if not 0 <= args.port <= 65535:
        raise InputError(None, f"--port {args.port}: expected 0..65535")
    if not args.bundles.is_dir():
        raise InputError(args.bundles, "--bundles: not a folder (expected the evidence folder)")
    url = index_url(args.index or os.environ.get(ENV_VAR) or str(args.bundles / "index.sqlite"))
    with open_index_readonly(url) as index:
        app = create_app(index, args.bundles)
        # The socket is bound here, not by werkzeug, which exits on a port in use.
        family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
        try:
            listener = socket.create_server((args.bind, args.port), family=family)
        except OSError as exc:
            raise InputError(
                None, f"cannot listen on {args.bind} port {args.port}: {exc.strerror or exc}"
            ) from None
        with listener:
            port = listener.getsockname()[1]
            server = make_server(args.bind, port, app, threaded=True, fd=listener.fileno())
        if not _loopback(args.bind):
            print(f"harness: warning: listening on {args.bind}: anyone who reaches this host "
                  "can read the lab's evidence (no login)", file=sys.stderr)  # fmt: skip
        host = f"[{args.bind}]" if ":" in args.bind else args.bind
        print(f"serving http://{host}:{port}/ (index: {index.shown}; "
              f"bundles: {args.bundles.resolve()}); Ctrl-C stops", flush=True)  # fmt: skip
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


def _loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to may be reachable
