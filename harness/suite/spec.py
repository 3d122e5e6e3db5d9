"""Suite files (`suites/*.yaml`): which apps, which scenarios, how hard to retry.

```yaml
version: 1
name: nightly-lab
apps: ["*"]                      # lab app names, lab app folders, or "*" for every lab app
scenarios: [first-launch-accept] # names in scenarios/, or files relative to the suite file
retry: {max_attempts: 3, device_fault_limit: 2, session_timeout_s: 600}
```

Everything is resolved and checked before a device is touched: an unknown app or a broken
scenario is an InputError naming the suite file and the line of the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from harness.errors import InputError
from harness.hostlab import LabApp, find_lab_app
from harness.paths import LAB_DIR, SCENARIOS_DIR
from harness.scenario.steps import Scenario, load_scenario
from harness.suite.jobs import Job, app_ref
from harness.suite.retry import RetryPolicy
from harness.yamlfile import line_of, load_yaml, validate

ALL_LAB_APPS = "*"
SUITE_FORMAT = 1


class _RetrySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_attempts: Annotated[int, Field(ge=1, le=10)] = 3
    device_fault_limit: Annotated[int, Field(ge=1)] = 2
    session_timeout_s: Annotated[float, Field(ge=10)] = 600.0


class _SuiteSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[int, Field(ge=SUITE_FORMAT, le=SUITE_FORMAT)] = SUITE_FORMAT
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    description: str = ""
    apps: Annotated[list[str], Field(min_length=1)]
    scenarios: Annotated[list[str], Field(min_length=1)]
    retry: _RetrySpec = _RetrySpec()


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    path: Path
    apps: tuple[LabApp, ...]
    scenarios: tuple[Scenario, ...]
    retry: RetryPolicy

    def jobs(self, suite_run: str) -> tuple[Job, ...]:
        """Every app with every scenario, app by app (a crashing app shows up early)."""
        return tuple(
            Job(
                id=f"{suite_run}/{app.name}/{scenario.name}",
                suite_run=suite_run,
                app=app_ref(app, LAB_DIR),
                app_name=app.name,
                scenario=str(scenario.path.resolve()),
                scenario_name=scenario.name,
                max_attempts=self.retry.max_attempts,
                timeout_s=self.retry.session_timeout_s,
            )
            for app in self.apps
            for scenario in self.scenarios
        )


def load_suite(path: Path, *, lab_root: Path | None = None) -> Suite:
    document = load_yaml(path)
    spec = validate(path, document, _SuiteSpec)
    apps = _resolve_apps(path, document, spec.apps, lab_root or LAB_DIR)
    scenarios = tuple(
        _resolve_scenario(path, document, i, ref) for i, ref in enumerate(spec.scenarios)
    )
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise InputError(path, "two scenarios share a name", line_of(document, ("scenarios",)))
    return Suite(
        name=spec.name,
        path=path,
        apps=apps,
        scenarios=scenarios,
        retry=RetryPolicy(
            spec.retry.max_attempts, spec.retry.device_fault_limit, spec.retry.session_timeout_s
        ),
    )


def _resolve_apps(
    path: Path, document: object, refs: list[str], lab_root: Path
) -> tuple[LabApp, ...]:
    found: dict[str, LabApp] = {}
    for index, ref in enumerate(refs):
        line = line_of(document, ("apps", index))
        candidates: list[str | Path]
        if ref == ALL_LAB_APPS:
            candidates = sorted(p.parent for p in lab_root.glob("*/app.yaml"))
            if not candidates:
                raise InputError(path, f"'*' found no lab apps under {lab_root}", line)
        elif "/" in ref or ref.startswith("."):
            candidates = [path.parent / ref]  # a folder, relative to the suite file
        else:
            candidates = [ref]  # a lab app name
        for candidate in candidates:
            try:
                app = find_lab_app(candidate, lab_root=lab_root)
            except InputError as exc:
                raise InputError(path, f"apps[{index}] {ref!r}: {exc.describe()}", line) from None
            found.setdefault(app.name, app)  # "*" plus a name: run the app once
    return tuple(found.values())


def _resolve_scenario(path: Path, document: object, index: int, ref: str) -> Scenario:
    line = line_of(document, ("scenarios", index))
    if "/" in ref or ref.endswith((".yaml", ".yml")):
        file = path.parent / ref
    else:
        file = SCENARIOS_DIR / f"{ref}.yaml"
    try:
        return load_scenario(file)
    except InputError as exc:
        raise InputError(path, f"scenarios[{index}] {ref!r}: {exc.describe()}", line) from None
