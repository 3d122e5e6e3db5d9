"""Suite files (`suites/*.yaml`): which apps, which scenarios, how hard to retry.

```yaml
version: 1
name: nightly-lab
apps:                            # lab apps and APKs, side by side
  - "*"                          # every lab app (or a lab app name, or a lab app folder)
  - apks/shop.apk                # an APK, its profile shop.profile.yaml beside it if there
  - {apk: apks/news.apk, profile: profiles/news.yaml}   # an APK with its profile given
scenarios: [first-launch-accept] # names in scenarios/, or files relative to the suite file
retry: {max_attempts: 3, device_fault_limit: 2, session_timeout_s: 600}
frequency_profile: store-review   # optional: a rule-pack frequency profile for every run
```

A lab app runs on host-lab devices, an APK on Android devices (usb, tcp, emulator); each
app runs every scenario. APK and profile paths are relative to the suite file (or
absolute); an APK is named by its package in jobs, the index and `harness diff`.

Everything is resolved and checked before a device is touched: an unknown app, an APK that
is missing or unreadable, a profile for another package or a broken scenario is an
InputError naming the suite file and the line of the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from harness.errors import InputError
from harness.hostlab import LabApp, find_lab_app
from harness.paths import LAB_DIR, SCENARIOS_DIR
from harness.scenario.steps import Scenario, load_scenario
from harness.session.apkapp import ApkApp, is_apk_ref, load_apk_app
from harness.suite.family import DeviceFamily
from harness.suite.jobs import Job, app_ref
from harness.suite.retry import RetryPolicy
from harness.yamlfile import line_of, load_yaml, to_plain, validate

SuiteApp = LabApp | ApkApp
_APP_ENTRY = "a lab app name or folder, '*', an APK file, or {apk: FILE, profile: FILE}"

ALL_LAB_APPS = "*"
SUITE_FORMAT = 1


class _RetrySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_attempts: Annotated[int, Field(ge=1, le=10)] = 3
    device_fault_limit: Annotated[int, Field(ge=1)] = 2
    session_timeout_s: Annotated[float, Field(ge=10)] = 600.0


class _ApkSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    apk: Annotated[str, Field(min_length=1)]
    profile: Annotated[str, Field(min_length=1)] | None = None  # default: beside the APK


class _SuiteSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[int, Field(ge=SUITE_FORMAT, le=SUITE_FORMAT)] = SUITE_FORMAT
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    description: str = ""
    # Strings or APK entries, told apart in _resolve_apps (a pydantic union would report a
    # bad APK entry as "not a valid string" first).
    apps: Annotated[list[Any], Field(min_length=1)]
    scenarios: Annotated[list[str], Field(min_length=1)]
    retry: _RetrySpec = _RetrySpec()
    # A frequency profile of the rule pack (rulepack.yaml `frequency_profiles`) for every run;
    # `harness suite --frequency-profile` overrides it.
    frequency_profile: str | None = None


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    path: Path
    apps: tuple[SuiteApp, ...]
    scenarios: tuple[Scenario, ...]
    retry: RetryPolicy
    frequency_profile: str | None = None

    @property
    def families(self) -> frozenset[DeviceFamily]:
        """The device families the suite's jobs need."""
        return frozenset(_family(app) for app in self.apps)

    def jobs(self, suite_run: str) -> tuple[Job, ...]:
        """Every app with every scenario, app by app (a crashing app shows up early)."""
        return tuple(
            Job(
                id=f"{suite_run}/{app.name}/{scenario.name}",
                suite_run=suite_run,
                app=_app_ref(app),
                app_name=app.name,
                scenario=str(scenario.path.resolve()),
                scenario_name=scenario.name,
                max_attempts=self.retry.max_attempts,
                timeout_s=self.retry.session_timeout_s,
                family=_family(app),
                profile=_profile_ref(app),
                min_sdk=(app.min_sdk or 0) if isinstance(app, ApkApp) else 0,
            )
            for app in self.apps
            for scenario in self.scenarios
        )


def _family(app: SuiteApp) -> DeviceFamily:
    return DeviceFamily.ANDROID if isinstance(app, ApkApp) else DeviceFamily.HOST_LAB


def _app_ref(app: SuiteApp) -> str:
    # An APK by its absolute path: like a lab app folder, at the same path on every host.
    return str(app.apk.resolve()) if isinstance(app, ApkApp) else app_ref(app, LAB_DIR)


