"""What screen evidence costs: dumps, screenshots and explorer actions on the shop lab app.

    .venv/bin/python benchmarks/ui_evidence.py

Runs the shop lab app as a plain JVM (no Frida, no proxy), past its permission and privacy
dialogs, and times over its UI socket, best of N (the two CPUs are shared):
- `dump`: a hierarchy dump, the baseline every ratio is against (measured in the same run);
- `screenshot (new screen)`: a PNG of a screen not shot before (the list scrolled each time);
- `screenshot (same screen)`: a PNG of an unchanged screen (the lab keeps the last one);
- `explore action`: one explorer round with evidence (look, keep dump + screenshot, act), as
  the explore step runs it with no pause, over 40 actions; and the same without screenshots.
Prints a table and, last, a JSON line with the numbers and the machine.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.hostlab import HostLabUi, find_lab_app
from harness.scenario.context import RunnerSettings
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from harness.testkit.lab import LocalLabApp
from harness.ui.consent import detect_consent
from harness.ui.hierarchy import parse_hierarchy
from harness.ui.permissions import ButtonKind, detect_permission_dialog

REPEATS = 30
ACTIONS = 40


def best(samples: list[float]) -> float:
    return min(samples)


def timed(call: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        out.append(time.perf_counter() - t0)
    return out


class NoShots:
    """An evidence sink that only counts files: the benchmark times the UI, not the disk."""

    def __init__(self) -> None:
        self.files = 0

    def add_file(self, name: str, content: bytes) -> str:
        self.files += 1
        return name


class WithoutScreenshots(LocalLabApp):
    def ui(self) -> HostLabUi:
        ui = super().ui()
        ui.screenshot_png = lambda: None  # type: ignore[method-assign]
        return ui


def explore_rate(workdir: Path, app_class: type[LocalLabApp]) -> float:
    workdir.mkdir()
    scenario = workdir / "s.yaml"
    scenario.write_text(
        "name: bench\nsteps:\n  - launch\n  - permission: deny\n  - consent: accept\n"
        f"  - explore: {{duration: 600, seed: 1, max_actions: {ACTIONS}}}\n  - stop\n",
        encoding="utf-8",
    )
    app = app_class(find_lab_app("shop"), workdir)
    runner = ScenarioRunner(app, NoShots(), RunnerSettings(explore_pause_s=0.0))
    try:
        runner.run(load_scenario(scenario))
    finally:
        app.close()
    marks = [m for m in runner.markers if " explore" in m.detail]
    start, end = marks[0].ts, marks[-1].ts
    return (end - start) / ACTIONS


def main() -> None:
    load_before = os.getloadavg()
    root = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    lab = LocalLabApp(find_lab_app("shop"), root)
    lab.launch()
    ui = lab.ui()
    try:
        dialog = detect_permission_dialog(parse_hierarchy(ui.dump_hierarchy()))
        deny = dialog.button(ButtonKind.DENY) if dialog else None
        assert deny is not None, "the shop starts with a permission dialog"
        ui.click(*deny.center)
        consent = detect_consent(parse_hierarchy(ui.dump_hierarchy()))
        assert consent is not None and consent.accept is not None
        ui.click(*consent.accept.center)
        timed(ui.dump_hierarchy, 5)  # warm up the JVM's JIT
        timed(ui.screenshot_png, 5)
        dump = timed(ui.dump_hierarchy)

        def new_screen() -> None:
            ui.drag(540, 1900, 540, 1880)  # 20 px: a different picture each time
            ui.screenshot_png()

        scroll_only = timed(lambda: ui.drag(540, 1900, 540, 1880))
        shot_new = [a - statistics.median(scroll_only) for a in timed(new_screen)]
        shot_same = timed(ui.screenshot_png)
    finally:
        lab.close()
    with_shots = explore_rate(root / "with", LocalLabApp)
    without_shots = explore_rate(root / "without", WithoutScreenshots)
    base = best(dump)
    rows = [
        ("dump (baseline)", base),
        ("screenshot, new screen", best(shot_new)),
        ("screenshot, same screen", best(shot_same)),
        ("explore action, with screenshots", with_shots),
        ("explore action, dumps only", without_shots),
    ]
    print(f"{'operation':36} {'ms':>8} {'x dump':>8}")
    for name, seconds in rows:
        print(f"{name:36} {seconds * 1000:8.1f} {seconds / base:8.1f}")
    machine = {
        "python": platform.python_version(),
        "system": platform.platform(),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        json.dumps(
            {
                "ms": {name: round(s * 1000, 2) for name, s in rows},
                "ratio_to_dump": {name: round(s / base, 1) for name, s in rows},
                "machine": machine,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
