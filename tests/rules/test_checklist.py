"""The official checklist data file: its shape, its counts, and rule ids checked against the
pack in use (an unknown id is an input error naming the file and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.rules.checklist import DEFAULT_CHECKLIST, Testability, load_checklist
from harness.rules.pack import load_rule_pack

PACK_RULES = set(load_rule_pack().rules)


def _items(document: str) -> list[str]:
    checklist = load_checklist(rules=PACK_RULES)
    return [i.id for d, _g, i in checklist.items() if d.id == document]


def test_the_2019_methods_have_31_behaviours_in_six_classes_and_164_has_ten_types() -> None:
    checklist = load_checklist(rules=PACK_RULES)
    rending = next(d for d in checklist.documents if d.id == "rending-2019")
    assert [g.id for g in rending.groups] == ["一", "二", "三", "四", "五", "六"]
    assert [len(g.items) for g in rending.groups] == [4, 4, 9, 6, 3, 5]
    assert len(_items("rending-2019")) == 31
    assert _items("miit-164-2020") == [str(n) for n in range(1, 11)]


def test_every_item_is_mapped_or_says_why_not() -> None:
    checklist = load_checklist(rules=PACK_RULES)
    for _doc, _group, item in checklist.items():
        assert item.zh and item.en
        if item.test in (Testability.RULES, Testability.NEEDS_POLICY):
            assert item.rules, item.id
        else:
            assert item.why and not item.rules, item.id


def test_every_rule_of_the_pack_is_on_the_checklist() -> None:
    checklist = load_checklist(rules=PACK_RULES)
    mapped = {rule for _d, _g, item in checklist.items() for rule in item.rules}
    assert mapped >= PACK_RULES


def test_every_mapped_rule_is_in_the_pack() -> None:
    checklist = load_checklist(rules=PACK_RULES)
    mapped = {rule for _d, _g, item in checklist.items() for rule in item.rules}
    assert mapped - PACK_RULES == set()


def _with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_CHECKLIST.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "checklist.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unknown_rule_id_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    path = _with(tmp_path, "rules: [excessive-frequency]", "rules: [excesive-frequency]")
    line = 1 + next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines())
        if "excesive-frequency" in text
    )
    with pytest.raises(InputError) as caught:
        load_checklist(path, rules=PACK_RULES)
    message = str(caught.value)
    assert "'excesive-frequency' is not in the rule pack" in message and "四、4" in message
    assert f"checklist.yaml:{line}" in message


def test_the_check_is_against_the_pack_given(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'share-before-consent' is not in the rule pack"):
        load_checklist(rules=PACK_RULES - {"share-before-consent"})


def test_an_item_marked_manual_must_say_why(tmp_path: Path) -> None:
    path = _with(
        tmp_path,
        "            why: legibility is judged by a person looking at the screen\n",
        "",
    )
    with pytest.raises(InputError, match="takes `why` and no `rules`"):
        load_checklist(path, rules=PACK_RULES)


def test_an_item_tested_by_rules_must_name_them(tmp_path: Path) -> None:
    path = _with(tmp_path, "rules: [excessive-frequency]", "rules: []")
    with pytest.raises(InputError, match="needs a non-empty `rules`"):
        load_checklist(path, rules=PACK_RULES)
