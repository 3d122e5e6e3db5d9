"""A scripted phone for runner tests: screens as uiautomator XML, taps that move between them.

No device or JVM can be asked what a runner does with a dialog that never shows, an app that
dies mid-step, or a permission prompt over a consent dialog, on demand: this stand-in can.
Times are a counter, so each action's instant is known exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from harness.errors import InfrastructureError
from harness.ui.driver import Key
from harness.ui.hierarchy import parse_hierarchy

PKG = "com.example.app"
PERM_PKG = "com.google.android.permissioncontroller"
PNG = b"\x89PNG\r\n\x1a\nfake"


def node(
    text: str = "",
    rid: str = "",
    bounds: tuple[int, int, int, int] = (0, 0, 1080, 2340),
    *,
    cls: str = "android.widget.TextView",
    package: str = PKG,
    clickable: bool = False,
    scrollable: bool = False,
    children: tuple[str, ...] = (),
) -> str:
    left, top, right, bottom = bounds
    attrs = (
        f'index="0" text="{text}" resource-id="{rid}" class="{cls}" package="{package}" '
        f'content-desc="" clickable="{str(clickable).lower()}" enabled="true" '
        f'scrollable="{str(scrollable).lower()}" bounds="[{left},{top}][{right},{bottom}]"'
    )
    return f"<node {attrs}>{''.join(children)}</node>"


def button(text: str, rid: str, bounds: tuple[int, int, int, int], package: str = PKG) -> str:
    return node(text, rid, bounds, cls="android.widget.Button", package=package, clickable=True)


def window(*children: str, package: str = PKG) -> str:
    return node(cls="android.widget.FrameLayout", package=package, children=children)


def hierarchy(*windows: str) -> str:
    return f"<?xml version='1.0' ?><hierarchy rotation=\"0\">{''.join(windows)}</hierarchy>"


PRIVACY = window(
    node("隐私政策", f"{PKG}:id/title", (100, 700, 980, 800)),
    button("不同意", f"{PKG}:id/no", (100, 1500, 500, 1600)),
    button("同意", f"{PKG}:id/yes", (580, 1500, 980, 1600)),
)
MAIN = window(
    node("首页", f"{PKG}:id/title", (0, 132, 1080, 250)),
    button("关于", f"{PKG}:id/about", (0, 2000, 1080, 2200)),
    button("退出", f"{PKG}:id/exit", (0, 2200, 1080, 2340)),
)
ABOUT = window(node("关于本应用", f"{PKG}:id/about_title", (0, 132, 1080, 250)))
LAUNCHER = window(
    node("Example", "", (60, 1900, 300, 2180), clickable=True, package="com.android.launcher3"),
    package="com.android.launcher3",
)


def permission_dialog(message: str = "要允许“示例”访问此设备的位置信息吗？") -> str:
    ids = "com.android.permissioncontroller:id/"
    return window(
        node(
            "",
            f"{ids}grant_dialog",
            (66, 1000, 1014, 1880),
            cls="android.widget.LinearLayout",
            package=PERM_PKG,
            children=(
                node(message, f"{ids}permission_message", (132, 1220, 948, 1400), package=PERM_PKG),
                button(
                    "仅在使用该应用时允许",
                    f"{ids}permission_allow_foreground_only_button",
                    (132, 1440, 948, 1560),
                    PERM_PKG,
                ),
                button(
                    "仅限这一次",
                    f"{ids}permission_allow_one_time_button",
                    (132, 1580, 948, 1700),
                    PERM_PKG,
                ),
                button("不允许", f"{ids}permission_deny_button", (132, 1720, 948, 1840), PERM_PKG),
            ),
        ),
        package=PERM_PKG,
    )


@dataclass
class FakePhone:
    """The app's screens by name; `taps[screen][resource id]` says what a tap leads to."""

    screens: dict[str, str]
    taps: dict[str, dict[str, Callable[[], None] | str]] = field(default_factory=dict)
    current: str = "privacy"
    dialog: str | None = None  # a permission dialog window over the app
    foreground: bool = True
    alive: bool = True
    clock: float = 1000.0
    actions: list[tuple[str, object]] = field(default_factory=list)
    dialog_answers: list[str] = field(default_factory=list)
    on_back: dict[str, str] = field(default_factory=dict)

    # --- UiDriver ---

    def dump_hierarchy(self) -> str:
        self._check()
        if not self.foreground:
            return hierarchy(LAUNCHER)
        windows = [self.screens[self.current]]
        if self.dialog is not None:
            windows.append(self.dialog)
        return hierarchy(*windows)

    def click(self, x: int, y: int) -> float:
        ts = self._tick(("click", (x, y)))
        target = self._hit(x, y)
        if target is None:
            return ts
        if self.dialog is not None:
            self.dialog_answers.append(target.rsplit("/", 1)[-1])
            self.dialog = None
            return ts
        effect = self.taps.get(self.current, {}).get(target)
        if callable(effect):
            effect()
        elif isinstance(effect, str):
            self.current = effect
        return ts

    def long_click(self, x: int, y: int, duration_s: float) -> float:
        return self._tick(("long_click", (x, y, duration_s)))

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_s: float) -> float:
        return self._tick(("swipe", (x1, y1, x2, y2)))

    def input_text(self, text: str, clear: bool = True) -> float:
        return self._tick(("input", text))

    def press(self, key: Key) -> float:
        ts = self._tick(("press", key.value))
        if key is Key.HOME:
            self.foreground = False
        elif key is Key.BACK:
            if self.current in self.on_back:
                self.current = self.on_back[self.current]
            else:
                self.foreground = False
        return ts

    def bring_to_foreground(self) -> float:
        ts = self._tick(("foreground", None))
        self.foreground = True
        return ts

    def screenshot_png(self) -> bytes | None:
        self._check()
        return PNG

    def is_app_alive(self) -> bool:
        return self.alive

    # --- helpers ---

    def die(self) -> None:
        self.alive = False

    def _check(self) -> None:
        if not self.alive:
            raise InfrastructureError("lab UI connection lost")

    def _tick(self, action: tuple[str, object]) -> float:
        self._check()
        self.clock += 1.0
        self.actions.append(action)
        return self.clock

    def _hit(self, x: int, y: int) -> str | None:
        tree = parse_hierarchy(self.dump_hierarchy())
        root = tree.roots[-1]  # the topmost window takes the touch
        hits = [
            n
            for n in root.walk()
            if n.clickable
            and n.bounds.left <= x < n.bounds.right
            and n.bounds.top <= y < n.bounds.bottom
        ]
        return hits[-1].resource_id if hits else None


class FakeApp:
    """AppUnderTest over a FakePhone."""

    package = PKG

    def __init__(self, phone: FakePhone) -> None:
        self.phone = phone
        self.launched_at = 500.0
        self.stopped = False

    def launch(self) -> float:
        return self.launched_at

    def ui(self) -> FakePhone:
        return self.phone

    def stop(self) -> float:
        self.stopped = True
        return 9999.0


class Evidence:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add_file(self, name: str, content: bytes) -> str:
        assert name not in self.files, name
        self.files[name] = content
        return name


class FakeTime:
    """sleep() advances monotonic(): waits and timeouts run instantly."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        self.now += 0.001  # every look takes a moment, so loops always end
        return self.now
