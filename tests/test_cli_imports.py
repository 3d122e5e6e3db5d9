"""The light faces stay light: what `harness --help`, `verify`, `results`, `diff` and
`inspect` import, checked in a fresh interpreter (this one has imported everything already).

Each case imports what a command needs before it does its work (the parser of every
command, then the modules its handler imports) and names the heavy libraries it must not
have loaded by then: the session machinery (Frida, mitmproxy, uiautomator2, adbutils), the
distributed one (Celery, Redis), the report's (Jinja2) and the policy reader's (jieba).
benchmarks/cli_startup.py measures the time this buys; this test keeps it from regressing.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SESSION = ("frida", "mitmproxy", "uiautomator2", "adbutils", "celery", "kombu", "redis")
REPORT = ("jinja2", "jieba", "apkInspector")

PARSER = "from harness.cli import build_parser; build_parser()"
CASES = {
    # Every command's parser: what `harness --help` and argparse's own errors cost.
    "help": (PARSER, (*SESSION, *REPORT, "sqlalchemy", "pydantic", "ruamel", "cryptography")),
    "verify": (
        PARSER + "; import harness.evidence.verify, harness.evidence.signing,"
        " harness.evidence.export",
        (*SESSION, *REPORT, "sqlalchemy", "pydantic"),
    ),
    "results and diff": (
        PARSER + "; import harness.results.query, harness.results.store",
        (*SESSION, *REPORT),
    ),
    "results index": ("import harness.results.store", (*SESSION, *REPORT)),
    "inspect": (
        PARSER + "; import harness.apk.inspect, harness.apk.permissions, harness.profile,"
        " harness.sdk, harness.necessity",
        (*SESSION, "jinja2", "jieba", "sqlalchemy"),
    ),
    "ui inspect": (
        PARSER + "; import harness.ui.inspect, harness.ui.hierarchy",
        (*SESSION, *REPORT, "sqlalchemy"),
    ),
}
PROBE = (
    "import json, sys\n{imports}\n"
    "print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
)


def _loaded_roots(imports: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_light_face_does_not_import_heavy_libraries(case: str) -> None:
    imports, forbidden = CASES[case]
    loaded = _loaded_roots(imports)
    assert "harness" in loaded  # the probe ran what it says
    assert sorted(loaded & set(forbidden)) == []


def test_the_probe_sees_a_heavy_import() -> None:
    # The check can fail: importing the proxy brings mitmproxy in.
    assert "mitmproxy" in _loaded_roots("import harness.traffic.proxy")
