"""`harness export` writes one zip; the unzipped copy verifies, and one changed byte is named."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from harness.cli import main
from tests.evidence.builders import build_bundle


def _export(bundle: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["export", str(bundle), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(out)
    return out


def test_export_then_verify_the_unzipped_copy(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    archive = _export(bundle, tmp_path / "send" / "bundle.zip", capsys)
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "copy")
    # The manifest comes first, and everything lives under the run's folder.
    assert names[0] == f"{bundle.name}/manifest.json"
    assert all(n.startswith(bundle.name + "/") for n in names)
    copy = tmp_path / "copy" / bundle.name
    assert main(["verify", str(copy)]) == 0
    assert capsys.readouterr().out.startswith("OK")
    assert main(["verify", str(archive)]) == 0  # the zip itself, without unpacking

    target = copy / "flows.mitm"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    assert main(["verify", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "CHANGED  flows.mitm" in out and out.count("CHANGED") == 1


def test_a_changed_member_of_the_zip_is_named(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    archive = _export(bundle, tmp_path / "bundle.zip", capsys)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("/findings.json"):
                data = data.replace(b"high", b"low ", 1)
            dst.writestr(item, data)
    assert main(["verify", str(tampered)]) == 1
    assert "CHANGED  findings.json" in capsys.readouterr().out


def test_exporting_twice_gives_the_same_bytes(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    first = _export(bundle, tmp_path / "a.zip", capsys).read_bytes()
    assert _export(bundle, tmp_path / "b.zip", capsys).read_bytes() == first


def test_an_altered_bundle_is_not_exported(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    (bundle / "stray.txt").write_text("added later")
    out = tmp_path / "bundle.zip"
    assert main(["export", str(bundle), "--out", str(out)]) == 1
    assert "UNEXPECTED  stray.txt" in capsys.readouterr().out
    assert not out.exists() and not list(tmp_path.glob(".*.partial"))


def test_an_unfinished_bundle_is_an_input_error(tmp_path: Path, capsys) -> None:
    staging = build_bundle(tmp_path / "evidence", seal=False).path
    assert main(["export", str(staging), "--out", str(tmp_path / "x.zip")]) == 2
    assert "not a finished bundle" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "nothing.zip")]) == 2


def test_report_command_writes_beside_and_prints_the_html_last(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    out = tmp_path / "reports"
    assert main(["report", str(bundle), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("integrity: intact") and lines[-1] == str(out / "report.html")
    assert main(["verify", str(bundle)]) == 0
    assert main(["report", str(tmp_path / "no-such-bundle")]) == 2


def test_report_command_language_and_zone(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    out = tmp_path / "zh"
    assert main(["report", str(bundle), "--out", str(out), "--lang", "zh-CN",
                 "--tz", "Asia/Shanghai"]) == 0  # fmt: skip
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "被测应用版本" in page and "UTC+08:00" in page
    capsys.readouterr()
    assert main(["report", str(bundle), "--out", str(out), "--lang", "fr"]) == 2
    assert "--lang 'fr': expected one of en, zh-CN" in capsys.readouterr().err
    assert main(["report", str(bundle), "--out", str(out), "--tz", "Mars/Olympus"]) == 2
    assert "expected an IANA time zone name" in capsys.readouterr().err
