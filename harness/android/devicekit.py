"""The device calibration kit: a real APK that behaves like the `calibration` lab app.

What: `lab/device-kit/` holds the kit's AndroidManifest.xml, its smali sources and `kit.yaml`,
which names the lab app whose ground truth it shares (`base`) and the few differences a real
phone makes (`delta`, applied to every scenario of the base app). `harness calibrate
--device PHONE` loads the kit here, builds its APK and runs it through the base app's
scenarios; precision and recall then say how right the harness is on that phone.

How: the APK is built from the sources by harness.apk.build, once per content, into
`<cache>/device-kit/<sha256>/devicekit.apk`, signed with a key made once per cache (so the
kit's ANDROID_ID, which Android 8+ derives from the signing key, stays the same between
builds). A build lands in a staging folder renamed into place, as the lab's javac cache does.

Known gaps: the kit cannot be run here (no phone, no ART); what the offline tests check is
its package, manifest, signature and dex, and the calibrate flow up to the phone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from harness import paths
from harness.apk.build import SigningKey, build_apk, new_signing_key
from harness.errors import InfrastructureError, InputError
from harness.hostlab.labapp import ExpectedFinding, LabApp, _FindingSpec, find_lab_app
from harness.session.apkapp import ApkApp, load_apk_app
from harness.yamlfile import line_of, load_model, load_yaml

KIT_FOLDER = "device-kit"
KIT_FILE = "kit.yaml"
MANIFEST = "AndroidManifest.xml"
SMALI = "smali"
APK_NAME = "devicekit.apk"
_BUILD_RECIPE = "harness.apk.build v1\n"  # bump when the build steps change


class _Delta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    remove: list[_FindingSpec] = Field(default_factory=list)
    add: list[_FindingSpec] = Field(default_factory=list)


class _KitSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    package: str
    base: str  # a lab app's folder name under lab/
    delta: _Delta = Field(default_factory=_Delta)


@dataclass(frozen=True, slots=True)
class DeviceKit:
    folder: Path
    package: str
    base: LabApp  # whose profile, scenarios and (changed by the delta) findings the kit has
    # (scenario name, findings), in the base app's order, with the delta applied.
    expected_findings: tuple[tuple[str, tuple[ExpectedFinding, ...]], ...]

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    @property
    def smali(self) -> Path:
        return self.folder / SMALI


def load_device_kit(folder: Path | None = None, *, lab_root: Path | None = None) -> DeviceKit:
    """Read `kit.yaml` and its base app; a mistake is an InputError naming the file."""
    root = lab_root or paths.LAB_DIR
    folder = (folder or root / KIT_FOLDER).resolve()
    path = folder / KIT_FILE
    if not path.is_file():
        raise InputError(path, "the device kit's ground truth file is missing")
    spec = load_model(path, _KitSpec)
    document = load_yaml(path)  # again, for the lines of the delta's entries
    for part in (MANIFEST, SMALI):
        if not (folder / part).exists():
            raise InputError(folder, f"the device kit keeps its {part} beside {KIT_FILE}")
    base = find_lab_app(spec.base, lab_root=root)
    if not base.expected_findings:
        raise InputError(path, f"base '{spec.base}': that lab app has no expected_findings")
    return DeviceKit(
        folder=folder,
        package=spec.package,
        base=base,
        expected_findings=tuple(
            (scenario, _apply(path, document, scenario, findings, spec.delta))
            for scenario, findings in base.expected_findings
        ),
    )


def _expected(spec: _FindingSpec) -> ExpectedFinding:
    return ExpectedFinding(spec.rule, spec.category, spec.phase, spec.collector)


def _apply(
    path: Path,
    document: Any,
    scenario: str,
    findings: tuple[ExpectedFinding, ...],
    delta: _Delta,
) -> tuple[ExpectedFinding, ...]:
    result = list(findings)
    for index, item in enumerate(map(_expected, delta.remove)):
        if item not in result:
            raise InputError(
                path,
                f"delta.remove: {item.key()} (collector {item.collector}) is not expected for "
                f"scenario '{scenario}' of the base app, so there is nothing to remove",
                line_of(document, ["delta", "remove", index]),
            )
        result.remove(item)
    for index, item in enumerate(map(_expected, delta.add)):
        if item in result:
            raise InputError(
                path,
                f"delta.add: {item.key()} (collector {item.collector}) is already expected for "
                f"scenario '{scenario}' of the base app",
                line_of(document, ["delta", "add", index]),
            )
        result.append(item)
    return tuple(result)


def source_digest(kit: DeviceKit, signing: SigningKey) -> str:
    """sha256 of the manifest, every smali file, the signing certificate and the recipe."""
    digest = hashlib.sha256(_BUILD_RECIPE.encode())
    files = [kit.manifest, *sorted(p for p in kit.smali.rglob("*.smali") if p.is_file())]
    for file in [*files, signing.cert]:
        data = file.read_bytes()
        name = file.name if file == signing.cert else file.relative_to(kit.folder).as_posix()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def kit_signing_key(cache: Path) -> SigningKey:
    """The cache's signing key, made on first use."""
    folder = cache / "signing"
    key = SigningKey(folder / "key.pk8", folder / "cert.pem")
    if key.key.is_file() and key.cert.is_file():
        return key
    staging = Path(tempfile.mkdtemp(prefix=".signing.", dir=cache))
    try:
        new_signing_key(staging, "harness device calibration kit")
        try:
            os.rename(staging, folder)
        except OSError:
            if not (key.key.is_file() and key.cert.is_file()):  # else another builder won
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return key


def build_kit_apk(kit: DeviceKit, *, cache_root: Path | None = None) -> Path:
    """The kit's APK, built now or taken from the cache (no build tools needed then)."""
    cache = (cache_root or paths.cache_root()) / KIT_FOLDER
    try:
        cache.mkdir(parents=True, exist_ok=True)
        signing = kit_signing_key(cache)
    except OSError as exc:
        raise InfrastructureError(f"cannot write the device kit's cache {cache}: {exc}") from exc
    digest = source_digest(kit, signing)
    final = cache / digest
    if (final / APK_NAME).is_file():
        return final / APK_NAME
    staging = Path(tempfile.mkdtemp(prefix=f".{digest[:16]}.", suffix=".tmp", dir=cache))
    try:
        build_apk(kit.manifest, kit.smali, staging, signing, name=APK_NAME)
        try:
            os.rename(staging, final)
        except OSError as exc:
            if not (final / APK_NAME).is_file():
                raise InfrastructureError(
                    f"cannot move the kit's build into {final}: {exc}"
                ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final / APK_NAME


def kit_app(kit: DeviceKit, apk: Path) -> ApkApp:
    """The built kit as a session's app, judged by its base app's profile."""
    app = load_apk_app(apk)
    if app.package != kit.package:
        raise InputError(
            kit.manifest,
            f"package is {app.package}, {KIT_FILE} says {kit.package}: make them the same",
        )
    profile = kit.base.profile.model_copy(update={"package": app.package})
    source = f"{kit.base.folder / 'app.yaml'} (the device kit's base app)"
    return dataclasses.replace(app, profile=profile, profile_source=source)
