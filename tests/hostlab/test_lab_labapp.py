"""app.yaml loading, lab-app lookup and the JVM command line (no JVM started)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from harness.errors import InfrastructureError, InputError
from harness.hostlab import (
    LAUNCHER_CLASS,
    PARENT_PID_PROPERTY,
    find_lab_app,
    java_executable,
    jvm_command,
)
from harness.hostlab.labapp import load_lab_app
from harness.model import DataCategory, Phase
from harness.paths import LAB_DIR

GOOD_YAML = """\
package: com.example.lab
label: Example
application_class: com.example.lab.ExampleApp
profile:
  app_type: 实用工具
  declared_categories: [location]
  own_domains: [example.com]
expected_findings:
  first-launch-accept:
    - {rule: collect-before-consent, category: device_id, phase: pre_consent}
"""


def make_app(tmp_path: Path, text: str, name: str = "example") -> Path:
    folder = tmp_path / name
    (folder / "src").mkdir(parents=True)
    (folder / "app.yaml").write_text(text, encoding="utf-8")
    return folder


def test_calibration_app_yaml_holds_the_ground_truth() -> None:
    app = find_lab_app("calibration")
    assert app.name == "calibration"
    assert app.package == "com.harnesslab.calibration"
    assert app.application_class == "com.harnesslab.calibration.CalibrationApp"
    assert app.profile.package == app.package
    assert app.profile.app_type == "实用工具"
    assert app.profile.declared_categories == (DataCategory.LOCATION,)
    assert app.profile.own_domains == ("harnesslab.com",)
    expected = {
        ("collect-before-consent", "device_id", "pre_consent"),
        ("collect-before-consent", "android_id", "pre_consent"),
        ("share-before-consent", "device_id", "pre_consent"),
        # issue 6: a utility needs no personal information; the policy declares only location
        ("beyond-necessary", "device_id", ""),
        ("beyond-necessary", "android_id", ""),
    }
    for scenario in ("first-launch-accept", "first-launch-refuse"):
        findings = app.expected(scenario)
        assert findings is not None
        assert len(findings) == 5
        assert {f.key() for f in findings} == expected
    assert app.expected("no-such-scenario") is None
    assert app.source_dirs == (LAB_DIR / "runtime" / "src", app.folder / "src")


def test_lab_app_found_by_path_equals_by_name() -> None:
    by_name = find_lab_app("calibration")
    by_path = find_lab_app(LAB_DIR / "calibration")
    by_text = find_lab_app(str(LAB_DIR / "calibration") + os.sep)
    assert by_name == by_path == by_text


def test_unknown_lab_app_name_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"no lab app named 'nope'.*calibration"):
        find_lab_app("nope")


def test_folder_without_app_yaml_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no app\.yaml"):
        find_lab_app(tmp_path)


def test_good_app_yaml_in_another_folder(tmp_path: Path) -> None:
    app = find_lab_app(make_app(tmp_path, GOOD_YAML))
    assert app.name == "example"
    assert app.label == "Example"
    assert app.profile.package == "com.example.lab"
    assert app.profile.is_first_party("api.example.com")
    first = app.expected("first-launch-accept")
    assert first is not None
    assert first[0].category is DataCategory.DEVICE_ID
    assert first[0].phase is Phase.PRE_CONSENT


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    broken = GOOD_YAML.replace("  app_type: 实用工具", "  app_type: [实用工具")
    with pytest.raises(InputError) as caught:
        load_lab_app(make_app(tmp_path, broken))
    assert caught.value.path == tmp_path / "example" / "app.yaml"
    assert caught.value.line is not None
    assert caught.value.line >= 5
    assert "not valid YAML" in str(caught.value)


def test_unknown_category_names_its_line(tmp_path: Path) -> None:
    bad = GOOD_YAML.replace("category: device_id", "category: imei")
    with pytest.raises(InputError) as caught:
        load_lab_app(make_app(tmp_path, bad))
    assert caught.value.line == 10
    assert "expected_findings.first-launch-accept.0.category" in str(caught.value)
    assert str(caught.value).startswith(f"{tmp_path / 'example' / 'app.yaml'}:10: ")


def test_unknown_key_and_bad_package_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_lab_app(make_app(tmp_path, GOOD_YAML + "colour: blue\n", "a"))
    assert caught.value.line == 11
    with pytest.raises(InputError) as caught:
        load_lab_app(make_app(tmp_path, GOOD_YAML.replace("com.example.lab\n", "Com Ex\n"), "b"))
    assert caught.value.line == 1


def test_duplicate_expected_finding_is_refused(tmp_path: Path) -> None:
    line = "    - {rule: collect-before-consent, category: device_id, phase: pre_consent}\n"
    with pytest.raises(InputError, match="lists a finding twice"):
        load_lab_app(make_app(tmp_path, GOOD_YAML + line))


def test_missing_src_folder_is_an_input_error(tmp_path: Path) -> None:
    folder = make_app(tmp_path, GOOD_YAML)
    (folder / "src").rmdir()
    with pytest.raises(InputError, match="src/"):
        load_lab_app(folder)


def test_jvm_command_shape(tmp_path: Path) -> None:
    app = find_lab_app("calibration")
    command = jvm_command(
        app,
        tmp_path / "classes",
        portfile=tmp_path / "ui.port",
        identifiers={DataCategory.DEVICE_ID: "111", DataCategory.LOCATION: "1.5,2.5"},
        extra_props={"https.proxyHost": "127.0.0.1", "https.proxyPort": "8080"},
        jvm_options=["-Xint"],
        java="/opt/jdk/bin/java",
        parent_pid=4242,
    )
    assert command[:2] == ["/opt/jdk/bin/java", "-Xint"]
    props = [a for a in command if a.startswith("-D")]
    assert props == [
        "-Dfile.encoding=UTF-8",
        "-Dsun.stdout.encoding=UTF-8",
        "-Dsun.stderr.encoding=UTF-8",
        "-Dharness.id.device_id=111",
        "-Dharness.id.location=1.5,2.5",
        # calibration's app.yaml: `android: {api_level: 22}` (the lab phone it was written for)
        "-Dharness.lab.api_level=22",
        "-Dharness.lab.target_sdk=22",
        "-Dharness.lab.privileged=false",
        "-Dharness.lab.limit_ad_tracking=false",
        f"-Dharness.ui.portfile={tmp_path / 'ui.port'}",
        "-Dharness.parent.pid=4242",
        "-Dhttps.proxyHost=127.0.0.1",
        "-Dhttps.proxyPort=8080",
    ]
    tail = command[2 + len(props) :]
    assert tail == [
        "-cp",
        str(tmp_path / "classes"),
        LAUNCHER_CLASS,
        "com.harnesslab.calibration.CalibrationApp",
        "com.harnesslab.calibration",
        "校准助手",
    ]


def test_app_yaml_android_block_is_checked_and_absent_means_the_classic_rules(
    tmp_path: Path,
) -> None:
    # compliant names no Android: the lab's classic rules, so no platform property is set.
    compliant = find_lab_app("compliant")
    assert compliant.android is None
    command = jvm_command(compliant, tmp_path, portfile=tmp_path / "p", identifiers={}, java="j")
    assert not [a for a in command if a.startswith("-Dharness.lab.")]
    folder = tmp_path / "app"
    (folder / "src").mkdir(parents=True)
    spec = (LAB_DIR / "compliant" / "app.yaml").read_text("utf-8")
    (folder / "app.yaml").write_text(spec + "android: {api_level: 33}\n", "utf-8")
    declared = find_lab_app(folder).android
    assert declared is not None
    assert (declared.api_level, declared.target_sdk, declared.privileged) == (33, None, False)
    (folder / "app.yaml").write_text(spec + "android: {api_level: 9}\n", "utf-8")
    with pytest.raises(InputError) as caught:
        find_lab_app(folder)
    assert "app.yaml" in str(caught.value) and "api_level" in str(caught.value)


def test_jvm_command_names_this_process_as_the_parent_by_default(tmp_path: Path) -> None:
    app = find_lab_app("calibration")
    command = jvm_command(app, tmp_path, portfile=tmp_path / "p", identifiers={}, java="java")
    assert f"-D{PARENT_PID_PROPERTY}={os.getpid()}" in command


def test_jvm_command_refuses_a_bad_property_name(tmp_path: Path) -> None:
    app = find_lab_app("calibration")
    with pytest.raises(ValueError, match="property name"):
        jvm_command(
            app, tmp_path, portfile=tmp_path / "p", identifiers={}, extra_props={"a=b": "c"}
        )


def test_java_executable_is_the_real_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    found = shutil.which("java")
    if found is None:
        pytest.skip("no java on PATH")
    assert java_executable() == os.path.realpath(found)
    assert not Path(java_executable()).is_symlink()
    monkeypatch.setenv("PATH", "")
    with pytest.raises(InfrastructureError, match="java not found"):
        java_executable()
