"""`harness export BUNDLE [--out FILE.zip]`: one zip of a sealed bundle, manifest inside.

The bundle is verified first; an altered bundle is not exported (exit 1, each differing
file named), and an unfinished one is an input error (exit 2). Prints the zip's path last.
Check an export with `harness verify FILE.zip`, or unzip it and verify the folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.commands.verify import print_result


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export", help="write a verified bundle into one zip, manifest inside"
    )
    parser.add_argument("bundle", type=Path, help="the bundle folder")
    parser.add_argument(
        "--out", type=Path, default=None, help="the zip to write (default: ./<app>-<run-id>.zip)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from harness.evidence.export import BundleAltered, default_export_path, export_bundle

    out = args.out or default_export_path(args.bundle.resolve())
    try:
        written = export_bundle(args.bundle, out)
    except BundleAltered as exc:
        print_result(exc.result, args.bundle)
        print("not exported: the bundle does not match its manifest")
        return 1
    print(written)
    return 0
