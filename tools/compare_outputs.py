#!/usr/bin/env python3
"""Outputs of the harness on kept bundles, written to a folder and compared with a reference.

    python tools/compare_outputs.py produce OUT BUNDLE...   # write OUT/<bundle>/...
    python tools/compare_outputs.py compare REF BUNDLE...   # produce into a temp folder, diff

A refactoring that must not change any verdict or report is checked by producing the outputs
once on the old code (run this script with the old tree first on PYTHONPATH: the harness is
run as `python -m harness`, which follows it) and comparing after the change. For each bundle:

- `harness score BUNDLE --out DIR`: findings.json, scoring.json (its `scored_at` dropped: the
  only field that changes between two runs) and what the command printed (its last line, the
  output folder, dropped);
- `harness report BUNDLE --out DIR`: report.json, report.html and junit.xml, with the time
  they were generated blanked (it is the clock's, not the bundle's);
- the bundle's own findings.json and scoring.json are copied too, so a later `compare` also
  shows that the bundles were not changed.

`compare` exits 0 when every file is byte-identical to the reference, else prints a unified
diff of the first lines that differ per file and exits 1. Bundles are named by their folder's
name, so the same bundles must be given in the same order both times.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# What changes from one run of the same code to the next, blanked in both outputs alike.
_VOLATILE = (
    (re.compile(rb'^  "scored_at": "[^"]*",?\n', re.M), b""),
    (re.compile(rb'"at": "\d{4}-\d\d-\d\dT[^"]*"'), b'"at": "<generated>"'),
    (
        re.compile(rb"(Generated|generated)( at| on)? \d{4}-\d\d-\d\d[ T][0-9:]+(\.\d+)?( UTC|Z)?"),
        b"<generated>",
    ),
    (re.compile(rb'timestamp="[^"]*"'), b'timestamp="<generated>"'),
)


def _normalise(data: bytes) -> bytes:
    for pattern, replacement in _VOLATILE:
        data = pattern.sub(replacement, data)
    return data


def _harness(*args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "harness", *args], capture_output=True, check=False, env=os.environ
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"harness {' '.join(args)}: exit {done.returncode}")
    return done.stdout


def produce(out: Path, bundles: list[Path]) -> None:
    for bundle in bundles:
        target = out / bundle.name
        target.mkdir(parents=True, exist_ok=False)
        with tempfile.TemporaryDirectory() as scratch:
            scores = Path(scratch) / "scores"
            printed = _harness("score", str(bundle), "--out", str(scores))
            # The last line is the output folder (a temporary one).
            (target / "score.stdout").write_bytes(b"".join(printed.splitlines(True)[:-1]))
            for name in ("findings.json", "scoring.json"):
                (target / f"score.{name}").write_bytes(_normalise((scores / name).read_bytes()))
            reports = Path(scratch) / "reports"
            _harness("report", str(bundle), "--out", str(reports))
            for name in ("report.json", "report.html", "junit.xml"):
                (target / name).write_bytes(_normalise((reports / name).read_bytes()))
        for name in ("findings.json", "scoring.json", "events.jsonl"):
            shutil.copyfile(bundle / name, target / f"bundle.{name}")


def compare(reference: Path, bundles: list[Path]) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        now = Path(scratch)
        produce(now, bundles)
        differing = 0
        for old in sorted(p for p in reference.rglob("*") if p.is_file()):
            rel = old.relative_to(reference)
            new = now / rel
            if new.is_file() and new.read_bytes() == old.read_bytes():
                continue
            differing += 1
            print(f"differs: {rel}")
            if new.is_file():
                diff = difflib.unified_diff(
                    old.read_text("utf-8", "replace").splitlines(),
                    new.read_text("utf-8", "replace").splitlines(),
                    "before",
                    "after",
                    lineterm="",
                )
                for line in list(diff)[:40]:
                    print(f"  {line}")
        extra = {p.relative_to(now) for p in now.rglob("*") if p.is_file()} - {
            p.relative_to(reference) for p in reference.rglob("*") if p.is_file()
        }
        for rel in sorted(extra):
            differing += 1
            print(f"new file: {rel}")
    compared = sum(1 for p in reference.rglob("*") if p.is_file())
    print(f"{compared} files compared, {differing} differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mode", choices=("produce", "compare"))
    parser.add_argument("folder", type=Path, help="output folder (produce) or reference (compare)")
    parser.add_argument("bundles", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.mode == "produce":
        produce(args.folder, args.bundles)
        return 0
    return compare(args.folder, args.bundles)


if __name__ == "__main__":
    raise SystemExit(main())
