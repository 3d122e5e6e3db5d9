"""The rule pack file: all ten rules, typed parameters, and errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import Severity
from harness.rules.engine import RULES
from harness.rules.pack import (
    DEFAULT_RULE_PACK,
    RULE_PARAMS,
    FrequencyParams,
    Need,
    WithdrawalParams,
    load_rule_pack,
    rule_params,
)

DESIGN_RULES = {
    "collect-before-consent",
    "collect-after-refusal",
    "share-before-consent",
    "beyond-necessary",
    "excessive-frequency",
    "background-collection",
    "over-requested-permissions",
    "permission-before-consent",
    "repeated-permission-request",
    "forced-permission",
    # issue 16: the privacy policy against what the app does
    "undeclared-collection",
    "undisclosed-sdk",
    "no-purpose-stated",
    # issue 15: withdrawal of consent, self-start and associated start
    "collect-after-withdrawal",
    "no-withdrawal-path",
    "self-start",
    "associated-start",
    # issue 15: personal data in clear text, permission settings changed on update
    "cleartext-personal-data",
    "permissions-changed-on-update",
    # issue 15: the consent dialog itself and pop-ups
    "consent-preticked",
    "consent-no-refuse",
    "consent-no-policy",
    "policy-too-deep",
    "popup-no-close",
    "popup-jump",
}


def test_the_shipped_pack_has_all_ten_rules_each_cited_in_both_languages() -> None:
    pack = load_rule_pack()
    assert set(pack.rules) == DESIGN_RULES == set(RULES) == set(RULE_PARAMS)
    for rule_id, definition in pack.rules.items():
        assert definition.regulation.zh and definition.regulation.en, rule_id
        assert definition.title.zh and definition.title.en, rule_id
        assert definition.severity in Severity
    assert pack.rules["beyond-necessary"].needs == (Need.APP_TYPE,)
    assert set(pack.rules["over-requested-permissions"].needs) == {Need.APP_TYPE, Need.MANIFEST}
    assert pack.rules["undisclosed-sdk"].needs == (Need.POLICY,)
    frequency = rule_params(pack.rules["excessive-frequency"], FrequencyParams)
    assert frequency.window_s == 30 and frequency.max_reads == 10
    withdrawal = rule_params(pack.rules["no-withdrawal-path"], WithdrawalParams)
    assert withdrawal.max_depth == 5 and withdrawal.max_taps == 30


def test_attribution_lists_keep_general_libraries_apart_from_the_platform() -> None:
    attribution = load_rule_pack().attribution
    assert "android." in attribution.framework_prefixes
    assert "okhttp3." in attribution.library_prefixes
    assert not set(attribution.framework_prefixes) & set(attribution.library_prefixes)


def _pack_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RULE_PACK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "pack.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_a_bad_threshold_is_an_input_error_at_its_line(tmp_path: Path) -> None:
    path = _pack_with(tmp_path, "max_reads: 10", "max_reads: -3")
    with pytest.raises(InputError) as caught:
        load_rule_pack(path)
    assert caught.value.path == path
    assert caught.value.line == _line_of(path, "max_reads: -3")
    assert "rules.excessive-frequency.params.max_reads" in caught.value.expected


def test_an_unknown_parameter_is_an_input_error(tmp_path: Path) -> None:
    path = _pack_with(tmp_path, "within_s: 10", "within_sec: 10")
    with pytest.raises(InputError) as caught:
        load_rule_pack(path)
    assert "within_sec" in caught.value.expected


def test_an_unknown_rule_is_an_input_error_at_its_line(tmp_path: Path) -> None:
    path = _pack_with(tmp_path, "  forced-permission:\n", "  forced-permissions:\n")
    with pytest.raises(InputError) as caught:
        load_rule_pack(path)
    assert caught.value.line == _line_of(path, "forced-permissions:")
    assert "not a rule of this harness" in caught.value.expected


def test_a_pack_may_carry_a_subset_of_the_rules(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(
        'version: "t-1"\n'
        "attribution: {framework_prefixes: [android.]}\n"
        "rules:\n"
        "  background-collection:\n"
        "    severity: low\n"
        "    title: {en: bg, zh: 后台}\n"
        "    regulation: {en: r, zh: 规}\n",
        encoding="utf-8",
    )
    pack = load_rule_pack(path)
    assert list(pack.rules) == ["background-collection"] and pack.version == "t-1"
