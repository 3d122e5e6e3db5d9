"""Java stack frames classified as the rules see them: the app, an SDK, a library, the platform.

A frame reads `com.umeng.analytics.MobclickAgent.onStartup(MobclickAgent.java:20)`; the
class is everything before the method name. The rule pack's lists decide first
(harness.rules.pack.FramePrefixes, what the rules' stack walk looks past): a platform frame,
then a general library's (okhttp3, Gson: they move data for their caller). Then, as the rules
decide a collector (harness.rules.attribution): the app's own package is the app even under
an SDK's prefix; the SDK database names an SDK by code prefix; code no SDK covers is the
app's own (it ships it). So an okhttp3 frame is never shown as an SDK while the rules say the
app collected.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from harness.rules.attribution import frame_class
from harness.rules.pack import FramePrefixes
from harness.sdk import SdkDatabase


class FrameKind(enum.StrEnum):
    APP = "app"
    SDK = "sdk"
    LIBRARY = "library"
    PLATFORM = "platform"


@dataclass(frozen=True, slots=True)
class Frame:
    text: str
    kind: FrameKind
    sdk: str = ""  # the SDK's name for SDK frames


class FrameClassifier:
    def __init__(self, sdks: SdkDatabase, app_package: str, prefixes: FramePrefixes) -> None:
        self._sdks = sdks
        self._app_prefix = app_package + "." if app_package else None
        self._platform = tuple(prefixes.framework_prefixes)
        self._libraries = tuple(prefixes.library_prefixes)

    def classify(self, frame: str) -> Frame:
        cls = frame_class(frame)
        if not cls or cls.startswith(self._platform):
            return Frame(frame, FrameKind.PLATFORM)
        if cls.startswith(self._libraries):
            return Frame(frame, FrameKind.LIBRARY)
        if self._app_prefix and cls.startswith(self._app_prefix):
            return Frame(frame, FrameKind.APP)
        sdk = self._sdks.match_class(cls)
        if sdk is not None:
            return Frame(frame, FrameKind.SDK, sdk.name)
        return Frame(frame, FrameKind.APP)

    def frames(self, stack: tuple[str, ...]) -> tuple[Frame, ...]:
        return tuple(self.classify(f) for f in stack)
