from __future__ import annotations

import pytest

from harness.ui.consent import detect_consent
from harness.ui.hierarchy import HierarchyError, parse_hierarchy
from tests.conftest import SHARED_REFERENCE

DUMPS = sorted((SHARED_REFERENCE / "hierarchy").glob("*.xml"))


def _node(
    text: str,
    rid: str = "",
    clickable: bool = False,
    bounds: str = "[0,0][10,10]",
    children: str = "",
    desc: str = "",
) -> str:
    return (
        f'<node index="0" text="{text}" resource-id="{rid}" class="android.widget.Button" '
        f'package="com.example" content-desc="{desc}" '
        f'clickable="{"true" if clickable else "false"}" '
        f'enabled="true" bounds="{bounds}">{children}</node>'
    )


def _screen(*nodes: str) -> str:
    root = _node("", children="".join(nodes), bounds="[0,0][1080,2340]")
    return f'<?xml version="1.0"?><hierarchy rotation="0">{root}</hierarchy>'


@pytest.mark.parametrize("dump", DUMPS, ids=[d.name for d in DUMPS])
def test_real_dumps_parse(dump) -> None:
    hierarchy = parse_hierarchy(dump.read_text(encoding="utf-8"))
    nodes = list(hierarchy.walk())
    assert len(nodes) > 10
    assert all(n.bounds.right >= n.bounds.left for n in nodes)


@pytest.mark.parametrize("dump", DUMPS, ids=[d.name for d in DUMPS])
def test_no_consent_dialog_in_real_dumps_without_one(dump) -> None:
    # None of the shipped real dumps shows a consent dialog (the homee login screen only
    # mentions the Privacy Policy in a sentence, with "Log In" buttons, no accept/refuse).
    assert detect_consent(parse_hierarchy(dump.read_text(encoding="utf-8"))) is None


def test_chinese_dialog_buttons_found_refuse_not_mistaken_for_accept() -> None:
    xml = _screen(
        _node("欢迎使用！请阅读《隐私政策》"),
        _node("不同意", "app:id/no", True, "[100,1500][500,1600]"),
        _node("同意", "app:id/yes", True, "[600,1500][1000,1600]"),
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None
    assert dialog.accept is not None and dialog.accept.resource_id == "app:id/yes"
    assert dialog.accept.center == (800, 1550)
    assert dialog.refuse is not None and dialog.refuse.resource_id == "app:id/no"
    assert dialog.confidence == 1.0


def test_label_on_non_clickable_child_taps_the_clickable_parent() -> None:
    xml = _screen(
        _node("Privacy Policy"),
        _node(
            "", "app:id/accept_box", True, "[0,0][200,100]", children=_node("Agree and continue")
        ),
        _node("", "app:id/decline_box", True, "[300,0][500,100]", children=_node("Decline")),
    )
    dialog = detect_consent(parse_hierarchy(xml))
    assert dialog is not None and dialog.accept is not None and dialog.refuse is not None
    assert dialog.accept.resource_id == "app:id/accept_box"
    assert dialog.refuse.resource_id == "app:id/decline_box"


def test_buttons_without_policy_text_are_not_a_consent_dialog() -> None:
    xml = _screen(_node("同意", "a", True), _node("不同意", "b", True))
    assert detect_consent(parse_hierarchy(xml)) is None


@pytest.mark.parametrize(
    "text", ["not xml", "<root/>", '<hierarchy><node bounds="[1,2]"/></hierarchy>']
)
def test_bad_hierarchies_are_refused(text: str) -> None:
    with pytest.raises(HierarchyError):
        parse_hierarchy(text)
