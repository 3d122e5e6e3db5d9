"""`harness serve`'s pages over a large index: how long each page takes to build.

    .venv/bin/python benchmarks/serve_pages.py [--nights N] [--apps A] [--findings F]

Fills a fresh SQLite index (migrated as `harness` migrates it) with N nightly suite runs
of A apps, one final session each with F findings over 12 rules (rows inserted directly:
the pages read the index, not the bundles), then opens it read-only as `harness serve`
does and requests every page through the Flask app (the WSGI stack, no socket), best of
--rounds rounds. Reported per page: milliseconds and response size. The machine's two
CPUs are shared, so rounds alternate and the best counts. Last line: JSON of the numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from harness.results.location import index_url
from harness.results.schema import findings, sessions, suite_runs
from harness.results.store import open_index, open_index_readonly
from harness.serve.app import create_app

T0 = 1_790_000_000.0
RULES = [f"rule-{i:02d}" for i in range(12)]


def _session(run: str, app: int, night: int, started: float, per_session: int) -> dict[str, Any]:
    sid = f"{run}/app{app:03d}/first-launch-accept#1"
    return {
        "id": sid, "suite_run": run, "job": sid[:-2], "app": f"app{app:03d}",
        "package": f"p.a{app}", "scenario": "first-launch-accept", "device": "lab-1",
        "host": "h", "attempt": 1, "final": 1, "outcome": "ok", "error": "", "bundle": "",
        "run_id": f"r{night}-{app}", "rule_pack": "t", "started": started + app,
        "ended": started + app + 30, "findings": per_session,
        "version": f"1.{night // 7}", "version_code": str(night // 7),
    }  # fmt: skip


def _finding(sid: str, app: int, i: int, started: float) -> dict[str, Any]:
    return {
        "session": sid, "idx": i, "rule": RULES[(app + i) % len(RULES)],
        "category": "device_id", "phase": "pre_consent", "severity": "high",
        "collector": "Umeng", "title": "t", "regulation": "r",
        "first_ts": started + app + i, "count": 1,
    }  # fmt: skip


def fill(path: Path, nights: int, apps: int, per_session: int) -> None:
    with open_index(index_url(str(path))) as index, index.engine.begin() as conn:
        for n in range(nights):
            run = f"S{n:05d}"
            started = T0 + n * 86_400
            conn.execute(
                insert(suite_runs).values(
                    id=run, suite="nightly", host="h", started=started,
                    ended=started + 3600, jobs=apps, status="done", kind="suite",
                )
            )  # fmt: skip
            rows = [_session(run, a, n, started, per_session) for a in range(apps)]
            found = [
                _finding(row["id"], a, i, started)
                for a, row in enumerate(rows)
                for i in range(per_session)
            ]
            conn.execute(insert(sessions), rows)
            conn.execute(insert(findings), found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--nights", type=int, default=60)
    parser.add_argument("--apps", type=int, default=40)
    parser.add_argument("--findings", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sqlite"
        fill(path, args.nights, args.apps, args.findings)
        pages = {
            "nights": "/",
            "apps": "/apps",
            "app": "/app?name=app007",
            "run": f"/run?id=S{args.nights - 1:05d}",
            "diff": f"/diff?run=S{args.nights - 1:05d}&base=S{args.nights - 2:05d}",
            "rules": "/rules",
        }
        best: dict[str, float] = {}
        size: dict[str, int] = {}
        with open_index_readonly(index_url(str(path))) as index:
            client = create_app(index, Path(tmp)).test_client()
            for _ in range(args.rounds):
                for name, url in pages.items():
                    start = time.perf_counter()
                    response = client.get(url)
                    took = (time.perf_counter() - start) * 1000
                    assert response.status_code == 200, (name, response.status_code)
                    best[name] = min(best.get(name, took), took)
                    size[name] = len(response.data)
    total = args.nights * args.apps
    print(f"{args.nights} nights x {args.apps} apps = {total} sessions, "
          f"{total * args.findings} findings")  # fmt: skip
    for name in pages:
        print(f"  {name:<7} {best[name]:8.1f} ms  {size[name] / 1024:8.1f} KiB")
    print(json.dumps({"sessions": total, "findings": total * args.findings,
                      "ms": {k: round(v, 1) for k, v in best.items()}}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
