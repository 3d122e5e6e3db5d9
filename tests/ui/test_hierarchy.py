from __future__ import annotations

from pathlib import Path

import pytest

from harness.ui.hierarchy import HierarchyError, parse_hierarchy
from tests.ui.dumps import REAL_DUMPS

DUMPS = list(REAL_DUMPS)


def test_the_reference_dumps_are_there() -> None:
    assert len(DUMPS) == 4


@pytest.mark.parametrize("dump", DUMPS, ids=[d.name for d in DUMPS])
def test_real_dumps_parse(dump: Path) -> None:
    hierarchy = parse_hierarchy(dump.read_text(encoding="utf-8"))
    nodes = list(hierarchy.walk())
    assert len(nodes) > 10
    assert all(n.bounds.right >= n.bounds.left for n in nodes)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("not xml", 1),
        ("<root/>", None),
        ('<hierarchy><node bounds="[1,2]"/></hierarchy>', None),
        ("<hierarchy>\n<node>\n</hierarchy>", 3),
    ],
)
def test_bad_hierarchies_are_refused(text: str, line: int | None) -> None:
    with pytest.raises(HierarchyError) as caught:
        parse_hierarchy(text)
    assert caught.value.line == line
