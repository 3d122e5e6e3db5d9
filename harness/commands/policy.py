"""`harness policy FILE|URL|BUNDLE [--package PKG] [--write-profile OUT.yaml] [--json]`.

Reads a privacy policy (a file: text, Markdown or HTML; a URL; or a bundle whose session
captured one under policy/) and prints what was read: each declared data category with the
words that named it, the purposes stated near it and the sentence it came from; then the SDK
list, each row with the SDK database entries it matched. `--write-profile` writes a profile
YAML (harness/profile.py) for a person to review: the declared categories and the policy as
read, to complete with the app type and own domains. A URL is fetched through `--proxy`
when given (a lab's mitmproxy), else directly: this command is a person's, not a session's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from harness.errors import InputError

if TYPE_CHECKING:
    from harness.profile import AppProfile, DeclaredPolicy

# The policy reader (jieba, the lexicon) is imported by `run`: `harness --help` imports every
# command module and must answer at once.


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "policy",
        help="read a privacy policy: declared categories, purposes, SDK list; write a profile",
        description=__doc__.split("\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument("source", help="a policy file, an http(s) URL, or a bundle folder")
    parser.add_argument("--package", help="the app's package, for the written profile")
    parser.add_argument("--write-profile", type=Path, metavar="OUT", help="write a profile YAML")
    parser.add_argument("--proxy", help="fetch a URL through this proxy (http://host:port)")
    parser.add_argument("--json", action="store_true", help="print the policy read as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from harness.policy import PolicyReader, profile_from_policy
    from harness.policy.source import load_policy_text
    from harness.profile import AppProfile

    stream = out if out is not None else sys.stdout
    loaded = load_policy_text(args.source, args.proxy)
    policy = PolicyReader().read_text(loaded.text, loaded.kind, loaded.location)
    if not policy.declarations and not policy.sdks:
        raise InputError(args.source, "no data category or SDK found: is this a privacy policy?")
    if args.json:
        json.dump(policy.model_dump(mode="json"), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        print_policy(policy, stream)
    if args.write_profile is not None:
        package = args.package or _bundle_package(Path(args.source)) or "unknown.package"
        profile = profile_from_policy(AppProfile(package=package), policy)
        write_profile(profile, args.write_profile)
        print(
            f"profile written: {args.write_profile} (review it; add app_type and own_domains)",
            file=stream,
        )
    return 0


def print_policy(policy: DeclaredPolicy, stream: TextIO) -> None:
    source = policy.source
    if source is not None:
        print(f"source: {source.kind} {source.location} sha256 {source.sha256[:16]}", file=stream)
    print(f"language: {policy.language}", file=stream)
    print(f"declared categories ({len(policy.categories())}):", file=stream)
    for category in sorted(policy.categories(), key=lambda c: c.value):
        for d in policy.declarations_of(category):
            terms = ", ".join(d.terms) or "SDK list"
            purpose = "; ".join(d.purposes) or "(no purpose stated)"
            print(f"  {category.value:<15} [{terms}] {purpose}", file=stream)
            print(f"  {'':<15} {d.where}: {d.sentence}", file=stream)
    print(f"SDK list ({len(policy.sdks)}):", file=stream)
    for row in policy.sdks:
        matched = ", ".join(row.sdk_ids) or "not in the SDK database"
        print(f"  {row.name} ({row.company or 'company not given'}): {matched}", file=stream)
        if row.purpose or row.data:
            print(f"    purpose: {row.purpose or '-'}; data: {row.data or '-'}", file=stream)


def write_profile(profile: AppProfile, path: Path) -> None:
    from ruamel.yaml import YAML

    record = profile.to_json()
    if record.get("app_type") is None:
        record.pop("app_type")
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    try:
        with path.open("w", encoding="utf-8") as handle:
            handle.write("# Written by `harness policy` from the policy read: review before use.\n")
            yaml.dump(record, handle)
    except OSError as exc:
        raise InputError(path, f"cannot write the profile: {exc}") from None


def _bundle_package(source: Path) -> str | None:
    manifest = source / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        app = json.loads(manifest.read_text(encoding="utf-8")).get("app") or {}
    except ValueError:
        return None
    package = app.get("package") if isinstance(app, dict) else None
    return str(package) if package else None
