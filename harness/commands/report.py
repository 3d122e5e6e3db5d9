"""`harness report BUNDLE [--out DIR]`: the reports of a bundle, built again from its evidence.

The bundle is checked against its manifest first, and the reports say what was found:
intact, altered (each differing file named), or incomplete (no manifest: a `.partial` or
`.failed` run). They are written into DIR (default `./reports/<app>/<run-id>/`), never into
the bundle, so a sealed bundle still verifies afterwards. Prints the report.html path last.
`--lang en|zh-CN` chooses report.html's language (its words come from
harness/data/report-messages.yaml); `--tz ZONE` the time zone its times are shown in
(an IANA name; default this machine's local zone). report.json and junit.xml keep UTC.
Exit 0 when the reports were written, whatever they conclude; 2 if BUNDLE is not a folder,
or for an unknown language or time zone.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Any

from harness.commands.bundle_arg import is_export, opened_bundle
from harness.errors import InputError


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report", help="rebuild report.html, report.json and junit.xml from a bundle's evidence"
    )
    parser.add_argument(
        "bundle", type=Path, help="the bundle folder (sealed or not), or its export (.zip)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the reports (default: ./reports/<app>/<run-id>/)",
    )
    parser.add_argument(
        "--lang",
        default="en",  # harness.evidence.report.messages.DEFAULT_LANGUAGE (heavy to import here)
        help="report.html's language: en or zh-CN (default: en)",
    )
    parser.add_argument(
        "--tz",
        default=None,
        help="time zone report.html shows times in, e.g. Asia/Shanghai "
        "(default: this machine's local zone; report.json keeps UTC)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from harness.evidence.report import regenerate  # jinja2, the rules: not for `--help`
    from harness.evidence.report.localtime import local_zone, parse_zone
    from harness.evidence.report.messages import report_languages

    languages = report_languages()
    if args.lang not in languages:
        raise InputError(None, f"--lang {args.lang!r}: expected one of {', '.join(languages)}")
    zone = parse_zone(args.tz) if args.tz else local_zone()
    with opened_bundle(args.bundle) as bundle:
        out = args.out or _default_out(args.bundle, bundle)
        report, written = regenerate(bundle, out, lang=args.lang, zone=zone)
    print(f"integrity: {report.integrity.status.value} ({report.integrity.summary})")
    print(f"verdict: {report.verdict.result.value}, {len(report.findings)} finding(s)")
    for name, path in written.items():
        if name != "report.html":
            print(path)
    print(written["report.html"])
    return 0


def _default_out(given: Path, bundle: Path) -> Path:
    """./reports/<app>/<run-id>/: the app folder's name, or for an export its manifest's."""

    from harness.evidence.verify import read_bundle_manifest

    app = bundle.resolve().parent.name
    if is_export(given):
        with contextlib.suppress(InputError):
            app = str(read_bundle_manifest(bundle).get("app") or "export")
    return Path("reports") / app / bundle.name
