"""The reports of a bundle: report.html for people, report.json and junit.xml for machines.

During a run, `write_reports` builds them from the staged files just before the manifest
seals the bundle, so the manifest covers them. Later, `regenerate` builds them again from
any bundle folder into a separate folder: a sealed bundle is never written to, so it still
verifies afterwards. Both read only what the bundle holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from harness.atomicfile import write_atomically
from harness.errors import InputError
from harness.evidence.bundle import BundleWriter
from harness.evidence.contents import REPORT_FILES, read_bundle
from harness.evidence.manifest import BUNDLE_FORMAT
from harness.evidence.report.assemble import Report, assemble
from harness.evidence.report.checks import Integrity, check_integrity, sealing_integrity
from harness.evidence.report.html import render_html
from harness.evidence.report.jsonreport import render_json
from harness.evidence.report.junit import render_junit
from harness.evidence.report.messages import DEFAULT_LANGUAGE
from harness.evidence.report.names import load_category_names
from harness.rules.checklist import Checklist, load_checklist
from harness.rules.pack import load_rule_pack
from harness.sdk import SdkDatabase

__all__ = ["REPORT_FILES", "build_report", "regenerate", "render_reports", "write_reports"]


def build_report(
    bundle: Path,
    integrity: Integrity,
    *,
    mode: str,
    manifest: Mapping[str, Any] | None = None,
    now: float | None = None,
) -> Report:
    contents = read_bundle(bundle, manifest)
    pack = load_rule_pack()  # read once: its frame lists and its rule ids
    return assemble(
        contents,
        integrity,
        mode=mode,
        names=load_category_names(),
        sdks=SdkDatabase.load(),
        # Stack frames are classified by the lists the rules walk stacks with.
        frame_prefixes=pack.attribution,
        now=now,
        checklist=run_checklist(contents.manifest, pack.rules),
    )


def run_checklist(manifest: Mapping[str, Any], pack_rules: Iterable[str]) -> Checklist:
    """The checklist, its rule ids checked against the pack in use: the harness's pack's
    rules (`pack_rules`) and whatever rules the run's manifest says its pack ran or skipped."""
    rules = set(pack_rules)
    for key in ("rules", "rules_skipped"):
        listed = manifest.get(key)
        if isinstance(listed, list):
            rules |= {str(r["rule"] if isinstance(r, dict) else r) for r in listed}
    return load_checklist(rules=rules)


def render_reports(
    report: Report, *, lang: str = DEFAULT_LANGUAGE, zone: dt.tzinfo | None = None
) -> dict[str, bytes]:
    """report.html in `lang` with times in `zone` (default: this machine's); the JSON and
    JUnit reports are for machines: English keys, UTC times."""
    return {
        "report.html": render_html(report, lang=lang, zone=zone),
        "report.json": render_json(report),
        "junit.xml": render_junit(report),
    }


def write_reports(writer: BundleWriter, info: Mapping[str, Any]) -> None:
    """Inside a run: report on the staged files, as the manifest about to seal them."""
    preview = {"format": BUNDLE_FORMAT, "run_id": writer.run_id, "app": writer.app, **info}
    report = build_report(writer.staging, sealing_integrity(), mode="in-run", manifest=preview)
    for name, content in render_reports(report).items():
        writer.add_file(name, content)


def regenerate(
    bundle: Path,
    out_dir: Path,
    *,
    lang: str = DEFAULT_LANGUAGE,
    zone: dt.tzinfo | None = None,
) -> tuple[Report, dict[str, Path]]:
    """Check the bundle's hashes, then write its reports afresh into `out_dir`."""
    if not bundle.is_dir():
        raise InputError(bundle, "not a folder: expected an evidence bundle folder")
    if out_dir.resolve().is_relative_to(bundle.resolve()):
        raise InputError(out_dir, "inside the bundle: reports go beside it, never into it")
    report = build_report(bundle, check_integrity(bundle), mode="regenerated")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, content in render_reports(report, lang=lang, zone=zone).items():
        target = out_dir / name
        write_atomically(target, content)
        written[name] = target
    return report, written
