"""AndroidManifest.xml as a typed record.

The binary XML (AXML) is decoded by apkInspector into XML text, which ElementTree then
reads; a manifest that is already text (an unpacked or apktool-built tree) is read as is.
Values that are resource references (`@2131492895`) are kept as such: resolving them
needs resources.arsc, and nothing the harness decides depends on them.
"""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

# Through _quiet: apkInspector.axml configures logging when first imported.
from harness.apk._quiet import get_manifest
from harness.apk.archive import MANIFEST, ApkArchive
from harness.errors import InputError

ANDROID_NS = "http://schemas.android.com/apk/res/android"
COMPONENT_TAGS = ("activity", "activity-alias", "service", "receiver", "provider")
# Android 12 (API 31) made android:exported mandatory with intent filters; before that a
# component with an intent filter was exported by default.
_EXPORT_DEFAULT_CHANGED = 31


@dataclass(frozen=True, slots=True)
class Component:
    kind: str  # one of COMPONENT_TAGS
    name: str  # fully qualified
    exported: bool
    permission: str | None
    actions: tuple[str, ...]  # intent-filter actions


@dataclass(frozen=True, slots=True)
class Manifest:
    package: str
    version_code: int | None
    version_name: str | None
    min_sdk: int | None
    target_sdk: int | None
    split: str | None
    permissions: tuple[str, ...]  # requested (uses-permission and uses-permission-sdk-23)
    declared_permissions: tuple[str, ...]  # <permission> the app defines
    components: tuple[Component, ...]
    application_class: str | None
    debuggable: bool
    uses_cleartext: bool | None


def read_manifest(archive: ApkArchive) -> Manifest:
    if not archive.has(MANIFEST):
        raise InputError(archive.name, "not an APK: AndroidManifest.xml is missing")
    return parse_manifest(archive.read(MANIFEST), archive.name)


def decode_axml(data: bytes, where: str) -> str:
    """Binary manifest bytes as XML text."""
    if data.lstrip()[:1] == b"<":
        return data.decode("utf-8", errors="replace")
    try:
        text: str = get_manifest(io.BytesIO(data))
    except (ValueError, KeyError, IndexError, struct.error, UnicodeDecodeError, TypeError) as exc:
        raise InputError(where, f"AndroidManifest.xml is not valid binary XML ({exc})") from None
    return text


def parse_manifest(data: bytes, where: str = MANIFEST) -> Manifest:
    text = decode_axml(data, where)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(where, f"AndroidManifest.xml does not decode to XML ({exc})") from None
    if _local(root.tag) != "manifest":
        raise InputError(where, f"AndroidManifest.xml: <manifest> root expected, got <{root.tag}>")
    package = _attr(root, "package", android=False)
    if not package:
        raise InputError(where, "AndroidManifest.xml has no package name")
    uses_sdk = _first(root, "uses-sdk")
    min_sdk = _sdk(_attr(uses_sdk, "minSdkVersion")) if uses_sdk is not None else None
    target_sdk = _sdk(_attr(uses_sdk, "targetSdkVersion")) if uses_sdk is not None else None
    if target_sdk is None:
        target_sdk = min_sdk  # the platform's own default
    application = _first(root, "application")
    components = (
        tuple(_components(application, package, target_sdk)) if application is not None else ()
    )
    return Manifest(
        package=package,
        version_code=_int(_attr(root, "versionCode")),
        version_name=_attr(root, "versionName"),
        min_sdk=min_sdk,
        target_sdk=target_sdk,
        split=_attr(root, "split", android=False),
        permissions=_unique(
            _attr(el, "name")
            for el in root
            if _local(el.tag) in ("uses-permission", "uses-permission-sdk-23")
        ),
        declared_permissions=_unique(
            _attr(el, "name") for el in root if _local(el.tag) == "permission"
        ),
        components=components,
        application_class=_qualify(package, _attr(application, "name"))
        if application is not None
        else None,
        debuggable=_bool(_attr(application, "debuggable")) is True
        if application is not None
        else False,
        uses_cleartext=_bool(_attr(application, "usesCleartextTraffic"))
        if application is not None
        else None,
    )


def _components(
    application: ET.Element, package: str, target_sdk: int | None
) -> Iterator[Component]:
    for el in application:
        kind = _local(el.tag)
        if kind not in COMPONENT_TAGS:
            continue
        name = _attr(el, "name")
        if not name:
            continue
        actions = tuple(
            a
            for f in el
            if _local(f.tag) == "intent-filter"
            for act in f
            if _local(act.tag) == "action" and (a := _attr(act, "name"))
        )
        explicit = _bool(_attr(el, "exported"))
        if explicit is None:
            has_filter = any(_local(f.tag) == "intent-filter" for f in el)
            old_default = target_sdk is None or target_sdk < _EXPORT_DEFAULT_CHANGED
            # Providers were exported by default up to API 16; treat them like the rest.
            explicit = has_filter and old_default
        yield Component(
            kind=kind,
            name=_qualify(package, name) or name,
            exported=explicit,
            permission=_attr(el, "permission"),
            actions=actions,
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first(root: ET.Element, tag: str) -> ET.Element | None:
    return next((el for el in root if _local(el.tag) == tag), None)


def _attr(el: ET.Element | None, name: str, android: bool = True) -> str | None:
    """An attribute by local name: android-namespaced first, then any namespace, then bare.

    Obfuscated manifests rename the namespace prefix, and apkInspector then names the
    namespace after the URI's last part, so matching on the local name is what holds.
    """
    if el is None:
        return None
    if android and (value := el.get(f"{{{ANDROID_NS}}}{name}")) is not None:
        return value
    if (value := el.get(name)) is not None:
        return value
    for key, value in el.attrib.items():
        if _local(key) == name or key.endswith(":" + name):
            return value
    return None


def _qualify(package: str, name: str | None) -> str | None:
    if name is None:
        return None
    if name.startswith("."):
        return package + name
    if "." not in name:
        return f"{package}.{name}"
    return name


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value, 0) if value.lower().startswith("0x") else int(value)
    except ValueError:
        return None


def _sdk(value: str | None) -> int | None:
    # A preview codename ("UpsideDownCake") is not a number; treat it as unknown.
    return _int(value)


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1", "-1", "0xffffffff"):
        return True
    if lowered in ("false", "0", "0x00000000"):
        return False
    return None


def _unique(values: Iterator[str | None] | tuple[str | None, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return tuple(seen)
