"""A lab app's description (`lab/<name>/app.yaml`) and the JVM command line that runs it.

`app.yaml` is the lab app's manifest and ground truth: its package, label and Application
class, the profile the rules judge it by, and the findings a correct harness must report for
each scenario. Its Java sources live in `src/` beside it; the lab runtime's in `lab/runtime/src`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from harness.errors import InfrastructureError, InputError
from harness.model import DataCategory, Phase
from harness.paths import LAB_DIR
from harness.profile import AppProfile
from harness.yamlfile import line_of, load_model, load_yaml

LAUNCHER_CLASS = "harness.lab.LabLauncher"
PARENT_PID_PROPERTY = "harness.parent.pid"  # read by the lab runtime's ParentWatchdog
SERVICE_LAUNCHER_CLASS = "harness.lab.ServiceLauncher"  # a lab app's second process
# A process the lab "system" starts for a broadcast (harness.hostlab.broadcasts)
RECEIVER_LAUNCHER_CLASS = "harness.lab.ReceiverLauncher"
# The Android process name a lab JVM plays ("com.example:push"): the lab runtime sets it on
# every JVM it starts for an app (harness.lab.LabProcesses).
PROCESS_PROPERTY = "harness.process"
PORTFILE_PROPERTY = "harness.ui.portfile"
_APP_FILE = "app.yaml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PROPERTY = re.compile(r"^[A-Za-z0-9_.-]+$")

_JavaClass = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$")]
_Package = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")]
_Rule = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
_Scenario = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
_Permission = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$")]


class _FindingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: _Rule
    category: DataCategory | None = None
    phase: Phase | None = None
    collector: str | None = None  # "first_party" or an SDK's name; absent: not compared


class LabPlatform(BaseModel):
    """The Android the lab phone plays for this app (lab/runtime harness.lab.LabPlatform).

    Android 13 unless `api_level` says otherwise: runtime permissions, MAC and ad-id
    placeholders, device identifiers for privileged apps only. An app.yaml without `android:`
    runs on the lab's classic rules (no refusals, real identifiers; prompts still answered):
    see lab/runtime's harness.lab.LabPlatform.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_level: Annotated[int, Field(ge=21, le=35)] = 33
    target_sdk: Annotated[int, Field(ge=21, le=35)] | None = None  # None: the API level
    privileged: bool = False  # READ_PRIVILEGED_PHONE_STATE (a system or carrier app)
    limit_ad_tracking: bool = False  # the user opted out: advertising ids are all zeros

    def jvm_properties(self) -> dict[str, str]:
        return {
            "harness.lab.api_level": str(self.api_level),
            "harness.lab.target_sdk": str(self.target_sdk or self.api_level),
            "harness.lab.privileged": str(self.privileged).lower(),
            "harness.lab.limit_ad_tracking": str(self.limit_ad_tracking).lower(),
        }


class LabReceiver(BaseModel):
    """A receiver the app's manifest registers (<receiver> with its intent-filter actions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    class_name: _JavaClass = Field(alias="class")
    actions: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)
    # android:process: ":name" for a process of its own; absent: the app's main process
    process: Annotated[str, StringConstraints(pattern=r"^:[a-z][a-z0-9_]*$")] | None = None

    def process_name(self, package: str) -> str:
        return package + (self.process or "")


class _UpgradeSpec(BaseModel):
    """Version N+1 of the app, for the `upgrade` step (issue 15: settings changed on update)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version_name: Annotated[str, Field(min_length=1)]
    src: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")] = "src-v2"
    # False: version N+1 is signed with another key, so the phone must remove version N (and
    # with it the user's permission settings) before installing it, as an app store does.
    same_signature: bool = True


