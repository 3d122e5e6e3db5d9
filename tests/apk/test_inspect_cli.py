"""`harness inspect` end to end through harness.cli.main, with exit statuses.

cli.COMMAND_MODULES is narrowed to the inspect command for these tests, so they do not
depend on which other commands are registered.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from harness import cli


@pytest.fixture(autouse=True)
def _only_inspect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("harness.commands.inspect",))


def inspect(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(["inspect", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_uiautomator_apk_text(capsys: pytest.CaptureFixture[str], u2_apk: Path) -> None:
    status, out, _ = inspect(capsys, str(u2_apk))
    assert status == 0
    assert "package      com.github.uiautomator" in out
    assert "version      2.4.0 (code 2004001)" in out
    assert "sdk          min 19, target 32" in out
    assert "  ! android.permission.GET_ACCOUNTS  [accounts]" in out
    assert "    android.permission.INTERNET" in out
    assert "okhttp3 (appscan:okhttp3)" in out


def test_uiautomator_apk_json(capsys: pytest.CaptureFixture[str], u2_apk: Path) -> None:
    status, out, _ = inspect(capsys, str(u2_apk), "--json")
    document = json.loads(out)
    assert status == 0
    assert document["package"] == "com.github.uiautomator" and document["version_name"] == "2.4.0"
    assert {"package", "version_name", "permissions", "sdks"} <= document.keys()
    perms = {p["name"]: p for p in document["permissions"]}
    assert perms["android.permission.GET_ACCOUNTS"]["dangerous"] is True
    assert perms["android.permission.INTERNET"]["dangerous"] is False
    assert document["class_count"] > 1000
    assert document["sdks"][0]["id"] == "appscan:okhttp3"
    services = [c for c in document["components"] if c["kind"] == "service"]
    assert services[1]["permission"] == "android.permission.BIND_INPUT_METHOD"


def test_built_apk_exact(capsys: pytest.CaptureFixture[str], built_apk: Path) -> None:
    status, out, _ = inspect(capsys, str(built_apk), "--json")
    d = json.loads(out)
    assert status == 0
    assert (d["package"], d["version_name"], d["version_code"]) == (
        "org.harness.fixture",
        "1.2.3",
        7,
    )
    assert (d["min_sdk"], d["target_sdk"]) == (21, 33)
    assert [(p["name"], p["dangerous"]) for p in d["permissions"]] == [
        ("android.permission.INTERNET", False),
        ("android.permission.READ_PHONE_STATE", True),
        ("android.permission.ACCESS_FINE_LOCATION", True),
        ("android.permission.READ_CONTACTS", True),
        ("android.permission.POST_NOTIFICATIONS", True),
    ]
    assert [(c["kind"], c["name"], c["exported"]) for c in d["components"]] == [
        ("activity", "org.harness.fixture.MainActivity", True),
        ("service", "com.umeng.message.UmengService", False),
        # targetSdk 33, intent filter, no android:exported: not exported by default.
        ("receiver", "org.harness.fixture.BootReceiver", False),
    ]
    assert d["class_count"] == 6
    assert [(s["id"], s["classes"]) for s in d["sdks"]] == [
        ("canonical:umeng-analytics", 2),
        ("canonical:pangle", 1),
        ("canonical:tencent-bugly", 1),
    ]


def test_built_apk_with_profile(
    capsys: pytest.CaptureFixture[str], built_apk: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "package: org.harness.fixture\napp_type: map_navigation\ndeclared_categories: [location]\n",
        encoding="utf-8",
    )
    status, out, _ = inspect(capsys, str(built_apk), "--profile", str(profile), "--json")
    check = json.loads(out)["profile"]
    assert status == 0
    assert check["allowed"] == ["location"]
    # POST_NOTIFICATIONS opens no personal data; FINE_LOCATION serves the declared location.
    assert check["beyond"] == [
        "android.permission.READ_PHONE_STATE",
        "android.permission.READ_CONTACTS",
    ]
    status, out, _ = inspect(capsys, str(built_apk), "--profile", str(profile))
    assert "beyond the app type: 2" in out and "  ! android.permission.READ_CONTACTS" in out


def test_profile_for_another_app(
    capsys: pytest.CaptureFixture[str], u2_apk: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("package: org.other\n", encoding="utf-8")
    status, _, err = inspect(capsys, str(u2_apk), "--profile", str(profile))
    assert status == 2 and "profile is for org.other" in err


def _corrupt(kind: str, tmp_path: Path, u2_apk: Path) -> Path:
    path = tmp_path / f"{kind}.apk"
    if kind == "garbage":
        path.write_bytes(b"this is not an APK\n" * 20)
    elif kind == "truncated":
        path.write_bytes(u2_apk.read_bytes()[:600_000])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "zip-without-manifest":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "hello")
    elif kind == "bad-manifest":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00" + bytes(range(256)) * 3)
    elif kind == "directory":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("garbage", "not an APK"),
        ("truncated", "not an APK"),
        ("empty", "not an APK"),
        ("zip-without-manifest", "no AndroidManifest.xml"),
        ("bad-manifest", "AndroidManifest.xml"),
        ("directory", "got a directory"),
        ("missing", "file not found"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, u2_apk: Path, kind: str, message: str
) -> None:
    path = _corrupt(kind, tmp_path, u2_apk) if kind != "missing" else tmp_path / "nope.apk"
    status, out, err = inspect(capsys, str(path))
    assert status == 2
    assert out == ""
    assert err.startswith(f"harness: error: {path}") and message in err


def test_split_bundle(capsys: pytest.CaptureFixture[str], u2_apk: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "app.apks"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("splits/base.apk", u2_apk.read_bytes())
        z.writestr("splits/base-xxhdpi.apk", u2_apk.read_bytes())
    status, out, _ = inspect(capsys, str(bundle), "--json")
    d = json.loads(out)
    assert status == 0 and d["kind"] == "apks" and d["splits"] == ["splits/base-xxhdpi.apk"]
