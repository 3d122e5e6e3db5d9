"""Hostile YAML through every loader: control characters, nesting 2,000 deep, alias bombs,
non-UTF-8 bytes and oversized files each end in a located InputError (exit 2), in a
process whose memory is capped well below what the unguarded loaders reached (over 1 GB for
the bomb), so a loader that expanded the input would fail here with MemoryError."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.testkit.cli import HARNESS
from harness.yamlfile import MAX_BYTES, load_yaml
from tests.conftest import REPO_ROOT

LOADERS = {
    "devices": "harness.config.devices:load_devices",
    "scenario": "harness.scenario.steps:load_scenario",
    "profile": "harness.profile:load_profile",
    "rule pack": "harness.rules.pack:load_rule_pack",
    "hook catalog": "harness.agent.catalog:load_catalog",
    "suite": "harness.suite.spec:load_suite",
}
_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
HOSTILE = {
    # (file text, line named, words of the message)
    "control character": ("version: 1\nname: x\x07y\n", 2, "U+0007 is not allowed"),
    "flow nesting": ("x: " + "[" * 2000 + "]" * 2000 + "\n", 1, "nested more than 64"),
    "block nesting": ("".join("  " * i + "-\n" for i in range(2000)), 65, "nested more than 64"),
    "alias bomb": (_LAUGHS, 6, "aliases expand to more than 200,000"),
}
# Runs one loader on one file with its data (heap) capped at 768 MiB, and prints the
# InputError's message or the other exception's name.
_PROBE = """
import importlib, json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_DATA, (768 << 20, 768 << 20))
from harness.errors import InputError
module, name = sys.argv[1].split(":")
load = getattr(importlib.import_module(module), name)
try:
    load(Path(sys.argv[2]))
    print(json.dumps({"loaded": True}))
except InputError as exc:
    print(json.dumps({"error": exc.describe(), "line": exc.line}))
except BaseException as exc:
    print(json.dumps({"other": type(exc).__name__}))
"""


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_every_loader_refuses_hostile_yaml_with_its_line(case: str, tmp_path: Path) -> None:
    text, line, words = HOSTILE[case]
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    for loader, target in LOADERS.items():
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, target, str(path)],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, (loader, done.stderr[-2000:])
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
        assert outcome.get("line") == line, (loader, outcome)
        assert words in outcome["error"] and str(path) in outcome["error"], (loader, outcome)


def test_the_cli_exits_2_on_a_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "devices.yaml"
    bomb.write_text(HOSTILE["alias bomb"][0], encoding="utf-8")
    done = subprocess.run(
        [*HARNESS, "devices", "--devices", str(bomb)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"{bomb}:6: its aliases expand to more than 200,000" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("data", "words", "line"),
    [
        (b"a: 1\nb: \xff\n", "not UTF-8 text", 2),
        (b"a: *missing\n", "undefined alias", 1),
        (b"a: [1, 2\n", "not valid YAML", 2),
        (b"#" * (MAX_BYTES + 1), "larger than 4 MiB", None),
    ],
)
def test_unreadable_yaml_is_located(
    tmp_path: Path, data: bytes, words: str, line: int | None
) -> None:
    from harness.errors import InputError

    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert words in caught.value.describe() and caught.value.line == line


def test_anchors_and_merge_keys_within_the_budget_still_load(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("base: &b {kind: read, scope: sdk}\nentry: {<<: *b, id: one}\n")
    assert dict(load_yaml(path)["entry"]) == {"kind": "read", "scope": "sdk", "id": "one"}
    assert load_yaml(REPO_ROOT / "hooks" / "catalog.yaml")["entries"]  # uses merge keys
