"""Which build of the app a bundle tested: its versionName and versionCode, from the manifest.

An APK run records them in the manifest's `apk` block; an `app` identity block (or
top-level `app_version`/`app_version_code`) is read too, for bundles that record them there.
Known gap: a lab app has no version, so both are "" for the host lab's bundles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TestedBuild:
    version: str  # versionName, "" when the bundle does not say
    version_code: str  # versionCode as text, "" when the bundle does not say


def tested_build(manifest: Mapping[str, Any]) -> TestedBuild:
    blocks = [b for b in (manifest.get("apk"), manifest.get("app")) if isinstance(b, dict)]
    blocks.append(
        {"version_name": manifest.get("app_version"),
         "version_code": manifest.get("app_version_code")}
    )  # fmt: skip
    name = next((b["version_name"] for b in blocks if b.get("version_name") is not None), "")
    code = next((b["version_code"] for b in blocks if b.get("version_code") is not None), "")
    return TestedBuild(str(name), str(code))
