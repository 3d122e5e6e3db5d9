"""The 39 app types as data, their lookup, and profiles that name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.hostlab.labapp import load_lab_app
from harness.model import DataCategory
from harness.necessity import default_necessity, load_necessity
from harness.profile import AppProfile, load_profile
from tests.conftest import REPO_ROOT

# The 13 types the regulation says need no personal information (reference table, S5).
NO_PI = {
    "女性健康类", "网络直播类", "在线影音类", "短视频类", "新闻资讯类", "运动健身类", "浏览器类",
    "输入法类", "安全管理类", "电子图书类", "拍摄美化类", "应用商店类", "实用工具类",
}  # fmt: skip


def test_the_table_has_39_types_numbered_in_order() -> None:
    table = default_necessity()
    assert [t.no for t in table.types] == list(range(1, 40))
    assert len({t.zh for t in table.types}) == 39


def test_thirteen_types_need_no_personal_information() -> None:
    table = default_necessity()
    none = {t.zh for t in table.types if not t.categories and not t.user_supplied}
    assert none == NO_PI
    assert all(t.necessary_text == "无须个人信息" for t in table.types if t.zh in NO_PI)


def test_only_map_ride_hailing_and_vehicle_use_may_read_the_location() -> None:
    table = default_necessity()
    readers = {t.no: t.categories for t in table.types if t.categories}
    assert readers == {n: frozenset({DataCategory.LOCATION}) for n in (1, 2, 22)}
    # The registered phone number is typed in by the user, never read from the SIM.
    assert all(DataCategory.PHONE_NUMBER not in t.categories for t in table.types)
    assert "phone_number" in table.lookup("网络游戏").user_supplied  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "number"),
    [("实用工具", 38), ("实用工具类", 38), ("utility_tools", 38), ("Utility tools", 38),
     ("utility TOOLS", 38), ("38", 38), ("地图导航", 1), ("map_navigation", 1), ("网络约车类", 2)],
)  # fmt: skip
def test_a_type_is_found_by_any_of_its_names(name: str, number: int) -> None:
    found = default_necessity().lookup(name)
    assert found is not None and found.no == number


def test_an_unknown_type_in_a_profile_file_is_an_input_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("package: com.example.x\n\napp_type: 手电筒类\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert caught.value.line == 3 and "not one of the 39 app types" in caught.value.expected


def test_an_unknown_type_in_a_lab_app_is_an_input_error_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    (folder / "src").mkdir(parents=True)
    (folder / "app.yaml").write_text(
        "package: com.harnesslab.demo\nlabel: 演示\napplication_class: com.harnesslab.demo.App\n"
        "profile:\n  app_type: 不存在的类型\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_lab_app(folder)
    assert caught.value.line == 5


def test_a_standalone_profile_and_a_lab_app_profile_load_alike(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(
        "package: com.harnesslab.calibration\napp_type: 实用工具\n"
        "declared_categories: [location]\nown_domains: [harnesslab.com]\n",
        encoding="utf-8",
    )
    standalone = load_profile(path)
    lab = load_lab_app(REPO_ROOT / "lab" / "calibration").profile
    assert standalone == lab
    assert standalone.necessity() is not None and standalone.necessity().no == 38  # type: ignore[union-attr]


def test_a_profile_without_a_type_has_no_necessity() -> None:
    assert AppProfile(package="com.example.x").necessity() is None


def test_a_broken_table_is_rejected(tmp_path: Path) -> None:
    text = (REPO_ROOT / "harness" / "data" / "necessity.yaml").read_text(encoding="utf-8")
    path = tmp_path / "necessity.yaml"
    path.write_text(text.replace("  - no: 39\n", "  - no: 38\n"), encoding="utf-8")
    with pytest.raises(InputError, match=r"numbered 1\.\.39"):
        load_necessity(path)
