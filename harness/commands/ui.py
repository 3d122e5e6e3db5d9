"""`harness ui inspect DUMP.xml [--package PKG]`: what the UI detectors see in a dump.

Prints JSON: the consent dialog with its accept and refuse buttons (text, bounds,
confidence), a runtime-permission dialog, and the actionable nodes (of PKG only, if given).
A file that is not a uiautomator hierarchy exits 2, naming the file and line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from harness.errors import InputError


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "ui", help="look at UI hierarchy dumps the way scenarios do"
    )
    actions = parser.add_subparsers(dest="ui_command", metavar="ACTION")
    inspect = actions.add_parser(
        "inspect",
        help="print as JSON the consent dialog, permission dialog and actionable nodes of a dump",
    )
    inspect.add_argument("dump", type=Path, help="a uiautomator hierarchy dump (XML)")
    inspect.add_argument(
        "--package", default=None, help="list only this package's actionable nodes"
    )
    inspect.set_defaults(handler=handle_inspect)
    parser.set_defaults(handler=lambda _args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def handle_inspect(args: argparse.Namespace) -> int:
    from harness.ui.hierarchy import HierarchyError, parse_hierarchy
    from harness.ui.inspect import inspect_hierarchy  # the dialog wordings (YAML, pydantic)

    path: Path = args.dump
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read a UTF-8 hierarchy dump: {exc}") from None
    try:
        hierarchy = parse_hierarchy(text)
    except HierarchyError as exc:
        raise InputError(path, f"not a uiautomator hierarchy dump ({exc})", exc.line) from None
    report = {"file": str(path), **inspect_hierarchy(hierarchy, args.package)}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0
