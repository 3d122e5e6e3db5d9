"""Capturing a policy from a lab app's own screens: its dialog's links, pages that scroll.

Real JVM lab apps over the lab UI protocol (no Frida, no proxy): the news-gap app's dialog
links to a long policy page and an SDK-list page; the capture must read both whole, once
each line, and bring the dialog back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.hostlab import find_lab_app
from harness.model import DataCategory as C
from harness.policy import PolicyReader
from harness.policy.capture import PolicyCapture, find_links
from harness.policy.lexicon import Lexicon
from harness.policy.text import hierarchy_lines
from harness.testkit.lab import running
from harness.ui.consent import detect_consent
from harness.ui.hierarchy import parse_hierarchy

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]


def _text_block(name: str) -> list[str]:
    """The lines of a Java text block constant of the app's PolicyPages (its shipped text)."""
    app = find_lab_app("news-gap")
    source = (app.folder / "src/com/harnesslab/newsgap/PolicyPages.java").read_text("utf-8")
    block = source.split(f'{name} = """', 1)[1].split('""";', 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_dialogs_links_are_followed_through_every_scroll(tmp_path: Path) -> None:
    lexicon = Lexicon.load()
    with running(find_lab_app("news-gap"), tmp_path) as lab:
        ui = lab.ui()
        dialog = parse_hierarchy(ui.dump_hierarchy())
        assert [kind for kind, _ in find_links(dialog, lexicon.terms)] == ["sdk_list", "policy"]
        pages = PolicyCapture(ui, lexicon.terms).pages()
        # Back on the dialog, so the scenario's consent step finds it.
        assert detect_consent(parse_hierarchy(ui.dump_hierarchy())) is not None
    by_kind = {p.kind: p for p in pages}
    assert set(by_kind) == {"policy", "sdk_list"}
    assert len(by_kind["policy"].dumps) >= 2  # the policy is longer than a screen
    lines = hierarchy_lines(by_kind["policy"].dumps)
    assert lines[0] == "快看资讯隐私政策"
    assert lines[-1].startswith("如您对本隐私政策有任何疑问")
    # Every line of the page once and in order, though the dumps overlap (the table of
    # contents repeats the headings: they are there twice in the text too).
    assert lines == _text_block("POLICY")
    sdk_lines = hierarchy_lines(by_kind["sdk_list"].dumps)
    assert any(line.startswith("友盟统计SDK | 友盟同欣") for line in sdk_lines)
    policy = PolicyReader(lexicon).read_lines(hierarchy_lines(by_kind["sdk_list"].dumps) + lines)
    assert [s.name for s in policy.sdks] == ["友盟统计SDK"]
    assert C.INSTALLED_APPS not in policy.categories()
    assert [d.purposes for d in policy.declarations_of(C.CLIPBOARD)] == [()]


def test_a_dialog_without_links_captures_nothing(tmp_path: Path) -> None:
    lexicon = Lexicon.load()
    with running(find_lab_app("calibration"), tmp_path) as lab:
        ui = lab.ui()
        before = ui.dump_hierarchy()
        assert PolicyCapture(ui, lexicon.terms).pages() == []
        assert ui.dump_hierarchy() == before
