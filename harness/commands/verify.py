"""`harness verify BUNDLE`: exit 0 when every file matches the manifest, else name each one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.evidence.export import verify_zip
from harness.evidence.verify import VerifyResult, verify_bundle


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "verify", help="check an evidence bundle against its manifest"
    )
    parser.add_argument("bundle", type=Path, help="the bundle folder, or its export (.zip)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # An export (`harness export`) is checked member by member, without unpacking it.
    is_zip = args.bundle.suffix == ".zip" and args.bundle.is_file()
    result = verify_zip(args.bundle) if is_zip else verify_bundle(args.bundle)
    return print_result(result, args.bundle)


def print_result(result: VerifyResult, bundle: Path) -> int:
    """Name every file that differs; 0 when none does, else 1."""
    for name in result.changed:
        print(f"CHANGED  {name}")
    for name in result.missing:
        print(f"MISSING  {name}")
    for name in result.unexpected:
        print(f"UNEXPECTED  {name}")
    if result.intact:
        print(f"OK  {result.checked} files match the manifest of {bundle}")
        return 0
    problems = len(result.changed) + len(result.missing) + len(result.unexpected)
    print(f"FAILED  {problems} of the bundle's files differ from its manifest")
    return 1
