"""Small uiautomator dumps built in code, for the cases no real dump shows."""

from __future__ import annotations

from pathlib import Path

# Vendored dumps (tests/fixtures/android/README.md says where each comes from).
HIERARCHY = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "hierarchy"
# The real dumps from other projects (MIT); none shows a dialog.
REAL_DUMPS = tuple(
    HIERARCHY / name
    for name in (
        "pocket-financer-model-screen.xml",
        "senior-shield-systemui-quicksettings.xml",
        "termux-flutter-ide-retry.xml",
        "visiontest-homee-login.xml",
    )
)


def node(
    text: str = "",
    rid: str = "",
    clickable: bool = False,
    bounds: str = "[0,0][10,10]",
    children: str = "",
    desc: str = "",
    cls: str = "android.widget.TextView",
    package: str = "com.example",
    enabled: bool = True,
    extra: str = "",
) -> str:
    return (
        f'<node index="0" text="{text}" resource-id="{rid}" class="{cls}" '
        f'package="{package}" content-desc="{desc}" '
        f'clickable="{str(clickable).lower()}" enabled="{str(enabled).lower()}" '
        f'bounds="{bounds}" {extra}>{children}</node>'
    )


def button(text: str, rid: str, bounds: str, package: str = "com.example") -> str:
    return node(text, rid, True, bounds, cls="android.widget.Button", package=package)


def screen(*nodes: str, package: str = "com.example") -> str:
    root = node(
        "",
        children="".join(nodes),
        bounds="[0,0][1080,2340]",
        cls="android.widget.FrameLayout",
        package=package,
    )
    return f'<?xml version="1.0"?><hierarchy rotation="0">{root}</hierarchy>'


def windows(*roots: str) -> str:
    return f'<?xml version="1.0"?><hierarchy rotation="0">{"".join(roots)}</hierarchy>'
