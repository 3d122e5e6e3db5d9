from __future__ import annotations

from pathlib import Path

import pytest

from harness.config import DeviceKind, load_devices
from harness.errors import InputError
from harness.model import DataCategory
from tests.conftest import REPO_ROOT
from tests.unit.input_errors import input_error


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
