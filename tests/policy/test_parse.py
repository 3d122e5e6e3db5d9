"""The policy parser on passages it was not tuned on: categories, sentences, purposes, SDKs."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.model import DataCategory as C
from harness.policy import PolicyReader, profile_from_policy
from harness.policy.text import hierarchy_lines
from harness.profile import AppProfile


@pytest.fixture(scope="module")
def reader() -> PolicyReader:
    return PolicyReader()


def test_category_cites_its_sentence_and_purpose(reader: PolicyReader) -> None:
    policy = reader.read_text("欢迎使用。我们会收集您的地理位置信息，用于为您推荐附近的外卖商家。")
    (declaration,) = policy.declarations_of(C.LOCATION)
    assert declaration.sentence == "我们会收集您的地理位置信息，用于为您推荐附近的外卖商家。"
    assert declaration.purposes == ("用于为您推荐附近的外卖商家",)
    assert declaration.where == "line 1"


def test_category_without_purpose_has_none(reader: PolicyReader) -> None:
    policy = reader.read_text("我们会读取剪切板。")
    assert [d.purposes for d in policy.declarations_of(C.CLIPBOARD)] == [()]


def test_denied_categories_are_not_declared(reader: PolicyReader) -> None:
    policy = reader.read_text("我们不会收集您的通讯录、短信，但会收集您的手机号码用于登录。")
    assert policy.categories() == {C.PHONE_NUMBER}


def test_fullwidth_and_case_are_normalised(reader: PolicyReader) -> None:
    policy = reader.read_text("本应用会收集ｉｍｅｉ与ｏａｉｄ。")
    assert {C.DEVICE_ID, C.ADVERTISING_ID} <= policy.categories()


def test_sdk_table_rows_are_matched_to_the_database(reader: PolicyReader) -> None:
    text = (
        "第三方SDK清单\n"
        "| SDK名称 | 所属公司 | 用途 | 涉及的个人信息 |\n"
        "| 极光推送SDK | 深圳市和讯华谷信息技术有限公司 | 推送 | 设备识别码、已安装应用 |\n"
    )
    policy = reader.read_text(text)
    (row,) = policy.sdks
    assert row.name == "极光推送SDK" and row.company == "深圳市和讯华谷信息技术有限公司"
    assert "canonical:jpush" in row.sdk_ids  # 极光推送 is JPush's local name
    assert {C.DEVICE_ID, C.INSTALLED_APPS} <= set(row.categories)
    assert policy.sdk_row("canonical:jpush", "JPush") is row
    assert policy.sdk_row(None, "友盟推送") is None


def test_html_policy_with_a_table(reader: PolicyReader) -> None:
    markup = (
        "<html><body><h1>隐私政策</h1><p>我们会收集您的<b>MAC地址</b>以保障安全。</p>"
        "<table><tr><th>SDK名称</th><th>公司</th><th>目的</th></tr>"
        "<tr><td>Bugly</td><td>腾讯</td><td>崩溃上报</td></tr></table></body></html>"
    )
    policy = reader.read_text(markup)
    assert policy.categories() == {C.MAC_ADDRESS}
    assert [s.name for s in policy.sdks] == ["Bugly"]


def test_english_policy(reader: PolicyReader) -> None:
    policy = reader.read_text(
        "We collect your phone number to verify your account. We never collect SMS."
    )
    assert policy.categories() == {C.PHONE_NUMBER}
    assert policy.language == "en"


def test_scrolled_dumps_read_once_and_rows_as_tables() -> None:
    def dump(*rows: tuple[int, str, str]) -> str:
        nodes = "".join(
            f'<node text="{a}" bounds="[0,{top}][500,{top + 50}]"/>'
            + (f'<node text="{b}" bounds="[540,{top}][1080,{top + 50}]"/>' if b else "")
            for top, a, b in rows
        )
        return f'<?xml version="1.0"?><hierarchy rotation="0">{nodes}</hierarchy>'

    first = dump((100, "SDK名称", "公司"), (200, "个推", "每日互动"))
    second = dump((100, "个推", "每日互动"), (200, "Bugly", "腾讯"))
    assert hierarchy_lines([first, second]) == ["SDK名称 | 公司", "个推 | 每日互动", "Bugly | 腾讯"]


def test_profile_from_policy_declares_its_categories(reader: PolicyReader) -> None:
    policy = reader.read_text("我们会收集位置信息用于导航。")
    profile = profile_from_policy(AppProfile(package="com.example.maps"), policy)
    assert profile.declared_categories == (C.LOCATION,)
    assert profile.policy is policy
    assert profile.to_json()["policy"]["declarations"][0]["category"] == "location"


def test_eval_set_exists_and_is_labelled() -> None:
    from ruamel.yaml import YAML

    passages = YAML(typ="safe").load(
        (Path(__file__).parent / "eval" / "passages.yaml").read_text(encoding="utf-8")
    )["passages"]
    assert len(passages) >= 30
    assert all("categories" in p and p["text"].strip() for p in passages)


def test_a_name_label_alone_is_no_sdk_row(reader: PolicyReader) -> None:
    policy = reader.read_text("第三方SDK清单\nUser name: the name you choose when you sign up.")
    assert policy.sdks == ()


def test_labelled_entries_under_a_heading_take_their_name_from_the_line_above(
    reader: PolicyReader,
) -> None:
    text = (
        "四、第三方SDK目录\n"
        "1. 个推推送SDK\n"
        "合作目的：消息推送\n"
        "共享的个人信息：设备识别码、位置信息\n"
        "2. Bugly\n"
        "使用目的：崩溃分析\n"
        "涉及个人信息：设备型号\n"
    )
    policy = reader.read_text(text)
    assert [(s.name, s.purpose) for s in policy.sdks] == [
        ("个推推送SDK", "消息推送"),
        ("Bugly", "崩溃分析"),
    ]
    assert {C.DEVICE_ID, C.LOCATION} <= set(policy.sdks[0].categories)


def test_the_next_sentence_on_the_same_data_lends_its_purpose(reader: PolicyReader) -> None:
    policy = reader.read_text("我们会收集您的位置信息。该信息将用于为您推荐附近的门店。")
    (declaration,) = policy.declarations_of(C.LOCATION)
    assert declaration.purposes == ("该信息将用于为您推荐附近的门店",)
    english = reader.read_text(
        "We collect your precise location. We use this information to show nearby stores."
    )
    assert english.declarations_of(C.LOCATION)[0].purposes != ()
    unrelated = reader.read_text("我们会读取您的剪切板。我们用于改进服务的数据会定期删除。")
    assert unrelated.declarations_of(C.CLIPBOARD)[0].purposes == ()


def test_dialog_links_are_found_by_kind_and_the_message_is_no_link() -> None:
    from harness.policy.capture import find_links
    from harness.policy.lexicon import Lexicon
    from harness.ui.hierarchy import parse_hierarchy

    def node(text: str, top: int, clickable: bool = True) -> str:
        flag = "true" if clickable else "false"
        return (
            f'<node index="0" text="{text}" resource-id="" class="android.widget.TextView" '
            f'package="com.example" content-desc="" clickable="{flag}" enabled="true" '
            f'scrollable="false" bounds="[0,{top}][1080,{top + 80}]"/>'
        )

    xml = (
        '<?xml version="1.0"?><hierarchy rotation="0">'
        + node("请阅读《隐私政策》和《个人信息收集清单》，点击同意即表示您已阅读。", 100)
        + node("《隐私政策》", 200)
        + node("《个人信息收集清单》", 300)
        + node("《第三方信息共享清单》", 400)
        + node("隐私政策", 0, clickable=False)
        + "</hierarchy>"
    )
    links = find_links(parse_hierarchy(xml), Lexicon.load().terms)
    assert [(kind, n.label) for kind, n in links] == [
        ("sdk_list", "《第三方信息共享清单》"),
        ("collection_list", "《个人信息收集清单》"),
        ("policy", "《隐私政策》"),
    ]
