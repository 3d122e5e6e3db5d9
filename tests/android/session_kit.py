"""A phone for whole-session tests: the adb stand-in's device, a Frida device, a u2 server.

Only what no machine here can run is replaced: frida-server on a phone (FakeFridaDevice,
which records every call the agent session makes and answers the agent's init, flush and
report RPCs as the real agent does: the install report on init, the buffered events on
flush; with spawn gating on, it announces the processes zygote starts after the app's
resume, `spawn-added` as frida-server does) and the uiautomator2 server on it
(RecordedScreens, which serves real recorded uiautomator dumps from
tests/fixtures/android/hierarchy). adb is the real wire protocol,
spoken by tests/android/adb_standin.py with the recorded answers of a rooted Android 14
device (exchanges/emulator-api34.yaml) plus the few answers a session needs for its app
(pm install/uninstall, pidof, am force-stop, the CA store script), kept consistent by one
`Phone` state: the app is installed, running and in the foreground, or not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frida
import uiautomator2
from PIL import Image
from uiautomator2.exceptions import ConnectError

from harness.android.certs import APEX_CACERTS
from harness.android.clock import DEVICE_NOW
from harness.android.frida_server import DEFAULT_PORT, DEVICE_PATH
from tests.android.adb_standin import StandinDevice

U2_APK = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"
PACKAGE = "com.github.uiautomator"  # the package of U2_APK, the app under test here
HIERARCHY = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "hierarchy"
# A real login screen ("By logging in, you agree with our Terms of Service and Privacy
# Policy"; buttons "Log In", "I am new here"), shown as the app's own screen.
APP_DUMP = HIERARCHY / "visiontest-homee-login.xml"
APP_DUMP_PACKAGE = "de.vorwerk.homee.homee"
# Another app's screen: what is on screen while the app is in the background.
OTHER_DUMP = HIERARCHY / "termux-flutter-ide-retry.xml"
DEVICE_AHEAD_S = 100.0  # the phone's clock runs this far ahead of the host's
APP_PID = 4321
ANDROID_ID = "9a3c47e1b05d2f68"  # what exchanges/emulator-api34.yaml's settings hold
SITES = [
    [
        0,
        [
            "settings.secure.getString",
            "read",
            "android.provider.Settings$Secure.getString",
            "(android.content.ContentResolver, java.lang.String)",
        ],
    ]
]
STACK = [
    "android.provider.Settings$Secure.getString(Native Method)",
    "com.github.uiautomator.MainActivity.onCreate(MainActivity.java:42)",
    "android.app.Activity.performCreate(Activity.java:8595)",
]
IMEI = "352099001761481"  # what the recorded `service call iphonesubinfo` answers
# A second process of the app (`<package>:push`): its push SDK reads the IMEI at start.
PUSH_SITES = [
    [
        0,
        [
            "telephony.getDeviceId",
            "read",
            "android.telephony.TelephonyManager.getDeviceId",
            "()",
        ],
    ]
]
PUSH_STACK = [
    "android.telephony.TelephonyManager.getDeviceId(Native Method)",
    "com.igexin.sdk.PushService.onCreate(PushService.java:31)",
    "android.app.ActivityThread.handleCreateService(ActivityThread.java:4664)",
]


@dataclass(frozen=True)
class GatedSpawn:
    """What frida.Spawn carries: a process zygote started, held by spawn gating."""

    pid: int
    identifier: str
    lost: str | None = None  # the session to it breaks once it runs (a detach reason)
    fail_init: bool = False  # the agent's init fails in it


@dataclass
class Phone:
    """The app's state on the phone, shared by adb's answers, Frida and the UI server."""

    installed: bool = False
    running: bool = False
    foreground: bool = False
    # Frida sessions attached to the app: told when its process ends, as frida-server does.
    detached_callbacks: list[Callable[..., None]] = field(default_factory=list)

    def app_ended(self) -> None:
        self.running = self.foreground = False
        for callback in self.detached_callbacks:
            callback("process-terminated", None)


def rooted_phone(serial: str, phone: Phone, frida_peer: tuple[str, int]) -> StandinDevice:
    """A rooted Android 14 device on the stand-in adb server, ready for a session; its
    frida-server port (27042) answers with the real Frida service at `frida_peer`."""
    device = StandinDevice(serial, product="husky", model="Pixel_8_Pro", device="husky")
    device.load_exchanges("emulator-api34")
    device.tcp_services[DEFAULT_PORT] = frida_peer
    remote = "/data/local/tmp/harness-install/base.apk"
    del device.exact[f"pm install -r -t {remote}"]  # answered by the phone's state below

    def install(_m: re.Match[str]) -> tuple[str, int]:
        phone.installed = True
        return ("Success\n", 0)

    def uninstall(_m: re.Match[str]) -> tuple[str, int]:
        was, phone.installed, phone.running = phone.installed, False, False
        return ("Success\n", 0) if was else ("Failure [DELETE_FAILED_INTERNAL_ERROR]\n", 1)

    def pidof(_m: re.Match[str]) -> tuple[str, int]:
        return (f"{APP_PID}\n", 0) if phone.running else ("", 1)

    def force_stop(_m: re.Match[str]) -> tuple[str, int]:
        phone.app_ended()
        return ("", 0)

    def now(_m: re.Match[str]) -> tuple[str, int]:
        return (f"{time.time() + DEVICE_AHEAD_S:.9f}\n", 0)

    def ca_script(m: re.Match[str]) -> tuple[str, int]:
        # The script ends by listing the installed certificate (harness.android.certs):
        # in the APEX on this Android 14 phone.
        return (f"{APEX_CACERTS}/{m.group('name')}\n", 0)

    pkg = re.escape(PACKAGE)
    device.patterns[:0] = [
        (re.compile(rf"pm install -r -t {re.escape(remote)}"), install),
        (re.compile(rf"pm uninstall {pkg}"), uninstall),
        (re.compile(rf"pidof {pkg}"), pidof),
        (re.compile(rf"am force-stop {pkg}"), force_stop),
        (re.compile(re.escape(DEVICE_NOW)), now),
        (re.compile(r"mkdir -p /data/local/tmp/harness-ca && chmod 755 \S+"), ("", 0)),
        (
            re.compile(r"cp /data/local/tmp/\w+\.0 /data/local/tmp/harness-ca/\w+\.0 && rm -f \S+"),
            ("", 0),
        ),
        (re.compile(r"set -e\n.*\nN=(?P<name>\S+)\n.*", re.S), ca_script),
        (re.compile(r"S=.*\nrm -rf \"\$ST\"\n.*", re.S), ("", 0)),  # the CA cleanup script
        (re.compile(re.escape(f"{DEVICE_PATH} --version 2>&1")), (f"{frida.__version__}\n", 0)),
        (re.compile(r"ps -A -o PID,ARGS"), (f"  PID ARGS\n 2345 {DEVICE_PATH}\n", 0)),
    ]
    return device


class FakeScript:
    """The agent's script: answers init/flush/report like hooks/src/index.ts.

    In the app's first process (APP_PID) it reads ANDROID_ID; in any other, the IMEI (a push
    SDK's process). Calls are logged as `<call>` for the first, `<call> @<pid>` for others.
    """

    def __init__(self, device: FakeFridaDevice, pid: int = APP_PID) -> None:
        self._device = device
        self._pid = pid
        self._on_message: Callable[[dict[str, Any], bytes | None], None] | None = None
        self._on_destroyed: Callable[[], None] | None = None
        self.exports_sync = _Exports(self)
        self.config: dict[str, Any] | None = None
        self.started = False  # init succeeded: the agent runs (and flushes when it ends)
        self._pending: list[list[Any]] = []

    def on(self, signal: str, callback: Callable[..., None]) -> None:
        # Frida's Script has these two signals; `destroyed` fires when the script ends.
        assert signal in ("message", "destroyed")
        if signal == "message":
            self._on_message = callback
        else:
            self._on_destroyed = callback

    def _log(self, call: str) -> None:
        self._device.calls.append(call if self._pid == APP_PID else f"{call} @{self._pid}")

    def load(self) -> None:
        self._log("load")

    def unload(self) -> None:
        self._log("unload")
        if self._on_destroyed is not None:
            self._on_destroyed()

    def send(self, payload: dict[str, Any]) -> None:
        assert self._on_message is not None
        self._on_message({"type": "send", "payload": payload}, None)

    def init(self, config: dict[str, Any]) -> str:
        self._log("init")
        self.config = config
        if self._device.fail_init or self._device.init_fails_in(self._pid):
            raise frida.InvalidArgumentError("script error: the agent did not start")
        self.started = True
        # The app reads ANDROID_ID from its first instruction on: before any consent. The
        # agent stamps events with the device's clock.
        device_ms = (time.time() + DEVICE_AHEAD_S) * 1000.0
        if self._pid == APP_PID:
            self._pending.append(
                [0, device_ms, 0, "android_id", 0, [None, "android_id"], ANDROID_ID, 0]
            )
        else:
            self._pending.append([0, device_ms, 0, "device_id", 0, [], IMEI, 0])
        self.send(
            {
                "type": "install",
                "installed": ["settings.secure.getString"],
                "missing": [],
                "late": [],
            }
        )
        return "java-available"

    def flush(self) -> int:
        self._log("flush")
        events, self._pending = self._pending, []
        main = self._pid == APP_PID
        if events:
            self.send(
                {
                    "type": "events",
                    "process": self.config["process"] if self.config else "",
                    "events": events,
                    "stacks": [[0, STACK if main else PUSH_STACK]],
                    "sites": SITES if main else PUSH_SITES,
                    "threads": [[0, "main"]],
                    "produced": len(events),
                }
            )
        return len(events)

    def report(self) -> dict[str, Any]:
        return {"installed": ["settings.secure.getString"], "missing": [], "late": []}


class _Exports:
    def __init__(self, script: FakeScript) -> None:
        self.init = script.init
        self.flush = script.flush
        self.report = script.report


class FakeSession:
    def __init__(self, device: FakeFridaDevice, pid: int = APP_PID) -> None:
        self._device = device
        self._pid = pid
        self.detached_callbacks: list[Callable[..., None]] = []

    def _log(self, call: str) -> None:
        self._device.calls.append(call if self._pid == APP_PID else f"{call} @{self._pid}")

    def on(self, signal: str, callback: Callable[..., None]) -> None:
        assert signal == "detached"
        # force-stop ends every process of the package: each session hears it.
        self._device.phone.detached_callbacks.append(callback)
        self.detached_callbacks.append(callback)

    def create_script(self, source: str, name: str | None = None) -> FakeScript:
        self._log(f"create_script {name}")
        assert "rpc.exports" in source  # the compiled agent itself
        script = FakeScript(self._device, self._pid)
        self._device.scripts[self._pid] = script
        if self._pid == APP_PID:
            self._device.script = script
        return script

    def detach(self) -> None:
        self._log("detach")

    def end(self, reason: str) -> None:
        """frida-server tells this session it is over (its process ended, the link broke).

        A process that ends delivers its last batch first (the agent's dispose() flushes).
        """
        script = self._device.scripts.get(self._pid)
        if reason == "process-terminated" and script is not None and script.started:
            script.flush()
        for callback in self.detached_callbacks:
            callback(reason, None)


class FakeFridaDevice:
    """The Frida device of a phone running frida-server: spawning and killing its app."""

    def __init__(
        self,
        phone: Phone,
        *,
        fail_init: bool = False,
        spawns: tuple[GatedSpawn, ...] = (),
        restarts: bool = False,
    ) -> None:
        self.phone = phone
        self.fail_init = fail_init
        # Started by zygote once the app runs (announced if spawn gating is on), in order;
        # `restarts`: the app's first process ends just before them (it restarts itself).
        self._spawns = spawns
        self._restarts = restarts
        self.calls: list[str] = []
        self.serials: list[str] = []  # the adb serials the session asked Frida for
        self.script: FakeScript | None = None  # the first process's
        self.scripts: dict[int, FakeScript] = {}
        self.sessions: dict[int, FakeSession] = {}
        self.gating = False
        self._spawn_added: list[Callable[[GatedSpawn], None]] = []

    def for_serial(self, serial: str) -> FakeFridaDevice:
        self.serials.append(serial)
        return self

    def on(self, signal: str, callback: Callable[..., None]) -> None:
        self.calls.append(f"on {signal}")
        if signal == "spawn-added":
            self._spawn_added.append(callback)

    def off(self, signal: str, callback: Callable[..., None]) -> None:
        self.calls.append(f"off {signal}")
        if signal == "spawn-added":
            self._spawn_added.remove(callback)

    def init_fails_in(self, pid: int) -> bool:
        return any(s.pid == pid and s.fail_init for s in self._spawns)

    def enable_spawn_gating(self) -> None:
        self.calls.append("enable_spawn_gating")
        self.gating = True

    def disable_spawn_gating(self) -> None:
        self.calls.append("disable_spawn_gating")
        self.gating = False

    def spawn(self, program: str | list[str], **options: Any) -> int:
        self.calls.append(f"spawn {program}")
        assert self.phone.installed, "spawned before the APK was installed"
        self.phone.running = True  # suspended, but a process already
        return APP_PID

    def attach(self, pid: int) -> FakeSession:
        self.calls.append(f"attach {pid}")
        session = FakeSession(self, pid)
        self.sessions[pid] = session
        return session

    def resume(self, pid: int) -> None:
        self.calls.append(f"resume {pid}")
        self.phone.foreground = True
        if pid != APP_PID:
            lost = next((s.lost for s in self._spawns if s.pid == pid and s.lost), None)
            if lost is not None:
                self.sessions[pid].end(lost)
            return
        if self._restarts:
            self.sessions[APP_PID].end("process-terminated")
        if self.gating:
            for spawn in self._spawns:
                for callback in list(self._spawn_added):
                    callback(spawn)

    def kill(self, pid: int) -> None:
        self.calls.append(f"kill {pid}")
        if pid == APP_PID or pid not in self.sessions:
            self.phone.app_ended()
        else:  # one of the app's other processes: only its own session hears it
            self.sessions[pid].end("process-terminated")


class RecordedScreens:
    """uiautomator2's Device as U2Driver uses it, serving recorded dumps.

    The app's screen is APP_DUMP with its package renamed to the app's; HOME shows another
    app (OTHER_DUMP) until the app is started again. `fail_on_click` makes the Nth click
    fail as a uiautomator2 server that went away does.
    """

    def __init__(self, phone: Phone, fail_on_click: int | None = None) -> None:
        self.phone = phone
        self.calls: list[str] = []
        self._fail_on_click = fail_on_click
        self._clicks = 0
        self._app = APP_DUMP.read_text(encoding="utf-8").replace(
            f'package="{APP_DUMP_PACKAGE}"', f'package="{PACKAGE}"'
        )
        self._other = OTHER_DUMP.read_text(encoding="utf-8")

    def dump_hierarchy(self) -> str:
        return self._app if self.phone.foreground else self._other

    def click(self, x: int, y: int) -> None:
        self._clicks += 1
        self.calls.append(f"click {x},{y}")
        if self._clicks == self._fail_on_click:
            raise ConnectError("uiautomator2 server is not responding")

    def long_click(self, x: int, y: int, duration: float = 0.5) -> None:
        self.calls.append(f"long_click {x},{y}")

    def swipe(self, fx: int, fy: int, tx: int, ty: int, duration: float | None = None) -> None:
        self.calls.append(f"swipe {fx},{fy} {tx},{ty}")

    def send_keys(self, text: str, clear: bool = False) -> None:
        self.calls.append(f"send_keys {text}")

    def press(self, key: str) -> None:
        self.calls.append(f"press {key}")
        if key == "home":
            self.phone.foreground = False

    def app_start(self, package_name: str) -> None:
        self.calls.append(f"app_start {package_name}")
        if package_name == PACKAGE and self.phone.running:
            self.phone.foreground = True

    def screenshot(self) -> Image.Image:
        return Image.new("RGB", (108, 240), "white" if self.phone.foreground else "gray")
