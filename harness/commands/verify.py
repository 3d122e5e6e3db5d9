"""`harness verify BUNDLE|EXPORT.zip [--key PUB] [--finish]`: is this what the harness sealed?

Checks the manifest's signature (the lab key; `--key` pins the one expected), then every
file's sha256 against the manifest. Exit 0 when both hold, 1 when anything differs (each
file named, or the manifest itself when it is what was edited), 2 when the input is not a
bundle or export at all. Prints the manifest's sha256 and the signing key's fingerprint:
what an auditor records elsewhere (docs/integrity.md). `--finish` renames a `.partial`
folder that holds a whole, intact, signed bundle (a run killed while sealing) to its
finished name.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.errors import InputError

if TYPE_CHECKING:
    from harness.evidence.verify import VerifyResult


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "verify", help="check an evidence bundle's signature and every file against its manifest"
    )
    parser.add_argument("bundle", type=Path, help="the bundle folder, or its export (.zip)")
    parser.add_argument(
        "--key", type=Path, help="the lab's public key (PEM, from `harness key`): require it"
    )
    parser.add_argument(
        "--finish",
        action="store_true",
        help="rename a complete, intact `.partial` bundle to its finished name",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from harness.evidence.signing import load_public_key
    from harness.evidence.verify import finished_name, verify_bundle

    pinned = load_public_key(args.key) if args.key is not None else None
    # An export (`harness export`) is checked member by member, without unpacking it.
    is_zip = args.bundle.suffix == ".zip" and args.bundle.is_file()
    if is_zip:
        from harness.evidence.export import verify_zip

        result = verify_zip(args.bundle, pinned)
    else:
        result = verify_bundle(args.bundle, pinned)
    status = print_result(result, args.bundle)
    if result.not_renamed:
        target = finished_name(args.bundle)
        if not args.finish or not result.intact:
            print(
                f"NOT RENAMED  {args.bundle} is complete but was never renamed (the run was "
                f"stopped while sealing); `harness verify --finish` renames it to {target.name}"
            )
            return 1
        if target.exists():
            raise InputError(target, "already exists: the .partial folder is left as it is")
        args.bundle.rename(target)
        print(f"RENAMED  {args.bundle.name} -> {target}")
    elif args.finish:
        raise InputError(args.bundle, "--finish renames a `.<run-id>.partial` folder only")
    return status


def print_result(result: VerifyResult, bundle: Path) -> int:
    """Name every file that differs, and the manifest if its signature fails; 0 when all
    holds, else 1."""
    from harness.evidence.signing import SignatureStatus

    for label, names in (
        ("CHANGED", result.changed),
        ("MISSING", result.missing),
        ("UNEXPECTED", result.unexpected),
        ("LINK", result.foreign),
    ):
        for name in names:
            print(f"{label}  {name}")
    signature = result.signature
    if not signature.ok:
        label = "UNSIGNED" if signature.status is SignatureStatus.MISSING else "MANIFEST"
        print(f"{label}  manifest.json: {signature.detail}")
    if result.intact:
        print(f"OK  {result.checked} files match the signed manifest of {bundle}")
    print(f"manifest sha256: {result.manifest_sha256}")
    if signature.fingerprint:
        print(f"signing key: {signature.fingerprint} ({signature.status.value})")
    if result.intact:
        return 0
    if result.files_match:
        print("FAILED  the manifest cannot be trusted, so neither can the files it vouches for")
    else:
        print(f"FAILED  {len(result.differing)} of the bundle's files differ from its manifest")
    return 1
