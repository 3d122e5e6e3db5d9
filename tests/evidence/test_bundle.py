from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli import main
from harness.errors import InputError
from harness.evidence.bundle import BundleWriter, new_run_id
from harness.evidence.verify import verify_bundle


def _finished(tmp_path: Path) -> Path:
    writer = BundleWriter(tmp_path, "app", new_run_id())
    writer.add_file("a.txt", b"alpha")
    writer.add_json("findings.json", [{"rule": "x"}])
    writer.add_file("ui/0001-launch.xml", b"<hierarchy/>")
    return writer.finish({"harness_version": "test"})


def test_finished_bundle_verifies_and_lists_every_file(tmp_path: Path) -> None:
    bundle = _finished(tmp_path)
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert set(manifest["files"]) == {"a.txt", "findings.json", "ui/0001-launch.xml"}
    assert verify_bundle(bundle).intact
    assert main(["verify", str(bundle)]) == 0


@pytest.mark.parametrize("name", ["a.txt", "findings.json", "ui/0001-launch.xml"])
def test_one_changed_byte_fails_and_names_the_file(tmp_path: Path, name: str, capsys) -> None:
    bundle = _finished(tmp_path)
    data = bytearray((bundle / name).read_bytes())
    data[0] ^= 0x01
    (bundle / name).write_bytes(bytes(data))
    assert verify_bundle(bundle).changed == (name,)
    assert main(["verify", str(bundle)]) == 1
    assert f"CHANGED  {name}" in capsys.readouterr().out


def test_missing_and_added_files_are_named(tmp_path: Path, capsys) -> None:
    bundle = _finished(tmp_path)
    (bundle / "a.txt").unlink()
    (bundle / "extra.bin").write_bytes(b"x")
    result = verify_bundle(bundle)
    assert result.missing == ("a.txt",) and result.unexpected == ("extra.bin",)
    assert main(["verify", str(bundle)]) == 1
    out = capsys.readouterr().out
    assert "MISSING  a.txt" in out and "UNEXPECTED  extra.bin" in out


def test_unfinished_bundle_is_never_complete(tmp_path: Path, capsys) -> None:
    writer = BundleWriter(tmp_path, "app", "run1")
    writer.add_file("events.jsonl", b"{}\n")
    assert not writer.final_path.exists()
    assert writer.staging.name.startswith(".") and writer.staging.name.endswith(".partial")
    with pytest.raises(InputError, match="not a finished bundle"):
        verify_bundle(writer.staging)
    assert main(["verify", str(writer.staging)]) == 2
    failed = writer.fail("boom")
    assert failed.name == ".run1.failed" and (failed / "ERROR.txt").read_text() == "boom\n"
    assert not (tmp_path / "app" / "run1").exists()


def test_bundle_names_cannot_escape(tmp_path: Path) -> None:
    writer = BundleWriter(tmp_path, "app", "run1")
    for bad in ("../x", "/etc/passwd", "manifest.json"):
        with pytest.raises(ValueError):
            writer.add_file(bad, b"")
