"""The rules end to end on the host lab, shard 2 of `harness calibrate` over the lab apps
(real Frida, JVM, mitmproxy; tests/rules/calibration_shards.py)."""

from __future__ import annotations

import shutil

import pytest

from tests.rules.calibration_shards import assert_exact, calibrate_shard

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.heavy(4),  # minutes: the longest files of the run
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]


def test_calibration_is_exact_on_its_shard_of_the_lab(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    summary, output = calibrate_shard(1, tmp_path_factory.mktemp("evidence"))
    assert_exact(summary, output, 1)
