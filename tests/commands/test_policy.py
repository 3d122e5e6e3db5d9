"""`harness policy FILE|BUNDLE`: what was read, a profile for review, and bad input (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import main
from harness.model import DataCategory as C
from harness.profile import load_profile

POLICY = """# 示例地图隐私政策
## 一、我们如何收集和使用您的个人信息
为向您提供导航服务，我们会收集您的精确位置信息。
我们会读取您的剪贴板。
## 二、第三方SDK
| SDK名称 | 公司 | 使用目的 | 收集的个人信息 |
|---|---|---|---|
| 个推推送SDK | 每日互动股份有限公司 | 推送 | 设备识别码 |
"""


def test_prints_what_was_read_and_writes_a_profile_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "policy.md"
    source.write_text(POLICY, encoding="utf-8")
    out = tmp_path / "maps.profile.yaml"
    status = main(
        ["policy", str(source), "--package", "com.example.maps", "--write-profile", str(out)]
    )
    printed = capsys.readouterr().out
    assert status == 0
    assert "location" in printed and "为向您提供导航服务" in printed
    assert "clipboard" in printed and "(no purpose stated)" in printed
    assert "个推推送SDK (每日互动股份有限公司): canonical:getui-push" in printed
    profile = load_profile(out)
    assert profile.package == "com.example.maps"
    assert {C.LOCATION, C.CLIPBOARD, C.DEVICE_ID} <= set(profile.declared_categories)
    assert profile.policy is not None and profile.policy.sdks[0].name == "个推推送SDK"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "file not found"),
        ("这是一份用户协议，与个人信息无关。", "is this a privacy policy"),
    ],
)
def test_bad_input_exits_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str
) -> None:
    source = tmp_path / "policy.txt"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    assert main(["policy", str(source)]) == 2
    err = capsys.readouterr().err
    assert str(source) in err and expected in err


def test_a_bundle_without_a_policy_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", str(tmp_path)]) == 2
    assert "captured no policy" in capsys.readouterr().err
