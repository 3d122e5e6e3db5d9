"""Split APKs filtered to the device, as `adb install-multiple` with Play's choice would be."""

from __future__ import annotations

import zipfile
from pathlib import Path

from harness.android import apps, splits
from harness.android.shell import DeviceShell
from harness.android.splits import DeviceSpec
from tests.android.adb_standin import AdbStandin
from tests.android.conftest import EMULATOR
from tests.android.session_kit import U2_APK

PIXEL = DeviceSpec(("arm64_v8a", "armeabi_v7a", "armeabi"), 420, ("zh", "en"))


def test_split_names_from_manifest_or_file_name() -> None:
    assert splits.split_name("splits/base-arm64_v8a.apk", None) == "config.arm64_v8a"
    assert splits.split_name("splits/base-master.apk", None) == ""
    assert splits.split_name("split_config.xxhdpi.apk", None) == "config.xxhdpi"
    assert splits.split_name("anything.apk", "feature.config.en") == "feature.config.en"


def test_choice_per_abi_density_language_and_feature() -> None:
    entries = {
        "config.arm64_v8a.apk": "config.arm64_v8a",
        "config.armeabi_v7a.apk": "config.armeabi_v7a",
        "config.x86_64.apk": "config.x86_64",
        "config.hdpi.apk": "config.hdpi",
        "config.xxhdpi.apk": "config.xxhdpi",
        "config.xxxhdpi.apk": "config.xxxhdpi",
        "config.en.apk": "config.en",
        "config.fr.apk": "config.fr",
        "config.zh.apk": "config.zh",
        "config.astc.apk": "config.astc",  # texture format: cannot be judged, kept
        "camera.apk": "camera",  # a feature split: always
        "camera.config.arm64_v8a.apk": "camera.config.arm64_v8a",
        "camera.config.x86.apk": "camera.config.x86",
    }
    choice = splits.choose(entries, PIXEL)
    assert choice.keep == (
        "config.arm64_v8a.apk",  # the most preferred ABI present, only one
        "config.xxhdpi.apk",  # 480 is the nearest bucket at or above 420 dpi
        "config.en.apk",
        "config.zh.apk",
        "config.astc.apk",
        "camera.apk",
        "camera.config.arm64_v8a.apk",
    )
    skipped = dict(choice.skipped)
    assert set(skipped) == {
        "config.armeabi_v7a.apk",
        "config.x86_64.apk",
        "config.hdpi.apk",
        "config.xxxhdpi.apk",
        "config.fr.apk",
        "camera.config.x86.apk",
    }
    assert skipped["config.fr.apk"] == (
        "config.fr does not fit arm64_v8a/armeabi_v7a/armeabi, 420 dpi, zh/en"
    )


def test_a_denser_screen_than_every_split_takes_the_largest() -> None:
    entries = {"a.apk": "config.mdpi", "b.apk": "config.xhdpi"}
    assert splits.choose(entries, DeviceSpec(("x86_64",), 560, ())).keep == ("b.apk",)


def test_wm_density_override_wins() -> None:
    assert splits.parse_wm_density("Physical density: 420\nOverride density: 360\n") == 360
    assert splits.parse_wm_density("Physical density: 440\n") == 440
    assert splits.parse_wm_density("") is None


def test_device_spec_read_over_adb(emu_shell: DeviceShell) -> None:
    assert splits.read_spec(emu_shell) == DeviceSpec(("x86_64", "arm64_v8a"), 420, ("en",))


def test_a_bundle_installs_only_the_splits_that_fit(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path
) -> None:
    bundle = tmp_path / "app.apks"
    with zipfile.ZipFile(bundle, "w") as z:  # bundletool's layout
        z.writestr("splits/base-master.apk", U2_APK.read_bytes())
        for qualifier in ("arm64_v8a", "x86_64", "mdpi", "xxhdpi", "en", "de"):
            z.writestr(f"splits/base-{qualifier}.apk", U2_APK.read_bytes())
    # base-master.apk is the base only by name: the others carry no split attribute here,
    # so the file names say what they are.
    installed = apps.install(emu_shell, bundle)
    assert installed.apks == (
        "0_base-master.apk",
        "1_base-en.apk",
        "2_base-x86_64.apk",
        "3_base-xxhdpi.apk",
    )
    assert len(installed.skipped) == 3
    log = standin.devices[EMULATOR].shell_log
    assert sum(c.startswith("pm install-write") for c in log) == 4
