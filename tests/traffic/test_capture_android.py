"""Transparent capture on an Android device, against the stand-in adb server.

The real adbutils client talks the adb protocol to tests/android/adb_standin.py; the
device's iptables is tests/traffic/fake_iptables.py (stateful, with iptables' messages).
Checked: the exact commands that redirect the app's uid and nothing else, that clearing
leaves no rule or chain (also a crashed run's leftovers and a set-up failing half-way), and
a whole session in transparent mode: the rules in the bundle, removed afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import adbutils
import pytest

from harness.android import proxy
from harness.android.shell import DeviceShell
from harness.config.devices import CaptureMode, DeviceKind
from harness.errors import InfrastructureError
from harness.session.orchestrator import run_session
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.conftest import EMULATOR, emulator_device, phone_device
from tests.android.session_kit import PACKAGE
from tests.android.test_session_android import Lab, _lab
from tests.traffic.fake_iptables import FakeIptables

UID = 10187
PORT = 8181
DUMPSYS = Path(__file__).resolve().parents[1] / "fixtures/android/outputs/dumpsys-package-api34.txt"

SET_UP = [
    "iptables -t nat -N harness_capture",
    "iptables -t filter -N harness_capture",
    "ip6tables -t filter -N harness_capture",
    "iptables -t nat -A harness_capture -d 127.0.0.0/8 -j RETURN",
    f"iptables -t nat -A harness_capture -p tcp -j REDIRECT --to-ports {PORT}",
    "iptables -t filter -A harness_capture -p udp --dport 443 -j REJECT",
    "ip6tables -t filter -A harness_capture -d ::1/128 -j RETURN",
    "ip6tables -t filter -A harness_capture -p tcp -j REJECT --reject-with tcp-reset",
    "ip6tables -t filter -A harness_capture -p udp --dport 443 -j REJECT",
    f"iptables -t nat -A OUTPUT -m owner --uid-owner {UID} -j harness_capture",
    f"iptables -t filter -A OUTPUT -m owner --uid-owner {UID} -j harness_capture",
    f"ip6tables -t filter -A OUTPUT -m owner --uid-owner {UID} -j harness_capture",
]


def _clear(*, hooked: tuple[str, ...] = ()) -> list[str]:
    """What clearing issues; `hooked` are the tables whose OUTPUT jumps to our chain."""
    lines = []
    for prog, table in (("iptables", "nat"), ("iptables", "filter"), ("ip6tables", "filter")):
        lines.append(f"{prog} -t {table} -S OUTPUT")
        if f"{prog} {table}" in hooked:
            lines.append(
                f"{prog} -t {table} -D OUTPUT -m owner --uid-owner {UID} -j harness_capture"
            )
        lines += [f"{prog} -t {table} -F harness_capture", f"{prog} -t {table} -X harness_capture"]
    return lines


ALL_HOOKED = ("iptables nat", "iptables filter", "ip6tables filter")


@pytest.fixture
def device() -> Iterator[tuple[StandinDevice, FakeIptables, DeviceShell]]:
    standin_device = emulator_device()  # adbd runs as root: commands are not wrapped
    iptables = FakeIptables()
    iptables.install(standin_device)
    server = AdbStandin([standin_device, phone_device()])
    client = adbutils.AdbClient(host="127.0.0.1", port=server.port, socket_timeout=10)
    yield standin_device, iptables, DeviceShell(client.device(EMULATOR), timeout=10)
    server.close()


def _shell_actions(device: StandinDevice) -> list[str]:
    return [a for a in device.actions if a != "id -u"]


def test_the_app_uid_alone_is_redirected_and_cleared(device) -> None:  # type: ignore[no-untyped-def]
    standin, iptables, shell = device
    redirect = proxy.set_transparent(shell, PORT, UID)

    assert redirect == proxy.UidRedirect(UID, PORT)
    # A crashed run's leftovers are looked for first (none here), then reverse, then rules.
    assert _shell_actions(standin) == [*_clear(), f"reverse forward tcp:{PORT} tcp:{PORT}", *SET_UP]
    assert standin.reverses == {f"tcp:{PORT}": f"tcp:{PORT}"}
    assert iptables.table("iptables", "nat")["OUTPUT"] == [
        f"-m owner --uid-owner {UID} -j harness_capture"
    ]

    standin.actions.clear()
    assert proxy.clear_transparent(shell, PORT) == []
    assert _shell_actions(standin) == [*_clear(hooked=ALL_HOOKED), f"reverse remove tcp:{PORT}"]
    assert iptables.leftovers() == {} and standin.reverses == {}


def test_a_set_up_failing_half_way_is_undone(device) -> None:  # type: ignore[no-untyped-def]
    standin, iptables, shell = device
    iptables.owner_match = False  # a kernel without xt_owner: the first OUTPUT hook fails

    with pytest.raises(InfrastructureError, match=r"owner.*capture: proxy otherwise"):
        proxy.set_transparent(shell, PORT, UID)

    failed = SET_UP.index(
        f"iptables -t nat -A OUTPUT -m owner --uid-owner {UID} -j harness_capture"
    )
    assert _shell_actions(standin) == [
        *_clear(),
        f"reverse forward tcp:{PORT} tcp:{PORT}",
        *SET_UP[: failed + 1],
        *_clear(),  # nothing hooked into OUTPUT: chains flushed and deleted
        f"reverse remove tcp:{PORT}",
    ]
    assert iptables.leftovers() == {} and standin.reverses == {}


def test_a_crashed_runs_rules_are_removed_first(device) -> None:  # type: ignore[no-untyped-def]
    standin, iptables, shell = device
    proxy.set_transparent(shell, PORT, UID)
    standin.actions.clear()  # the harness died here; a new session starts

    proxy.set_transparent(shell, PORT, UID)

    assert _shell_actions(standin)[: len(_clear(hooked=ALL_HOOKED))] == _clear(hooked=ALL_HOOKED)
    assert iptables.table("ip6tables", "filter")["OUTPUT"] == [
        f"-m owner --uid-owner {UID} -j harness_capture"
    ]  # once, not twice


def test_without_root_transparent_capture_fails_clearly(phone_shell_standin) -> None:  # type: ignore[no-untyped-def]
    shell = phone_shell_standin
    with pytest.raises(InfrastructureError, match="no root"):
        proxy.set_transparent(shell, PORT, UID)


@pytest.fixture
def phone_shell_standin() -> Iterator[DeviceShell]:
    server = AdbStandin([phone_device()])
    client = adbutils.AdbClient(host="127.0.0.1", port=server.port, socket_timeout=10)
    yield DeviceShell(client.device("2A211FDH2001ZZ"), timeout=10)
    server.close()


# --- a whole session --------------------------------------------------------------------


def _transparent_lab(
    tmp_path: Path, frida_peer: tuple[str, int], **kwargs: object
) -> tuple[Lab, FakeIptables]:
    lab = _lab(tmp_path, DeviceKind.USB, frida_peer, **kwargs)  # type: ignore[arg-type]
    lab.config = lab.config.model_copy(update={"capture": CaptureMode.TRANSPARENT})
    text = DUMPSYS.read_text(encoding="utf-8").replace("org.harness.fixture", PACKAGE)
    lab.device.exact[f"dumpsys package {PACKAGE}"] = (text, 0)
    iptables = FakeIptables()
    iptables.install(lab.device)
    return lab, iptables


def test_a_session_in_transparent_mode(tmp_path: Path, frida_peer: tuple[str, int]) -> None:
    lab, iptables = _transparent_lab(tmp_path, frida_peer)
    try:
        bundle = run_session(lab.request())
        actions = lab.device.actions
        port = lab.port
        expected = [line.replace(str(PORT), str(port)) for line in SET_UP]
        start = actions.index(expected[0])
        assert actions[start : start + len(expected)] == expected
        # No global proxy is set, and the agent forces none: the redirect catches the app.
        assert not any(a.startswith("settings put global http_proxy 127") for a in actions)
        assert lab.frida.script is not None and lab.frida.script.config is not None
        assert lab.frida.script.config["network"] == {"unpin": True, "proxy": None}
        # Left clean: rules, chains and reverse gone.
        assert iptables.leftovers() == {} and lab.device.reverses == {}

        manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
        capture = manifest["capture"]
        assert capture["mode"] == "transparent"
        assert any("other uids" in spot for spot in capture["blind_spots"])
        assert (
            f"iptables -t nat -A OUTPUT -m owner --uid-owner {UID} -j harness_capture"
            in (capture["detail"])
        )
        assert manifest["device"]["fingerprint"]["cleanup_problems"] == []
        scoring = json.loads((bundle / "scoring.json").read_text(encoding="utf-8"))
        assert scoring["capture"] == capture
    finally:
        lab.standin.close()


def test_a_failing_transparent_session_removes_its_rules(
    tmp_path: Path, frida_peer: tuple[str, int]
) -> None:
    lab, iptables = _transparent_lab(tmp_path, frida_peer, fail_on_click=2)
    try:
        with pytest.raises(InfrastructureError, match="uiautomator2 action failed"):
            run_session(lab.request())
        assert iptables.leftovers() == {} and lab.device.reverses == {}
        assert f"iptables -t nat -D OUTPUT -m owner --uid-owner {UID} -j harness_capture" in (
            lab.device.actions
        )
    finally:
        lab.standin.close()


def test_proxy_capture_records_its_blind_spot(tmp_path: Path, frida_peer: tuple[str, int]) -> None:
    lab = _lab(tmp_path, DeviceKind.USB, frida_peer)
    try:
        bundle = run_session(lab.request())
        manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["capture"]["mode"] == "proxy"
        assert any("ignores the system proxy" in s for s in manifest["capture"]["blind_spots"])
    finally:
        lab.standin.close()


def test_a_session_in_wireguard_mode_leaves_the_device_network_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, frida_peer: tuple[str, int]
) -> None:
    lab = _lab(tmp_path, DeviceKind.USB, frida_peer)
    lab.config = lab.config.model_copy(
        update={"capture": CaptureMode.WIREGUARD, "wireguard_port": 0}  # any free port here
    )
    try:
        bundle = run_session(lab.request())
        actions = lab.device.actions
        # Nothing routes the app on the device: the technician's tunnel does.
        assert not any(a.startswith(("reverse forward", "iptables", "ip6tables")) for a in actions)
        assert not any(a.startswith("settings put global http_proxy 127") for a in actions)
        assert lab.frida.script is not None and lab.frida.script.config is not None
        assert lab.frida.script.config["network"] == {"unpin": True, "proxy": None}

        manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
        capture = manifest["capture"]
        assert capture["mode"] == "wireguard"
        assert any("tunnel is down" in spot for spot in capture["blind_spots"])
        (detail,) = capture["detail"]
        config = Path(detail.split("client config ", 1)[1].split(" (", 1)[0])
        text = config.read_text(encoding="utf-8")
        assert f"IncludedApplications = {PACKAGE}" in text and "PrivateKey = " in text
        assert config.stat().st_mode & 0o077 == 0  # the tunnel's private key: owner only
        assert str(config) not in {str(p) for p in bundle.rglob("*")}  # not in the bundle
        assert any("import" in r.message and str(config) in r.message for r in caplog.records)
    finally:
        lab.standin.close()
