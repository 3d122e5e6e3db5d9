"""The explorer on the real shop lab app (a JVM, no Frida): the same seed takes the same path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.hostlab import find_lab_app
from harness.model import MarkerKind
from harness.scenario.context import RunnerSettings
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from harness.testkit.lab import LocalLabApp
from tests.scenario.fakes import Evidence

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.heavy,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

SCENARIO = """\
name: explore-probe
steps:
  - launch
  - permission: deny
  - consent: accept
  - explore: {{duration: 300, seed: {seed}, max_depth: 3, max_actions: 30}}
  - stop
"""


Run = tuple[list[str], ScenarioRunner, Evidence]


def explore(workdir: Path, seed: int) -> Run:
    workdir.mkdir()
    path = workdir / "explore.yaml"
    path.write_text(SCENARIO.format(seed=seed), encoding="utf-8")
    app = LocalLabApp(find_lab_app("shop"), workdir)
    evidence = Evidence()
    runner = ScenarioRunner(app, evidence, RunnerSettings(explore_pause_s=0.0))
    try:
        runner.run(load_scenario(path))
    finally:
        app.close()
    actions = [m.detail for m in runner.markers if " explore #" in m.detail]
    return actions, runner, evidence


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    root = tmp_path_factory.mktemp("explore")
    return {name: explore(root / name, seed) for name, seed in (("a", 3), ("b", 3), ("c", 4))}


def test_same_seed_same_actions_on_the_shop(runs: dict[str, Run]) -> None:
    first, runner, evidence = runs["a"]
    second, _, _ = runs["b"]
    assert len(first) == 30
    assert first == second
    # It went places: several screens and back again.
    kinds = {d.split(": ", 2)[-1].split(" ")[0] for d in first}
    assert {"tap", "back"} <= kinds
    # Every action names the screen it acted on: a dump and a screenshot.
    for marker in runner.markers:
        if " explore #" in marker.detail:
            assert len(marker.evidence) == 2
            assert evidence.files[marker.evidence[1]].startswith(b"\x89PNG")
    # It stayed in the app, and the startup permission dialog was answered by the step.
    assert MarkerKind.APP_EXITED not in {m.kind for m in runner.markers}
    assert [p.answer.value for p in runner.prompts][:1] == ["deny"]


def test_another_seed_takes_another_path(runs: dict[str, Run]) -> None:
    assert runs["a"][0] != runs["c"][0]
