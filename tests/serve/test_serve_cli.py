"""`harness serve`'s bad input: exit 2 with a message naming what is wrong, nothing created."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from harness.cli import main


def test_no_index_in_the_bundles_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HARNESS_INDEX", raising=False)
    (tmp_path / "evidence").mkdir()
    assert main(["serve", "--bundles", str(tmp_path / "evidence")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'evidence' / 'index.sqlite'}: no results index here" in err
    assert not (tmp_path / "evidence" / "index.sqlite").exists()


def test_a_file_that_is_not_an_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list\n" * 100, encoding="utf-8")
    assert main(["serve", "--bundles", str(tmp_path), "--index", str(junk)]) == 2
    assert f"{junk}: not a results index" in capsys.readouterr().err


def test_a_missing_bundles_folder_and_a_bad_port(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--bundles", str(tmp_path / "nope")]) == 2
    assert "--bundles: not a folder" in capsys.readouterr().err
    assert main(["serve", "--bundles", str(tmp_path), "--port", "70000"]) == 2
    assert "--port 70000: expected 0..65535" in capsys.readouterr().err


def test_a_port_in_use_is_said_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.results.location import index_url
    from harness.results.store import open_index

    open_index(index_url(str(tmp_path / "index.sqlite"))).close()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--bundles", str(tmp_path), "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1 port {port}: Address already in use" in (
        capsys.readouterr().err
    )
