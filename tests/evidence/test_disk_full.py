"""A full disk under --out: the run ends with exit 3 and a message naming the file it could
not write, the folder is left `.failed` (never a half-written ERROR.txt), and no traceback
reaches the technician. Real filesystems: a tmpfs of a few hundred KB, mounted by the test
(root only, as CI runs)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.errors import InfrastructureError
from harness.evidence.bundle import BundleWriter
from harness.testkit.cli import HARNESS
from tests.conftest import REPO_ROOT


@contextlib.contextmanager
def _small_disk(where: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_the_bundle_writer_names_the_file_a_full_disk_refused(tmp_path: Path) -> None:
    with _small_disk(tmp_path / "disk", "64k") as disk:
        writer = BundleWriter(disk, "app", "run1")
        with pytest.raises(InfrastructureError) as caught:
            writer.add_file("ui/0001-launch.png", bytes(256 << 10))
        assert f"cannot write {disk}/app/.run1.partial/ui/0001-launch.png: No space left" in str(
            caught.value
        )
        failed = writer.fail("the disk is full")
        assert failed.name == ".run1.failed"
        error = failed / "ERROR.txt"
        # Either the note fits (and is whole), or there is none: never an empty one.
        assert not error.exists() or error.read_text(encoding="utf-8") == "the disk is full\n"


@pytest.mark.hostlab
def test_a_run_on_a_full_disk_exits_3_naming_the_file(tmp_path: Path) -> None:
    with _small_disk(tmp_path / "disk", "300k") as disk:
        done = subprocess.run(
            [*HARNESS, "run", "--out", str(disk / "evidence")],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 3, done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        assert f"harness: error: cannot write {disk}/evidence/calibration/." in done.stderr
        assert "No space left on device" in done.stderr
        (folder,) = (disk / "evidence" / "calibration").iterdir()
        assert folder.name.endswith(".failed")  # never looks finished, never left .partial
