"""`harness score BUNDLE [--rules FILE] [--profile FILE] [--out DIR]`: re-score offline.

Reads a sealed bundle (it must verify: evidence that changed is not judged), rebuilds its
timeline, and runs a rule pack over it with the profile, manifest and identifiers the bundle
recorded (or the profile given). The bundle is never written: the new `findings.json` and
`scoring.json` go to `<bundle>.scores/<UTC time>-<pack version>/` beside it (or --out), the
scoring record naming the pack, the bundle and its manifest's sha256. Prints how the new
findings differ from the bundle's own, and the output folder last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.atomicfile import staged
from harness.commands.bundle_arg import opened_bundle
from harness.errors import InputError
from harness.model import Finding, FindingKey
from harness.paths import DEFAULT_RULE_PACK

if TYPE_CHECKING:
    from harness.rules.pack import RulePack

# The rules, the bundle reader and the verifier are imported where used: `harness --help`
# imports every command module and must answer at once.


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "score",
        help="re-score an evidence bundle offline with a rule pack (the bundle is not changed)",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument("bundle", type=Path, help="a sealed bundle folder, or its export (.zip)")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULE_PACK, help="rule pack YAML")
    parser.add_argument(
        "--frequency-profile",
        metavar="NAME",
        help="judge excessive-frequency by this profile of the rule pack (e.g. store-review: "
        "at most one read a second, an identifier at most 3 times a session)",
    )
    parser.add_argument(
        "--profile", type=Path, help="app profile YAML (default: the one the bundle recorded)"
    )
    parser.add_argument(
        "--out", type=Path, help="output folder (default: <bundle>.scores/<time>-<version>/)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from harness.rules.pack import load_rule_pack

    pack = load_rule_pack(args.rules, args.frequency_profile)
    given: Path = args.bundle
    # Scores of an export go beside the zip (its unpacked folder is gone afterwards).
    out = args.out or _default_out(given, pack.version)
    with opened_bundle(given) as bundle:
        return _score(args, pack, bundle, given, out)


def _score(args: argparse.Namespace, pack: RulePack, bundle: Path, given: Path, out: Path) -> int:
    from harness.evidence.judged import read_judged_bundle
    from harness.evidence.verify import verify_bundle
    from harness.profile import load_profile
    from harness.rules.scoring import ScoringInputs, score_timeline
    from harness.sdk import SdkDatabase
    from harness.traffic.analysis import analyse_timeline, device_identifiers

    integrity = verify_bundle(bundle)
    if not integrity.intact:
        bad = integrity.differing
        why = (
            f"{len(bad)} files differ, e.g. {bad[0]}"
            if bad
            else f"its manifest's signature is {integrity.signature.status.value}"
        )
        raise InputError(
            given, f"a bundle that matches its signed manifest ({why}; see `harness verify`)"
        )
    if integrity.not_renamed:
        raise InputError(
            given, "a finished bundle: this one was never renamed (see `harness verify --finish`)"
        )
    contents = read_judged_bundle(bundle)
    inputs = contents.inputs
    if args.profile is not None:
        profile = load_profile(args.profile)
        if profile.package != inputs.profile.package:
            raise InputError(
                args.profile,
                f"a profile for {inputs.profile.package} (this one is for {profile.package})",
            )
        inputs = ScoringInputs(
            profile, str(args.profile), inputs.known, inputs.manifest_permissions
        )
    # A bundle recorded before placeholders were known may list one: never an identifier.
    inputs = replace(inputs, known=device_identifiers(inputs.known))
    sdk_db = SdkDatabase.load()
    # Analysed with the profile it is judged by: that decides which receivers are first party.
    timeline = analyse_timeline(contents.timeline, inputs.known, inputs.profile, sdk_db)
    outcome = score_timeline(timeline, inputs, pack, pack_path=args.rules, sdk_db=sdk_db)
    record = outcome.record | {
        "bundle": {
            "path": str(given.resolve()),
            "run_id": contents.manifest.get("run_id"),
            "manifest_sha256": integrity.manifest_sha256,
            "signing_key": integrity.signature.fingerprint,
            "scored_by_rule_pack": contents.manifest.get("rule_pack_version"),
        },
        "scored_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    _write(out, [f.to_json() for f in outcome.scored.findings], record)
    _print_summary(bundle, outcome.scored.findings, record)
    print(out)
    return 0


def _default_out(bundle: Path, version: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version)
    return bundle.resolve().parent / f"{bundle.resolve().name}.scores" / f"{stamp}-{safe}"


def _write(out: Path, findings: list[dict[str, Any]], record: dict[str, Any]) -> None:
    """Written aside and renamed, so a half-written result never looks finished."""
    from harness.rules.scoring import SCORING_FILE

    if out.exists():
        raise InputError(out, "a folder that does not exist yet (scores are never overwritten)")
    with staged(out) as staging:
        staging.mkdir(parents=True)
        for name, value in (("findings.json", findings), (SCORING_FILE, record)):
            text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
            (staging / name).write_text(text, encoding="utf-8")


def _keys(rows: list[dict[str, Any]]) -> Counter[FindingKey]:
    return Counter(FindingKey.of_row(r) for r in rows)


def _print_summary(bundle: Path, findings: tuple[Finding, ...], record: dict[str, Any]) -> None:
    print(f"rule pack {record['rule_pack']['version']}: {len(findings)} findings")
    for rule, count in record["findings"]["by_rule"].items():
        print(f"  {rule}: {count}")
    for skipped in record["rules_skipped"]:
        print(f"  skipped {skipped['rule']}: {skipped['reason']}")
    original_path = bundle / "findings.json"
    if original_path.is_file():
        original = _keys(json.loads(original_path.read_text(encoding="utf-8")))
        new = _keys([f.to_json() for f in findings])
        for key in sorted(new - original):
            print(f"  + {' / '.join(k for k in key if k)}")
        for key in sorted(original - new):
            print(f"  - {' / '.join(k for k in key if k)}")
