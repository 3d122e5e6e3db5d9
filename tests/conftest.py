"""Shared test fixtures. Real processes where the test tier says so; see pyproject markers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# The real PostgreSQL and Redis servers, for the results, suite and distributed tests.
pytest_plugins = ["tests.servers"]

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One build cache per test session: builds are reused across tests, never across runs;
    and one config folder (the bundle-signing key), never the user's own."""
    cache = tmp_path_factory.getbasetemp() / "harness-cache"
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("HARNESS_CACHE", str(cache))
    monkeypatch.setenv("HARNESS_CONFIG", str(tmp_path_factory.getbasetemp() / "harness-config"))


@pytest.fixture
def frida_peer() -> Iterator[tuple[str, int]]:
    """A real Frida service standing in for a phone's frida-server (tests/android/
    frida_standin.py): for every test whose phone is the adb stand-in's."""
    from tests.android.frida_standin import frida_service

    with frida_service() as address:
        yield address


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files marked `heavy` first, the longest (`heavy(minutes)`) first of all; a stable sort
    keeps the rest in order. With `--dist loadfile` a worker takes a whole file, so a file of
    several minutes handed out last is the run's tail while the other workers sit idle;
    handed out first, the short files fill the other workers around it (longest processing
    time first). pyproject's addopts keep xdist from reordering files by their test count
    (`--no-loadscope-reorder`), which would hand a one-test file of minutes out last."""

    def minutes(item: pytest.Item) -> float:
        marker = item.get_closest_marker("heavy")
        if marker is None:
            return 0.0
        return float(marker.args[0]) if marker.args else 1.0

    items.sort(key=lambda item: -minutes(item))
