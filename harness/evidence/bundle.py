"""Writes a bundle aside and renames it into place only when it is complete.

While a run is going, its files live in `<app>/.<run-id>.partial/`; a run that fails is
renamed `.<run-id>.failed/` with the error beside it. Only `finish()` writes manifest.json
(last, after every file is flushed to disk), signs it with the lab key (manifest.sig) and
renames the folder to `<app>/<run-id>/`. So a SIGKILL at any moment leaves nothing that
looks like a finished bundle (`verify` names a `.partial` folder holding a whole manifest
"complete but not renamed").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from harness.errors import InfrastructureError
from harness.evidence.events import encode_line
from harness.evidence.manifest import BUNDLE_FORMAT, MANIFEST_NAME, SIGNATURE_NAME, hash_tree
from harness.evidence.signing import LabKey


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A full disk or an I/O error while writing evidence is the lab's fault (exit 3), and
    the message names the file: the OSError of a failed write() names none."""
    try:
        yield
    except OSError as exc:
        raise InfrastructureError(
            f"cannot write {path}: {exc.strerror or exc} (is the disk under --out full?)"
        ) from exc


def _write_synced(path: Path, data: bytes) -> None:
    with _writing(path), path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


class BundleWriter:
    def __init__(self, out_root: Path, app: str, run_id: str, key: LabKey | None = None) -> None:
        self.app = app
        self._key = key  # None: the lab key of this host's config folder, read at finish
        self.run_id = run_id
        self.final_path = out_root / app / run_id
        self.staging = out_root / app / f".{run_id}.partial"
        self.staging.mkdir(parents=True, exist_ok=False)
        self._closed = False

    def path(self, name: str) -> Path:
        relative = PurePosixPath(name)
        if (
            relative.is_absolute()
            or ".." in relative.parts
            or name
            in (
                MANIFEST_NAME,
                SIGNATURE_NAME,
            )
        ):
            raise ValueError(f"not a bundle file name: {name!r}")
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def add_file(self, name: str, content: bytes) -> str:
        target = self.path(name)
        with _writing(target), target.open("wb") as handle:
            handle.write(content)
        return name

    def add_json(self, name: str, value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        return self.add_file(name, text.encode("utf-8"))

    def add_jsonl(self, name: str, rows: list[dict[str, Any]]) -> str:
        target = self.path(name)
        with _writing(target), target.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(encode_line(row))
        return name

    def open_append(self, name: str) -> IO[bytes]:
        return self.path(name).open("ab")

    def finish(self, info: dict[str, Any]) -> Path:
        """Seal: fsync every file, write and sign the manifest last, rename into place."""
        from harness.paths import config_root

        key = self._key or LabKey.load_or_create(config_root())
        files = hash_tree(self.staging)
        for name in files:
            with _writing(self.staging / name), (self.staging / name).open("rb") as handle:
                os.fsync(handle.fileno())
        manifest = {
            "format": BUNDLE_FORMAT,
            "run_id": self.run_id,
            "app": self.app,
            **info,
            "signing": key.manifest_block(),
            "files": files,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        manifest_bytes = text.encode("utf-8")
        _write_synced(self.staging / MANIFEST_NAME, manifest_bytes)
        _write_synced(self.staging / SIGNATURE_NAME, key.signature_file(manifest_bytes))
        with _writing(self.final_path):
            _fsync_dir(self.staging)
            self.staging.rename(self.final_path)
            _fsync_dir(self.final_path.parent)
        self._closed = True
        return self.final_path

    def fail(self, error: str) -> Path:
        """Keep what was gathered for diagnosis, under a name that is plainly unfinished."""
        if self._closed:
            return self.final_path
        note = self.staging / "ERROR.txt"
        try:
            note.write_text(error + "\n", encoding="utf-8")
        except OSError:
            # The disk that failed the run fails this too: no half-written note (a 0-byte
            # ERROR.txt says nothing); the folder's name still says the run failed.
            note.unlink(missing_ok=True)
        failed = self.staging.with_name(f".{self.run_id}.failed")
        self.staging.rename(failed)
        self._closed = True
        return failed
