from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.config import DeviceKind, load_devices
from harness.config.devices import DeviceConfig, ProxyMode
from harness.errors import InputError
from harness.model import DataCategory
from tests.conftest import REPO_ROOT
from tests.input_errors import input_error


def test_shipped_devices_yaml_has_host_lab_first() -> None:
    lab = load_devices(REPO_ROOT / "devices.yaml")
    default = lab.device(None, REPO_ROOT / "devices.yaml")
    assert default.name == "host-lab"
    assert default.kind is DeviceKind.HOST_LAB
    assert default.identifiers[DataCategory.DEVICE_ID] == "867530912345678"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("version: 1\ndevices:\n  - name: a\n    kind: phone\n", 4, "devices.0.kind"),
        ("version: 1\ndevices:\n  - name: a\n    kind: usb\n", 3, "needs 'serial'"),
        ("version: 1\ndevices:\n  - name: a\n    kind: host-lab\n    colour: red\n", 5, "colour"),
        ("version: 1\ndevices: []\n", 2, "at least 1"),
        (
            "version: 1\ndevices:\n  - name: a\n    kind: host-lab\n"
            "  - name: a\n    kind: host-lab\n",
            1,
            "used twice",
        ),
        (
            "version: 1\ndevices:\n  - name: a\n    kind: host-lab\n    identifiers: {imei: 1}\n",
            5,
            "identifiers.imei",
        ),
        ("version: 1\ndevices: [\n", 3, "not valid YAML"),
    ],
)
def test_malformed_devices_yaml_names_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = tmp_path / "devices.yaml"
    error = input_error(load_devices, path, text)
    assert error.path == path
    assert error.line == line
    assert fragment in error.describe()
    assert str(path) in error.describe()


def test_unknown_device_name_lists_the_known_ones() -> None:
    lab = load_devices(REPO_ROOT / "devices.yaml")
    with pytest.raises(InputError, match="host-lab"):
        lab.device("pixel9", REPO_ROOT / "devices.yaml")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_devices(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"kind": "host-lab"}, ProxyMode.SINKHOLE),  # lab apps need no internet
        ({"kind": "usb", "serial": "S1"}, ProxyMode.PASSTHROUGH),  # a real app, real servers
        ({"kind": "tcp", "address": "h:5555"}, ProxyMode.PASSTHROUGH),
        ({"kind": "emulator", "avd": "Pixel_7"}, ProxyMode.PASSTHROUGH),
        ({"kind": "tcp", "address": "h:5555", "proxy_mode": "sinkhole"}, ProxyMode.SINKHOLE),
        ({"kind": "host-lab", "proxy_mode": "passthrough"}, ProxyMode.PASSTHROUGH),
    ],
)
def test_proxy_mode_is_the_one_given_else_the_kinds(
    fields: dict[str, str], expected: ProxyMode
) -> None:
    device = DeviceConfig.model_validate({"name": "d", **fields})
    assert device.resolved_proxy_mode() is expected


def test_an_unset_proxy_mode_stays_unset_through_a_round_trip() -> None:
    # A default written into the model would come back as an explicit sinkhole.
    phone = DeviceConfig(name="p", kind=DeviceKind.USB, serial="S1")
    again = DeviceConfig.model_validate(phone.model_dump())
    assert again.proxy_mode is None
    assert again.resolved_proxy_mode() is ProxyMode.PASSTHROUGH


def test_shipped_devices_yaml_and_its_commented_examples_resolve(tmp_path: Path) -> None:
    text = (REPO_ROOT / "devices.yaml").read_text(encoding="utf-8")
    # Uncomment the example devices (a commented "- name:" line and the fields under it).
    examples = re.sub(r"(?m)^  # ((?:- |  +)\S)", r"  \1", text)
    assert examples != text
    path = tmp_path / "devices.yaml"
    path.write_text(examples, encoding="utf-8")
    modes = {d.name: d.resolved_proxy_mode() for d in load_devices(path).devices}
    assert modes == {
        "host-lab": ProxyMode.SINKHOLE,
        "host-lab-2": ProxyMode.SINKHOLE,
        "host-lab-transparent": ProxyMode.SINKHOLE,
        "pixel7": ProxyMode.PASSTHROUGH,
        "api34": ProxyMode.PASSTHROUGH,
    }