def _profile_ref(app: SuiteApp) -> str:
    if isinstance(app, ApkApp) and app.profile_source != "none":
        return str(Path(app.profile_source).resolve())
    return ""


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
        frequency_profile=spec.frequency_profile,
    )


def _resolve_apps(
    path: Path, document: object, refs: list[Any], lab_root: Path
) -> tuple[SuiteApp, ...]:
    found: dict[str, tuple[int, SuiteApp]] = {}
    for index, ref in enumerate(refs):
        line = line_of(document, ("apps", index))
        apps: list[SuiteApp]
        if isinstance(ref, dict):
            apps = [_apk_entry(path, document, index, ref)]
        elif not isinstance(ref, str) or not ref:
            raise InputError(path, f"apps[{index}]: expected {_APP_ENTRY}", line)
        elif is_apk_ref(ref):
            apps = [_load_apk(path, index, ref, None, line, line)]
        else:
            apps = list(_lab_apps(path, index, ref, line, lab_root))
        for app in apps:
            first = found.setdefault(app.name, (index, app))
            if _same(first[1], app):
                continue  # "*" plus a name, or one APK twice: run the app once
            raise InputError(
                path,
                f"apps[{index}]: {app.name} is already apps[{first[0]}] (a different "
                f"{'APK or profile' if isinstance(app, ApkApp) else 'app'}); jobs and the "
                "results index name an app by its name (an APK by its package)",
                line,
            )
    return tuple(app for _index, app in found.values())


def _same(a: SuiteApp, b: SuiteApp) -> bool:
    if isinstance(a, ApkApp) and isinstance(b, ApkApp):
        return (a.apk.resolve(), a.profile_source) == (b.apk.resolve(), b.profile_source)
    return isinstance(a, LabApp) and isinstance(b, LabApp) and a.folder == b.folder


def _lab_apps(path: Path, index: int, ref: str, line: int | None, lab_root: Path) -> list[LabApp]:
    candidates: list[str | Path]
    if ref == ALL_LAB_APPS:
        candidates = sorted(p.parent for p in lab_root.glob("*/app.yaml"))
        if not candidates:
            raise InputError(path, f"'*' found no lab apps under {lab_root}", line)
    elif "/" in ref or ref.startswith("."):
        candidates = [path.parent / ref]  # a folder, relative to the suite file
    else:
        candidates = [ref]  # a lab app name
    apps = []
    for candidate in candidates:
        try:
            apps.append(find_lab_app(candidate, lab_root=lab_root))
        except InputError as exc:
            raise InputError(path, f"apps[{index}] {ref!r}: {exc.describe()}", line) from None
    return apps


def _apk_entry(path: Path, document: object, index: int, entry: dict[str, Any]) -> ApkApp:
    try:
        spec = _ApkSpec.model_validate(to_plain(entry))
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        loc = ("apps", index, *first["loc"])
        field = ".".join(str(p) for p in first["loc"]) or "(entry)"
        raise InputError(
            path,
            f"apps[{index}].{field}: {first['msg']} (expected {{apk: FILE, profile: FILE}})",
            line_of(document, loc),
        ) from None
    return _load_apk(
        path,
        index,
        spec.apk,
        spec.profile,
        line_of(document, ("apps", index, "apk")),
        line_of(document, ("apps", index, "profile")),
    )


def _load_apk(
    path: Path,
    index: int,
    apk_ref: str,
    profile_ref: str | None,
    apk_line: int | None,
    profile_line: int | None,
) -> ApkApp:
    """The APK read now (package, permissions, SDKs): a bad one stops the suite before it
    starts, with the line of the entry; a bad profile with the line of `profile`."""
    apk = path.parent / apk_ref
    profile = path.parent / profile_ref if profile_ref is not None else None
    if not is_apk_ref(apk):
        raise InputError(path, f"apps[{index}].apk {apk_ref!r}: expected an APK file", apk_line)
    try:
        return load_apk_app(apk, profile)
    except InputError as exc:
        # The given profile's own problem points at its `profile:` line; anything else
        # (the APK, or the profile beside it) at the entry.
        in_profile = profile is not None and exc.path is not None and Path(exc.path) == profile
        line = profile_line if in_profile else apk_line
        what = f"apps[{index}] {apk_ref!r}"
        raise InputError(path, f"{what}: {exc.describe()}", line) from None
    except OSError as exc:  # unreadable: the inspector reads the file itself
        raise InputError(
            path, f"apps[{index}] {apk_ref!r}: cannot read {apk}: {exc}", apk_line
        ) from None


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