class _AppSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    package: _Package
    label: Annotated[str, Field(min_length=1)]
    application_class: _JavaClass
    profile: AppProfile
    # The permissions its AndroidManifest.xml would declare (a host-lab app has no APK);
    # absent: not known, and the rules that need a manifest are skipped.
    manifest_permissions: list[_Permission] | None = None
    android: LabPlatform | None = None  # None: the lab's classic rules
    receivers: list[LabReceiver] = Field(default_factory=list)
    # Which build this is, as a report's identity block names it (an APK's manifest would
    # say the version; a notice the developer); absent: "not recorded".
    version_name: Annotated[str, Field(min_length=1)] | None = None
    version_code: Annotated[int, Field(ge=0)] | None = None
    developer: Annotated[str, Field(min_length=1)] | None = None
    upgrade: _UpgradeSpec | None = None  # None: the app has one version
    expected_findings: dict[_Scenario, list[_FindingSpec]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _profile_gets_the_package(cls, data: Any) -> Any:
        # app.yaml names the package once, at the top; AppProfile needs it too.
        if isinstance(data, dict) and isinstance(data.get("profile"), dict):
            return {**data, "profile": {**data["profile"], "package": data.get("package")}}
        return data

    @model_validator(mode="after")
    def _no_duplicate_findings(self) -> _AppSpec:
        for scenario, findings in self.expected_findings.items():
            if len(set(findings)) != len(findings):
                raise ValueError(f"expected_findings.{scenario} lists a finding twice")
        return self


@dataclass(frozen=True, slots=True)
class ExpectedFinding:
    """A finding a correct harness reports: compared by `key()`, as `Finding.key()`."""

    rule: str
    category: DataCategory | None
    phase: Phase | None
    collector: str | None = None  # when given, calibration also checks the finding's collector

    def key(self) -> tuple[str, str, str]:
        return (
            self.rule,
            self.category.value if self.category else "",
            self.phase.value if self.phase else "",
        )


@dataclass(frozen=True, slots=True)
class LabUpgrade:
    """Version N+1 of a lab app: its sources (beside src/) and how it is delivered."""

    version_name: str
    source_dir: str  # a folder beside app.yaml, compiled instead of src/
    same_signature: bool  # False: installed only after version N (and its grants) is removed


@dataclass(frozen=True, slots=True)
class LabApp:
    name: str
    folder: Path
    package: str
    label: str
    application_class: str
    profile: AppProfile  # what the rules judge the app by
    # (scenario name, findings), in file order; a tuple so the record stays hashable.
    expected_findings: tuple[tuple[str, tuple[ExpectedFinding, ...]], ...]
    runtime_sources: Path
    manifest_permissions: tuple[str, ...] | None = None  # None: the app.yaml lists none
    # The Android the lab phone plays for it (frozen pydantic model: safe to share); None:
    # the lab's classic rules (no refusals, real identifiers).
    android: LabPlatform | None = None
    # Manifest-registered broadcast receivers: what the lab system starts the app for.
    receivers: tuple[LabReceiver, ...] = ()
    version_name: str | None = None
    version_code: int | None = None
    developer: str | None = None
    upgrade: LabUpgrade | None = None  # version N+1, for the scenario's `upgrade` step
    source_dir: str = "src"  # the app's sources beside app.yaml (src-v2 once upgraded)

    @property
    def source_dirs(self) -> tuple[Path, Path]:
        """What javac compiles for this app: the lab runtime, then the app's own sources."""
        return (self.runtime_sources, self.folder / self.source_dir)

    def upgraded(self) -> LabApp:
        """Version N+1 (same package, label and ground truth), or an InputError if none."""
        if self.upgrade is None:
            raise InputError(self.folder / _APP_FILE, "no `upgrade:` (version N+1) to install")
        return replace(
            self,
            source_dir=self.upgrade.source_dir,
            upgrade=None,
            version_name=self.upgrade.version_name,
        )

    def expected(self, scenario: str) -> tuple[ExpectedFinding, ...] | None:
        """The ground truth for a scenario, or None when the app declares none for it."""
        for name, findings in self.expected_findings:
            if name == scenario:
                return findings
        return None


def load_lab_app(folder: Path, *, runtime_sources: Path | None = None) -> LabApp:
    """Read `<folder>/app.yaml`; a mistake is an InputError naming the file and line."""
    path = folder / _APP_FILE
    spec = load_model(path, _AppSpec)
    if not (folder / "src").is_dir():
        raise InputError(path, "a lab app keeps its Java sources in src/ beside app.yaml")
    if spec.upgrade is not None and not (folder / spec.upgrade.src).is_dir():
        raise InputError(
            path,
            f"upgrade.src: no folder {spec.upgrade.src}/ beside app.yaml (version N+1's sources)",
            line=line_of(load_yaml(path), ("upgrade", "src"))
            or line_of(load_yaml(path), ("upgrade",)),
        )
    return LabApp(
        name=folder.resolve().name,
        folder=folder.resolve(),
        package=spec.package,
        label=spec.label,
        application_class=spec.application_class,
        profile=spec.profile,
        expected_findings=tuple(
            (
                scenario,
                tuple(ExpectedFinding(f.rule, f.category, f.phase, f.collector) for f in findings),
            )
            for scenario, findings in spec.expected_findings.items()
        ),
        runtime_sources=runtime_sources or LAB_DIR / "runtime" / "src",
        manifest_permissions=(
            None if spec.manifest_permissions is None else tuple(spec.manifest_permissions)
        ),
        android=spec.android,
        receivers=tuple(spec.receivers),
        version_name=spec.version_name,
        version_code=spec.version_code,
        developer=spec.developer,
        upgrade=None
        if spec.upgrade is None
        else LabUpgrade(spec.upgrade.version_name, spec.upgrade.src, spec.upgrade.same_signature),
    )


def find_lab_app(name_or_path: str | Path, *, lab_root: Path | None = None) -> LabApp:
    """A lab app by name (`calibration`, under the lab root) or by the path of its folder."""
    root = lab_root or LAB_DIR
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or not _NAME.match(text):
        folder = Path(name_or_path)
        if not (folder / _APP_FILE).is_file():
            raise InputError(folder, f"not a lab app folder: no {_APP_FILE} in it")
        return load_lab_app(folder, runtime_sources=root / "runtime" / "src")
    folder = root / text
    if not (folder / _APP_FILE).is_file():
        known = sorted(p.parent.name for p in root.glob(f"*/{_APP_FILE}"))
        raise InputError(
            None, f"no lab app named '{text}' in {root} (lab apps: {', '.join(known) or 'none'})"
        )
    return load_lab_app(folder, runtime_sources=root / "runtime" / "src")


def java_executable() -> str:
    """The real path of `java`: Frida spawns the binary itself, not a symlink or wrapper."""
    found = shutil.which("java")
    if found is None:
        raise InfrastructureError(
            "java not found on PATH: the host lab needs a JDK 17 (e.g. openjdk-17-jdk-headless)"
        )
    return os.path.realpath(found)


def jvm_command(
    app: LabApp,
    classpath: Path,
    *,
    portfile: Path,
    identifiers: Mapping[DataCategory, str],
    extra_props: Mapping[str, str] | None = None,
    jvm_options: Sequence[str] = (),
    java: str | None = None,
    parent_pid: int | None = None,
) -> list[str]:
    """`[java, *options, -D..., -cp, classpath, harness.lab.LabLauncher, class, package, label]`.

    Properties, in order: UTF-8 output, the device's identifiers (`harness.id.<category>`),
    the Android the lab phone plays (`harness.lab.api_level`, ... from app.yaml's `android`),
    the UI portfile (`harness.ui.portfile`), the process the JVM must not outlive
    (`harness.parent.pid`: `parent_pid`, by default this process), then `extra_props` (e.g.
    the proxy settings), each -D given once: a later source overrides an earlier one.
    """
    props: dict[str, str] = {
        "file.encoding": "UTF-8",
        "sun.stdout.encoding": "UTF-8",
        "sun.stderr.encoding": "UTF-8",
    }
    props.update({f"harness.id.{DataCategory(c).value}": v for c, v in identifiers.items()})
    if app.android is not None:
        props.update(app.android.jvm_properties())
    props[PORTFILE_PROPERTY] = str(portfile)
    # Frida spawns the JVM in a session of its own, so a killed harness would leave it running:
    # the lab runtime's watchdog halts it once this pid is gone.
    props[PARENT_PID_PROPERTY] = str(os.getpid() if parent_pid is None else parent_pid)
    props.update(extra_props or {})
    for name in props:
        if not _PROPERTY.match(name):
            raise ValueError(f"not a JVM property name: {name!r}")
    return [
        java or java_executable(),
        *jvm_options,
        *(f"-D{name}={value}" for name, value in props.items()),
        "-cp",
        str(classpath),
        LAUNCHER_CLASS,
        app.application_class,
        app.package,
        app.label,
    ]


def receiver_command(
    main_argv: Sequence[str], process: str, receiver: str, package: str, action: str
) -> list[str]:
    """The command of a process the lab system starts for a broadcast: the app's main JVM
    command (its -D options: identifiers, proxy, watchdog) without its UI port, named as
    `process`, running `harness.lab.ReceiverLauncher <receiver> <package> <action>`."""
    end = list(main_argv).index(LAUNCHER_CLASS)
    head = [a for a in main_argv[:end] if not a.startswith(f"-D{PORTFILE_PROPERTY}=")]
    cp = head.index("-cp")
    return [
        *head[:cp],
        f"-D{PROCESS_PROPERTY}={process}",
        *head[cp:],
        RECEIVER_LAUNCHER_CLASS,
        receiver,
        package,
        action,
    ]
