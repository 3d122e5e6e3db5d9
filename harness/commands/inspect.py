"""`harness inspect APP.apk [--json] [--profile PROFILE.yaml]`: static APK inspection.

No device needed. Prints package, version, SDK levels, requested permissions (dangerous
ones marked), components, and the SDKs found in the dex files; with a profile, the
dangerous permissions beyond what the app's type needs and its profile declares.
A file that is not an APK is an input error (exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from harness.errors import InputError
from harness.model import DataCategory

if TYPE_CHECKING:
    from harness.apk.inspect import ApkReport

# The APK reader (apkInspector) and the YAML loaders are imported by `run`: `harness --help`
# imports every command module and must answer at once.


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inspect",
        help="inspect an APK without a device: manifest, permissions, SDKs",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument("apk", type=Path, help="an .apk, or an .xapk/.apks bundle")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--profile",
        type=Path,
        help="app profile YAML: list the permissions beyond its app type and declarations",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from harness.apk.inspect import inspect_apk, with_profile
    from harness.apk.permissions import PermissionTable
    from harness.profile import load_profile
    from harness.sdk import SdkDatabase

    stream = out if out is not None else sys.stdout
    permissions = PermissionTable.load()
    report = inspect_apk(args.apk, SdkDatabase.load(), permissions)
    if args.profile is not None:
        profile = load_profile(args.profile)
        if profile.package != report.manifest.package:
            raise InputError(
                args.profile,
                f"profile is for {profile.package}, the APK is {report.manifest.package}",
            )
        report = with_profile(
            report,
            permissions,
            profile.app_type,
            necessary_for(profile.app_type),
            profile.declared_categories,
        )
    if args.json:
        json.dump(report.to_json(), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        stream.write(render_text(report))
    return 0


def necessary_for(app_type: str | None) -> frozenset[DataCategory] | None:
    """The necessary categories of an app type, or None when no table covers it.

    From the necessity profiles of the 39 app types (harness/data/necessity.yaml), the
    same table the beyond-necessary and over-requested-permissions rules use.
    """
    from harness.necessity import default_necessity

    if app_type is None:
        return None
    found = default_necessity().lookup(app_type)
    return None if found is None else found.categories


def render_text(report: ApkReport) -> str:
    m = report.manifest
    lines = [
        f"package      {m.package}",
        f"version      {m.version_name or '?'} (code {_opt(m.version_code)})",
        f"sdk          min {_opt(m.min_sdk)}, target {_opt(m.target_sdk)}",
        f"kind         {report.kind}"
        + (f" ({len(report.splits)} splits)" if report.splits else ""),
    ]
    if m.debuggable:
        lines.append("debuggable   yes")
    dangerous = [p for p in report.permissions if p.dangerous]
    lines.append(f"permissions  {len(report.permissions)} ({len(dangerous)} dangerous, marked !)")
    for p in report.permissions:
        mark = "!" if p.dangerous else " "
        cats = f"  [{', '.join(c.value for c in p.categories)}]" if p.categories else ""
        lines.append(f"  {mark} {p.name}{cats}")
    exported = sum(1 for c in m.components if c.exported)
    lines.append(f"components   {len(m.components)} ({exported} exported)")
    for c in m.components:
        flag = "  exported" if c.exported else ""
        lines.append(f"    {c.kind:<15} {c.name}{flag}")
    lines.append(f"classes      {report.class_count}")
    lines.append(f"SDKs         {len(report.sdks)} found")
    for s in report.sdks:
        cats = f" [{', '.join(s.categories)}]" if s.categories else ""
        lines.append(
            f"    {s.name} ({s.id}){cats}: {s.class_count} classes, e.g. {s.example_class}"
        )
    if report.profile is not None:
        pc = report.profile
        lines.append(f"profile      app type {pc.app_type or '(none)'}")
        if not pc.necessary_known:
            lines.append("    no necessity table for this app type: only declared categories count")
        allowed = ", ".join(c.value for c in pc.allowed) or "(none)"
        lines.append(f"    allowed categories: {allowed}")
        lines.append(f"    beyond the app type: {len(pc.beyond)}")
        lines.extend(f"  ! {name}" for name in pc.beyond)
    for problem in report.problems:
        lines.append(f"note         {problem}")
    return "\n".join(lines) + "\n"


def _opt(value: int | None) -> str:
    return "?" if value is None else str(value)
