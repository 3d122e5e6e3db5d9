"""Static APK inspection: manifest, permissions, components, and SDKs from dex class names.

May import: harness.model, harness.sdk, harness.errors, harness.yamlfile. `apk.permissions`
is the permission table the rules read: it imports only the model and yamlfile.
"""

# First: apkInspector configures logging when imported (see _quiet).
from harness.apk import _quiet  # noqa: F401
from harness.apk.archive import ApkArchive, ApkSet, open_apk_set
from harness.apk.inspect import ApkReport, inspect_apk, with_profile
from harness.apk.manifest import Component, Manifest, parse_manifest, read_manifest
from harness.apk.permissions import PermissionTable, permissions_beyond

__all__ = [
    "ApkArchive",
    "ApkReport",
    "ApkSet",
    "Component",
    "Manifest",
    "PermissionTable",
    "inspect_apk",
    "open_apk_set",
    "parse_manifest",
    "permissions_beyond",
    "read_manifest",
    "with_profile",
]
