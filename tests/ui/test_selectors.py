from __future__ import annotations

import pytest

from harness.ui.hierarchy import parse_hierarchy
from harness.ui.selectors import Selector, SelectorError, parse_selector, tap_point
from tests.ui.dumps import HIERARCHY, button, node, screen

HOMEE = parse_hierarchy((HIERARCHY / "visiontest-homee-login.xml").read_text(encoding="utf-8"))
FLUTTER = parse_hierarchy((HIERARCHY / "termux-flutter-ide-retry.xml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("selector", "labels"),
    [
        # homee keeps its labels in content-desc: text selectors see only the clock.
        (Selector(text="6:44"), ["6:44"]),
        (Selector(text="Log In"), []),
        (Selector(description="Log In"), ["Log In"]),
        (Selector(text_contains=":4"), ["6:44"]),
        (Selector(text_matches=r"\d+:\d+"), ["6:44"]),
        (Selector(text_matches=r"\d+"), []),  # the whole text must match
        (Selector(class_name="android.widget.Button"), ["Log In", "I am new here"]),
        (
            Selector(class_name="android.widget.Button", package="de.vorwerk.homee.homee"),
            ["Log In", "I am new here"],
        ),
        (Selector(class_name="android.widget.Button", package="com.android.systemui"), []),
    ],
)
def test_selectors_on_a_real_dump(selector: Selector, labels: list[str]) -> None:
    assert [n.label for n in selector.find_all(HOMEE)] == labels


def test_index_picks_one_of_several_matches() -> None:
    second = Selector(class_name="android.widget.Button", index=1).find(HOMEE)
    assert second is not None and second.label == "I am new here"
    assert Selector(class_name="android.widget.Button", index=2).find(HOMEE) is None


def test_description_selects_flutter_buttons_without_text() -> None:
    retry = Selector(description="Retry").find(FLUTTER)
    assert retry is not None and retry.text == "" and retry.clickable


def test_resource_id_with_or_without_package_and_package() -> None:
    xml = screen(button("同意", "com.x:id/btn_agree", "[0,0][100,100]"))
    tree = parse_hierarchy(xml)
    assert Selector(resource_id="btn_agree").find(tree) is not None
    assert Selector(resource_id="com.x:id/btn_agree").find(tree) is not None
    assert Selector(resource_id="com.y:id/btn_agree").find(tree) is None
    assert Selector(resource_id="agree").find(tree) is None  # the whole name
    assert Selector(text="同意", package="com.example").find(tree) is not None
    assert Selector(text="同意", package="com.other").find(tree) is None


def test_tap_point_is_the_clickable_row_not_the_label() -> None:
    xml = screen(
        node(
            "",
            "app:id/row",
            True,
            "[0,500][1080,700]",
            children=node("商品 1", bounds="[220,520][600,580]"),
        )
    )
    tree = parse_hierarchy(xml)
    label = Selector(text="商品 1").find(tree)
    assert label is not None and tap_point(tree, label) == (540, 600)


def test_parse_selector_keeps_step_options_apart() -> None:
    selector, options = parse_selector({"text": "a", "timeout": 3}, extra=("timeout",))
    assert selector == Selector(text="a") and options == {"timeout": 3}
    assert parse_selector("同意")[0] == Selector(text="同意")
    with pytest.raises(SelectorError) as caught:
        parse_selector({"text": "a", "timeout": 3})
    assert caught.value.key == "timeout"
