"""Java stack frames classified: the app's own code, a third-party SDK, or the platform.

A frame reads `com.umeng.analytics.MobclickAgent.onStartup(MobclickAgent.java:20)`; the
class is everything before the method name. SDKs are recognised by package prefix through
the SDK database (harness.sdk), so the report shows which library made a call.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from harness.sdk import SdkDatabase


class FrameKind(enum.StrEnum):
    APP = "app"
    SDK = "sdk"
    PLATFORM = "platform"


@dataclass(frozen=True, slots=True)
class Frame:
    text: str
    kind: FrameKind
    sdk: str = ""  # the SDK's name for SDK frames


def frame_class(frame: str) -> str:
    qualified = frame.split("(", 1)[0].strip()
    return qualified.rsplit(".", 1)[0] if "." in qualified else qualified


class FrameClassifier:
    def __init__(self, sdks: SdkDatabase, app_package: str) -> None:
        self._sdks = sdks
        self._app_prefix = app_package + "." if app_package else None

    def classify(self, frame: str) -> Frame:
        cls = frame_class(frame)
        sdk = self._sdks.match_class(cls) if cls else None
        if sdk is not None:
            return Frame(frame, FrameKind.SDK, sdk.name)
        if self._app_prefix and cls.startswith(self._app_prefix):
            return Frame(frame, FrameKind.APP)
        return Frame(frame, FrameKind.PLATFORM)

    def frames(self, stack: tuple[str, ...]) -> tuple[Frame, ...]:
        return tuple(self.classify(f) for f in stack)

    def host_sdks(self, host: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.name for s in self._sdks.match_host(host)))
