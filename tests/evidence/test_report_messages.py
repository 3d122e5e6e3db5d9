"""The report's message catalogue: every message in every language, or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.evidence.report.messages import MESSAGES_FILE, load_messages


def test_the_shipped_catalogue_gives_every_message_in_every_language() -> None:
    catalogue = load_messages()
    assert catalogue.languages == ("en", "zh-CN")
    en, zh = catalogue.language("en"), catalogue.language("zh-CN")
    assert en("verdict.violations_found") == "Violations found"
    assert zh("verdict.violations_found") == "发现违规"
    assert zh("completeness.gaps", n=2).startswith("证据存在 2 处缺口")
    assert zh.maybe("gap.some_new_kind", "some_new_kind") == "some_new_kind"


def test_a_missing_translation_names_the_file_and_line(tmp_path: Path) -> None:
    text = MESSAGES_FILE.read_text(encoding="utf-8")
    broken = text.replace('  none: {en: "none", zh-CN: "无"}', '  none: {en: "none"}')
    assert broken != text
    path = tmp_path / "report-messages.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_messages(path)
    assert caught.value.path == path
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if row.startswith("  none:"))
    assert caught.value.line == line
    assert caught.value.expected == "messages.none.zh-CN: Field required"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no report language 'fr'"):
        load_messages().language("fr")
