"""A `harness serve` process over a lab of sealed bundles and their index (hostile content)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import REPO_ROOT
from tests.evidence.browser import browser
from tests.serve.kit import Lab, build_lab

__all__ = ["browser"]


@dataclass(frozen=True)
class Served:
    lab: Lab
    url: str  # http://127.0.0.1:PORT/


def config_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # Module fixtures run before the autouse one that isolates the signing key: do it here.
    base = tmp_path_factory.getbasetemp()
    return {"HARNESS_CONFIG": str(base / "harness-config"), "HARNESS_CACHE": str(base / "cache")}


@pytest.fixture(scope="module")
def hostile_lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in config_env(tmp_path_factory).items():
            patch.setenv(name, value)
        return build_lab(tmp_path_factory.mktemp("lab"), hostile=True)


@pytest.fixture(scope="module")
def served(hostile_lab: Lab) -> Iterator[Served]:
    """`harness serve` run from the lab's folder with its defaults (./evidence, port 0)."""
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_INDEX"}
    env["PYTHONPATH"] = str(REPO_ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "harness", "serve"],
        cwd=hostile_lab.root.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        if not first.startswith("serving http://127.0.0.1:"):
            _, err = process.communicate(timeout=30)
            raise AssertionError(f"harness serve did not start: {first!r} {err}")
        yield Served(hostile_lab, first.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=30)
