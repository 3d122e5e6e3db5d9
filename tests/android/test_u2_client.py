"""The real uiautomator2 client (through harness.android.ui.U2Driver) against the stand-in
u2 server on a stand-in adb device: connect, actions, text input that leaves no IME or
clipboard behind, and scenarios that answer a consent dialog and a permission prompt on
recorded screen sequences (tests/fixtures/android/hierarchy)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import adbutils
import pytest

from harness.android.shell import DeviceShell
from harness.android.ui import U2_IME, U2Driver
from harness.errors import InfrastructureError
from harness.model import MarkerKind, PermissionAnswer
from harness.scenario.context import RunnerSettings
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from harness.ui.driver import Key, UiDriver
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.conftest import EMULATOR, emulator_device
from tests.android.u2_standin import LATIN_IME, Screen, U2Standin
from tests.scenario.fakes import Evidence, FakeTime
from tests.ui.dumps import HIERARCHY

READER, MALL, FIT = "cn.hexin.reader", "com.jd.demo.mall", "com.fitlife.tracker"
U2_JAR = "/data/local/tmp/u2.jar"


def dump(name: str) -> str:
    return (HIERARCHY / name).read_text(encoding="utf-8")


class Rig:
    """An adb stand-in with one emulator whose u2 server shows `screens`."""

    def __init__(self, screens: list[Screen], **u2: object) -> None:
        self.device: StandinDevice = emulator_device()
        for package in (READER, MALL, FIT):
            self.device.exact[f"pidof {package}"] = ("13579\n", 0)
        self.u2 = U2Standin(self.device, screens, **u2)  # type: ignore[arg-type]
        self.server = AdbStandin([self.device])
        client = adbutils.AdbClient(host="127.0.0.1", port=self.server.port, socket_timeout=10)
        self.shell = DeviceShell(client.device(EMULATOR), timeout=10)

    def driver(self, package: str) -> U2Driver:
        return U2Driver.connect(self.shell, package)

    def close(self) -> None:
        self.u2.close()
        self.server.close()


@pytest.fixture
def reader() -> Iterator[Rig]:
    rig = Rig(
        [
            Screen(
                "first",
                dump("cn-first-run-dialog.xml"),
                {f"{READER}:id/tv_disagree": "second", f"{READER}:id/tv_agree": "home"},
            ),
            # "不同意" opens a second dialog asking again; refusing it leaves the app in
            # its reduced mode (here: the home screen).
            Screen(
                "second",
                dump("cn-refuse-second-step.xml"),
                {f"{READER}:id/tv_exit_app": "home", f"{READER}:id/tv_agree": "home"},
            ),
            Screen(
                "home",
                dump("cn-reader-home.xml"),
                {f"{READER}:id/iv_scan": "miui"},
                keys={"home": "launcher"},
            ),
            Screen("launcher", dump("visiontest-homee-login.xml")),
            Screen(
                "miui",
                dump("perm-miui-location.xml"),
                {"android:id/button1": "home", "android:id/button2": "home"},
            ),
        ],
        clipboard="a note the user copied",
        resume_screen="home",
    )
    yield rig
    rig.close()


class App:
    """AppUnderTest over a U2Driver (launch and stop are the session's, not tested here)."""

    def __init__(self, driver: U2Driver, package: str) -> None:
        self.package = package
        self._driver = driver

    def launch(self) -> float:
        return 0.0

    def ui(self) -> U2Driver:
        return self._driver

    def stop(self) -> float:
        return 0.0


def run(rig: Rig, package: str, steps: str, tmp_path: Path) -> ScenarioRunner:
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nsteps:\n" + steps, encoding="utf-8")
    clock = FakeTime()  # waits run at once; the taps are real RPCs
    runner = ScenarioRunner(
        App(rig.driver(package), package),
        Evidence(),
        RunnerSettings(poll_interval_s=0.05, follow_up_s=1.0),
        clock.sleep,
        clock.monotonic,
    )
    runner.run(load_scenario(path))
    return runner


def test_connect_pushes_the_jar_once_and_starts_the_server_once(reader: Rig) -> None:
    reader.driver(READER)
    reader.driver(READER)  # a second session on the same device reuses the running server
    actions = reader.device.actions
    assert actions.count(f"push {U2_JAR}") == 1
    assert actions.count(f"toybox md5sum {U2_JAR}") == 2
    assert reader.u2.launches == 1
    launch = next(a for a in actions if "app_process" in a)
    assert launch == f"CLASSPATH={U2_JAR} app_process / com.wetest.uia2.Main -p 9008"


def test_actions_go_through_the_json_rpc(reader: Rig) -> None:
    driver = reader.driver(READER)
    assert "用户协议与隐私政策" in driver.dump_hierarchy()
    driver.click(315, 1660)  # "暂不同意"
    assert reader.u2.current == "second"
    driver.press(Key.BACK)
    driver.bring_to_foreground()
    png = driver.screenshot_png()
    assert png is not None and png.startswith(b"\x89PNG")
    assert driver.is_app_alive()
    assert reader.u2.keys == ["back"]
    assert f"monkey -p {READER} -c android.intent.category.LAUNCHER 1" in reader.device.actions
    assert reader.u2.rpc_log[:2] == ["dumpWindowHierarchy", "click"]


def test_a_dead_server_is_relaunched_by_the_client(reader: Rig) -> None:
    driver = reader.driver(READER)
    reader.u2.close()  # the u2 server dies on the device; its port stops answering
    reader.device.tcp_services.clear()
    assert "hierarchy" in driver.dump_hierarchy()
    assert reader.u2.launches == 2


def test_unreachable_server_is_an_infrastructure_error(tmp_path: Path) -> None:
    rig = Rig([Screen("home", dump("cn-reader-home.xml"))])
    try:
        driver = rig.driver(READER)
        rig.device.processes.clear()  # nothing can start it again
        rig.u2.close()
        rig.device.tcp_services.clear()
        with pytest.raises(InfrastructureError, match="uiautomator2"):
            driver.dump_hierarchy()
    finally:
        rig.close()


def test_input_by_clipboard_restores_the_clipboard(reader: Rig) -> None:
    driver = reader.driver(READER)
    driver.input_text("harness", clear=False)
    assert reader.u2.typed == [("first", "harness")]
    assert reader.u2.clipboard == "a note the user copied"
    assert reader.u2.default_ime == LATIN_IME


def test_input_by_ime_restores_the_keyboard() -> None:
    # A device where uiautomator2's AdbKeyboard is installed: send_keys selects it.
    rig = Rig([Screen("home", dump("cn-reader-home.xml"))], ime_installed=True)
    try:
        driver = rig.driver(READER)
        driver.input_text("harness")
        assert rig.u2.typed == [("home", "harness")]
        assert f"ime set {U2_IME}" in rig.device.actions  # it did type through the IME
        assert rig.u2.default_ime == LATIN_IME
        assert U2_IME not in rig.u2.enabled_imes
        assert rig.u2.clipboard in (None, "")
    finally:
        rig.close()


def test_two_step_refusal_then_a_miui_location_prompt_denied(reader: Rig, tmp_path: Path) -> None:
    steps = (
        "  - launch\n"
        "  - consent: refuse\n"
        "  - tap: {description: 扫一扫}\n"
        "  - permission: deny\n"
        "  - stop\n"
    )
    runner = run(reader, READER, steps, tmp_path)
    refusals = [m for m in runner.markers if m.kind is MarkerKind.CONSENT_REFUSE]
    assert [("暂不同意" in m.detail, "不同意并退出" in m.detail) for m in refusals] == [
        (True, False),
        (False, True),
    ]
    assert [t.node for t in reader.u2.taps] == [
        f"{READER}:id/tv_disagree",
        f"{READER}:id/tv_exit_app",
        f"{READER}:id/iv_scan",
        "android:id/button2",
    ]
    [prompt] = runner.prompts
    assert prompt.permission == "android.permission-group.LOCATION"
    assert prompt.answer is PermissionAnswer.DENY
    assert prompt.package == "com.lbe.security.miui"


def test_box_ticked_before_accepting_then_coloros_camera_allowed(tmp_path: Path) -> None:
    rig = Rig(
        [
            Screen(
                "sheet",
                dump("cn-tick-required.xml"),
                {f"{MALL}:id/cb_agreement": "ticked", f"{MALL}:id/btn_disagree": "home"},
            ),
            Screen("ticked", dump("cn-tick-required-ticked.xml"), {f"{MALL}:id/btn_agree": "home"}),
            Screen("home", dump("cn-mall-home.xml"), {f"{MALL}:id/iv_scan": "camera"}),
            Screen(
                "camera",
                dump("perm-coloros-camera.xml"),
                {
                    "com.oplus.securitypermission:id/btn_allow_while_using": "home",
                    "com.oplus.securitypermission:id/btn_forbid": "home",
                },
            ),
        ]
    )
    try:
        steps = (
            "  - launch\n"
            "  - consent: accept\n"
            "  - tap: {description: 扫一扫}\n"
            "  - permission: allow\n"
        )
        runner = run(rig, MALL, steps, tmp_path)
    finally:
        rig.close()
    kinds = [m.kind for m in runner.markers]
    assert kinds.index(MarkerKind.CONSENT_BOX_TICKED) < kinds.index(MarkerKind.CONSENT_ACCEPT)
    assert MarkerKind.CONSENT_PRETICKED not in kinds
    assert [t.node for t in rig.u2.taps][:2] == [f"{MALL}:id/cb_agreement", f"{MALL}:id/btn_agree"]
    [prompt] = runner.prompts
    assert prompt.permission == "android.permission-group.CAMERA"
    assert prompt.answer is PermissionAnswer.ALLOW_FOREGROUND


def test_consent_ticked_by_default_is_recorded_when_refusing(tmp_path: Path) -> None:
    rig = Rig(
        [
            Screen("dialog", dump("en-preticked-agreement.xml"), {f"{FIT}:id/btn_exit": "home"}),
            Screen("home", dump("en-fitlife-home.xml")),
        ]
    )
    try:
        runner = run(rig, FIT, "  - launch\n  - consent: refuse\n", tmp_path)
    finally:
        rig.close()
    kinds = [m.kind for m in runner.markers]
    assert kinds[:3] == [
        MarkerKind.LAUNCH,
        MarkerKind.CONSENT_PRETICKED,
        MarkerKind.CONSENT_REFUSE,
    ]
    assert kinds.count(MarkerKind.CONSENT_REFUSE) == 1
    assert MarkerKind.CONSENT_BOX_TICKED not in kinds
    assert rig.u2.taps[0].node == f"{FIT}:id/btn_exit"


def ticking() -> Iterator[float]:
    t = 1000.0
    while True:
        yield t
        t += 0.1


def test_instants_are_midpoints_of_the_rpc_and_the_driver_is_a_ui_driver(reader: Rig) -> None:
    import uiautomator2

    clock = ticking()
    driver = U2Driver(
        uiautomator2.connect(reader.shell.device), reader.shell, READER, now=lambda: next(clock)
    )
    as_protocol: UiDriver = driver  # mypy checks U2Driver against the protocol
    assert as_protocol is driver
    assert driver.click(315, 1660) == pytest.approx(1000.05)  # midpoint of the RPC
    assert driver.press(Key.BACK) == pytest.approx(1000.25)
    # A long press and a swipe begin when the call starts; typing is the call's midpoint.
    assert driver.long_click(10, 10, 0.8) == pytest.approx(1000.4)
    assert driver.swipe(1, 2, 3, 4, 0.3) == pytest.approx(1000.5)
    assert driver.input_text("手机") == pytest.approx(1000.65)
    assert driver.press(Key.ENTER) == pytest.approx(1000.85)
    calls = [c for c in reader.u2.rpc_calls if c[0] in ("click", "swipe", "pressKey")]
    assert calls == [
        ("click", [315, 1660]),
        ("pressKey", ["back"]),
        ("click", [10, 10, 800]),  # uiautomator2's long click: a click with a duration in ms
        ("swipe", [1, 2, 3, 4, 60]),  # steps of 5 ms
        ("pressKey", ["enter"]),
    ]
    assert reader.u2.typed == [("second", "手机")]


def test_secure_window_gives_no_screenshot_and_a_dead_app_is_not_alive() -> None:
    rig = Rig([Screen("home", dump("cn-reader-home.xml"))], secure=True)
    try:
        driver = rig.driver("org.harness.absent")
        assert driver.screenshot_png() is None
        assert driver.is_app_alive() is False
    finally:
        rig.close()


def test_home_leaves_the_app_and_the_launcher_brings_it_back(reader: Rig) -> None:
    driver = reader.driver(READER)
    reader.u2.current = "home"
    driver.press(Key.HOME)
    assert READER not in driver.dump_hierarchy()
    driver.bring_to_foreground()
    assert f'package="{READER}"' in driver.dump_hierarchy()


def test_the_explorer_leaves_the_consent_buttons_and_box_alone(tmp_path: Path) -> None:
    rig = Rig([Screen("sheet", dump("cn-tick-required.xml"))])
    try:
        run(
            rig,
            MALL,
            "  - launch\n  - explore: {duration: 30, seed: 3, max_actions: 8}\n",
            tmp_path,
        )
    finally:
        rig.close()
    tapped = {t.node for t in rig.u2.taps}
    assert tapped  # it did explore the screen (the agreement text, the sheet's own links)
    consent = {f"{MALL}:id/{name}" for name in ("cb_agreement", "btn_agree", "btn_disagree")}
    assert not tapped & consent
