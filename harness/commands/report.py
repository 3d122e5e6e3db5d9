"""`harness report BUNDLE [--out DIR]`: the reports of a bundle, built again from its evidence.

The bundle is checked against its manifest first, and the reports say what was found:
intact, altered (each differing file named), or incomplete (no manifest: a `.partial` or
`.failed` run). They are written into DIR (default `./reports/<app>/<run-id>/`), never into
the bundle, so a sealed bundle still verifies afterwards. Prints the report.html path last.
Exit 0 when the reports were written, whatever they conclude; 2 if BUNDLE is not a folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.evidence.report import regenerate


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report", help="rebuild report.html, report.json and junit.xml from a bundle's evidence"
    )
    parser.add_argument("bundle", type=Path, help="the bundle folder (sealed or not)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the reports (default: ./reports/<app>/<run-id>/)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    bundle: Path = args.bundle
    out = args.out or Path("reports") / bundle.resolve().parent.name / bundle.resolve().name
    report, written = regenerate(bundle, out)
    print(f"integrity: {report.integrity.status.value} ({report.integrity.summary})")
    print(f"verdict: {report.verdict.result.value}, {len(report.findings)} finding(s)")
    for name, path in written.items():
        if name != "report.html":
            print(path)
    print(written["report.html"])
    return 0
