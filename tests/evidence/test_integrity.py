"""What `verify` proves, tried the way a tamperer would: the manifest edited, a file rewritten
with its hash patched in, a bundle re-signed with another key, the signature removed, a link
that pulls a file from outside the bundle into its report, a run killed between sealing and
renaming; and exports that are hostile zips (names that leave the folder, a link member,
a bomb, damaged bytes), each a clear message with exit 2, never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from harness.cli import main
from harness.errors import InputError
from harness.evidence.export import unpack_export, verify_zip
from harness.evidence.signing import LabKey
from harness.paths import config_root
from tests.conftest import REPO_ROOT
from tests.evidence.builders import build_bundle


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out + captured.err


def _rewrite_manifest(bundle: Path, change: dict[str, object]) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(change)
    (bundle / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def test_a_sealed_bundle_verifies_and_names_its_manifest_hash_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    assert main(["verify", str(bundle)]) == 0
    out = _out(capsys)
    digest = hashlib.sha256((bundle / "manifest.json").read_bytes()).hexdigest()
    key = LabKey.load_or_create(config_root())
    assert f"manifest sha256: {digest}" in out
    assert f"signing key: {key.fingerprint} (valid)" in out
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signing"]["fingerprint"] == key.fingerprint
    assert (key.path.stat().st_mode & 0o777) == 0o600  # the private key is its owner's only
    # Pinning the lab's own public key (as `harness key` prints it) accepts the bundle.
    pem = tmp_path / "lab.pem"
    assert main(["key", "--out", str(pem)]) == 0
    assert key.fingerprint in _out(capsys)
    assert main(["verify", str(bundle), "--key", str(pem)]) == 0


def test_an_edited_manifest_is_named_as_such(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    _rewrite_manifest(bundle, {"findings": 0})  # a run fact, no file touched
    assert main(["verify", str(bundle)]) == 1
    out = _out(capsys)
    assert "MANIFEST  manifest.json: manifest.json is not what was signed" in out
    assert "CHANGED" not in out


def test_a_rewritten_file_with_its_hash_patched_in_is_caught(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    findings = bundle / "findings.json"
    findings.write_text("[]\n", encoding="utf-8")  # every finding gone
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["findings.json"] = hashlib.sha256(findings.read_bytes()).hexdigest()
    (bundle / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    assert main(["verify", str(bundle)]) == 1
    out = _out(capsys)
    assert "MANIFEST  manifest.json" in out and "CHANGED" not in out
    # `score` and `report` refuse to trust it either.
    assert main(["score", str(bundle)]) == 2
    assert "its manifest's signature is invalid" in _out(capsys)


def test_a_bundle_re_signed_with_another_key_fails_against_the_pinned_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    pem = tmp_path / "lab.pem"
    assert main(["key", "--out", str(pem)]) == 0
    capsys.readouterr()
    # The tamperer edits, then re-signs with a key of their own: consistent in itself.
    forger = LabKey(Ed25519PrivateKey.generate(), tmp_path / "forger.pem")
    _rewrite_manifest(bundle, {"findings": 0, "signing": forger.manifest_block()})
    data = (bundle / "manifest.json").read_bytes()
    (bundle / "manifest.sig").write_bytes(forger.signature_file(data))
    assert main(["verify", str(bundle)]) == 0  # valid, but by the forger's key...
    assert f"signing key: {forger.fingerprint} (valid)" in _out(capsys)  # ...which shows
    assert main(["verify", str(bundle), "--key", str(pem)]) == 1
    assert f"signed by {forger.fingerprint}, not by the pinned key" in _out(capsys)


def test_a_bundle_without_its_signature_is_not_intact(tmp_path: Path, capsys) -> None:
    bundle = build_bundle(tmp_path / "evidence").path
    (bundle / "manifest.sig").unlink()
    assert main(["verify", str(bundle)]) == 1
    assert "UNSIGNED  manifest.json: no manifest.sig" in _out(capsys)


def test_a_link_in_a_bundle_is_reported_and_never_read(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("TOP-SECRET-OUTSIDE-THE-BUNDLE", encoding="utf-8")
    bundle = build_bundle(tmp_path / "evidence").path
    (bundle / "hooks.json").unlink()
    (bundle / "hooks.json").symlink_to(secret)
    (bundle / "ui").mkdir(exist_ok=True)
    (bundle / "ui" / "linked.xml").symlink_to(secret)
    assert main(["verify", str(bundle)]) == 1
    out = _out(capsys)
    assert "LINK  hooks.json" in out and "LINK  ui/linked.xml" in out
    assert main(["report", str(bundle), "--out", str(tmp_path / "r")]) == 0
    assert "integrity: altered" in _out(capsys)
    for name in ("report.html", "report.json"):
        assert "TOP-SECRET" not in (tmp_path / "r" / name).read_text(encoding="utf-8")


def test_a_complete_partial_folder_is_named_and_can_be_finished(tmp_path: Path, capsys) -> None:
    sealed = build_bundle(tmp_path / "evidence").path
    # Killed after the manifest and its signature were written, before the rename.
    partial = sealed.with_name(f".{sealed.name}.partial")
    sealed.rename(partial)
    assert main(["verify", str(partial)]) == 1
    assert f"NOT RENAMED  {partial} is complete but was never renamed" in _out(capsys)
    assert main(["export", str(partial), "--out", str(tmp_path / "x.zip")]) == 2
    assert "never renamed" in _out(capsys)
    assert main(["verify", "--finish", str(partial)]) == 0
    assert f"RENAMED  {partial.name} -> {sealed}" in _out(capsys)
    assert not partial.exists() and main(["verify", str(sealed)]) == 0


def _zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return path


def _export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    bundle = build_bundle(tmp_path / "evidence").path
    out = tmp_path / "export.zip"
    assert main(["export", str(bundle), "--out", str(out)]) == 0
    capsys.readouterr()
    return bundle, out


def _with_extra(export: Path, out: Path, info: zipfile.ZipInfo | str, data: bytes) -> Path:
    with zipfile.ZipFile(export) as source:
        members: list[tuple[zipfile.ZipInfo | str, bytes]] = [
            (m, source.read(m)) for m in source.infolist()
        ]
    return _zip(out, [*members, (info, data)])


def _link_member(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o120777 << 16  # S_IFLNK, as `zip --symlinks` writes it
    return info, target.encode()


@pytest.mark.parametrize(
    ("member", "words"),
    [
        ("/etc/evil.txt", "leaves the export's folder"),
        ("RUN/../../evil.txt", "leaves the export's folder"),
        ("RUN/ui\\..\\..\\evil.txt", "leaves the export's folder"),
        ("C:/evil.txt", "leaves the export's folder"),
        ("link", "is a link or not a file"),
    ],
)
def test_hostile_zip_members_are_refused_by_verify_report_and_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], member: str, words: str
) -> None:
    bundle, export = _export(tmp_path, capsys)
    if member == "link":
        info, data = _link_member(f"{bundle.name}/ui/passwd.xml", "/etc/passwd")
        hostile = _with_extra(export, tmp_path / "hostile.zip", info, data)
    else:
        name = member.replace("RUN", bundle.name)
        hostile = _with_extra(export, tmp_path / "hostile.zip", name, b"x")
    for command in (["verify"], ["report", "--out", str(tmp_path / "r")], ["score"]):
        assert main([*command, str(hostile)]) == 2, command
        assert words in _out(capsys)
    assert not (tmp_path / "evil.txt").exists() and not list(tmp_path.glob("r/*"))


def test_damaged_zips_are_input_errors(tmp_path: Path, capsys) -> None:
    bundle, export = _export(tmp_path, capsys)
    data = export.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    assert main(["verify", str(truncated)]) == 2
    assert "not a readable zip" in _out(capsys)
    # A member whose compressed bytes were damaged: zlib or the CRC check fails on reading.
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(export) as archive:
        info = archive.getinfo(f"{bundle.name}/events.jsonl")
    body = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + min(info.compress_size, 64)):
        body[i] ^= 0x5A
    damaged.write_bytes(bytes(body))
    assert main(["verify", str(damaged)]) == 2
    assert f"damaged zip: member {bundle.name}/events.jsonl cannot be read" in _out(capsys)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path, capsys) -> None:
    bundle, export = _export(tmp_path, capsys)
    bomb = _with_extra(export, tmp_path / "bomb.zip", f"{bundle.name}/zeros.bin", bytes(64 << 20))
    assert bomb.stat().st_size < 2 << 20  # 64 MiB of zeros in well under 2 MiB
    with pytest.raises(InputError, match="inflates to more than 32 MiB"):
        verify_zip(bomb, max_bytes=32 << 20)
    with pytest.raises(InputError, match="inflates to more than 32 MiB"):
        unpack_export(bomb, tmp_path / "unpacked", max_bytes=32 << 20)


def test_verifying_a_gigabyte_member_stays_within_bounded_memory(tmp_path: Path, capsys) -> None:
    """1 GiB of zeros in place of events.jsonl: hashed as a stream, in a process whose heap
    is capped at 256 MiB (reading the member whole would fail with MemoryError)."""
    bundle, export = _export(tmp_path, capsys)
    name = f"{bundle.name}/events.jsonl"
    with (
        zipfile.ZipFile(export) as source,
        zipfile.ZipFile(tmp_path / "big.zip", "w", zipfile.ZIP_DEFLATED) as big,
    ):
        for member in source.infolist():
            if member.filename != name:
                big.writestr(member, source.read(member))
        with big.open(name, "w", force_zip64=True) as sink:
            for _ in range(1024):
                sink.write(bytes(1 << 20))
    probe = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_DATA, (256 << 20, 256 << 20));"
        "from harness.cli import main; sys.exit(main(['verify', sys.argv[1]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "big.zip")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        env=os.environ | {"HARNESS_CONFIG": str(config_root())},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    assert "CHANGED  events.jsonl" in done.stdout


def test_report_and_score_read_an_export(tmp_path: Path, capsys) -> None:
    bundle, export = _export(tmp_path, capsys)
    assert main(["report", str(export), "--out", str(tmp_path / "r")]) == 0
    assert "integrity: intact" in _out(capsys)
    assert (tmp_path / "r" / "report.html").is_file()
    assert main(["score", str(export), "--out", str(tmp_path / "scores")]) == 0
    scoring = json.loads((tmp_path / "scores" / "scoring.json").read_text(encoding="utf-8"))
    assert scoring["bundle"]["path"] == str(export.resolve())
    assert (
        scoring["bundle"]["manifest_sha256"]
        == hashlib.sha256((bundle / "manifest.json").read_bytes()).hexdigest()
    )
    shutil.rmtree(bundle)  # nothing the export's readers used was the original folder
    assert main(["verify", str(export)]) == 0
