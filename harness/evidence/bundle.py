"""Writes a bundle aside and renames it into place only when it is complete.

While a run is going, its files live in `<app>/.<run-id>.partial/`; a run that fails is
renamed `.<run-id>.failed/` with the error beside it. Only `finish()` writes manifest.json
(last, after every file is flushed to disk) and renames the folder to `<app>/<run-id>/`.
So a SIGKILL at any moment leaves nothing that looks like a finished bundle.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path, PurePosixPath
from typing import IO, Any

from harness.evidence.manifest import BUNDLE_FORMAT, MANIFEST_NAME, hash_tree


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BundleWriter:
    def __init__(self, out_root: Path, app: str, run_id: str) -> None:
        self.app = app
        self.run_id = run_id
        self.final_path = out_root / app / run_id
        self.staging = out_root / app / f".{run_id}.partial"
        self.staging.mkdir(parents=True, exist_ok=False)
        self._closed = False

    def path(self, name: str) -> Path:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or name == MANIFEST_NAME:
            raise ValueError(f"not a bundle file name: {name!r}")
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def add_file(self, name: str, content: bytes) -> str:
        target = self.path(name)
        with target.open("wb") as handle:
            handle.write(content)
        return name

    def add_json(self, name: str, value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        return self.add_file(name, text.encode("utf-8"))

    def add_jsonl(self, name: str, rows: list[dict[str, Any]]) -> str:
        with self.path(name).open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        return name

    def open_append(self, name: str) -> IO[bytes]:
        return self.path(name).open("ab")

    def finish(self, info: dict[str, Any]) -> Path:
        """Seal: fsync every file, write the manifest last, rename into place."""
        files = hash_tree(self.staging)
        for name in files:
            with (self.staging / name).open("rb") as handle:
                os.fsync(handle.fileno())
        manifest = {
            "format": BUNDLE_FORMAT,
            "run_id": self.run_id,
            "app": self.app,
            **info,
            "files": files,
        }
        manifest_path = self.staging / MANIFEST_NAME
        with manifest_path.open("w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        _fsync_dir(self.staging)
        self.staging.rename(self.final_path)
        _fsync_dir(self.final_path.parent)
        self._closed = True
        return self.final_path

    def fail(self, error: str) -> Path:
        """Keep what was gathered for diagnosis, under a name that is plainly unfinished."""
        if self._closed:
            return self.final_path
        (self.staging / "ERROR.txt").write_text(error + "\n", encoding="utf-8")
        failed = self.staging.with_name(f".{self.run_id}.failed")
        self.staging.rename(failed)
        self._closed = True
        return failed
