"""`harness key [--out FILE]`: this lab host's bundle-signing key, for auditors.

Prints the public key (PEM) and its fingerprint, creating the key on first use. Give the
PEM to whoever receives your bundles: `harness verify --key FILE` then accepts only bundles
this host signed. The private key stays in the harness's config folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.paths import config_root


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "key", help="print this host's bundle-signing public key and its fingerprint"
    )
    parser.add_argument("--out", type=Path, help="also write the public key (PEM) to FILE")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from harness.evidence.signing import LabKey  # cryptography: not for `harness --help`

    key = LabKey.load_or_create(config_root())
    pem = key.public_pem()
    if args.out is not None:
        args.out.write_bytes(pem)
    print(pem.decode("ascii"), end="")
    print(f"fingerprint: {key.fingerprint}")
    print(f"private key: {key.path}")
    return 0
