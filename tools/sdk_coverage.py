#!/usr/bin/env python3
"""Write docs/sdk-coverage.md: the SDK database's size, sources and reference coverage.

Usage: python tools/sdk_coverage.py [--check]
  --check  exit 1 if the committed document is not what the data files make (for CI/tests).
Exits 1 too when a reference entry is lost (neither live, merged nor excluded).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.sdk import SdkDatabase
from harness.sdk.coverage import Status, reference_coverage, render_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "sdk-coverage.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    db = SdkDatabase.load()
    rows = reference_coverage(db)
    lost = [r.id for r in rows if r.status is Status.LOST]
    if lost:
        print("reference entries lost (merge or exclude them): " + ", ".join(lost), file=sys.stderr)
        return 1
    text = render_markdown(db, rows)
    if args.check:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is out of date; run: python tools/sdk_coverage.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC} ({len(db)} SDKs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
