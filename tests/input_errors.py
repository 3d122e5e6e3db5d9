"""The InputError a loader must raise for a bad file: for tests of every YAML loader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness.errors import InputError


def input_error(load: Callable[[Path], object], path: Path, text: str) -> InputError:
    """Write `text` to `path`, load it, and return the InputError that must follow."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    return caught.value
