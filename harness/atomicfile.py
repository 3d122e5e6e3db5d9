"""Write aside, then rename into place: a file or folder that exists is whole.

    write_atomically(path, data)             # one file
    with staged(path) as aside:              # a file or a folder made by other code
        build(aside)                         # renamed onto `path` when the block succeeds

The aside path is `.<name>.partial` beside the target (same folder, so same file system, so
the rename is atomic); a reader sees the old target or the new one, never half of one, and a
harness killed mid-write leaves only a dot-file behind. On an error the aside is removed.

Known gaps: no fsync (a power cut can still lose the new content, never mix it: the evidence
bundle's own sealing fsyncs, harness.evidence.bundle); a folder target must not exist yet
(os.replace cannot put a folder over a non-empty one).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def aside_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """The aside path to fill; renamed onto `target` when the block ends without an error."""
    aside = aside_path(target)
    try:
        yield aside
    except BaseException:
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)
        raise
    os.replace(aside, target)


def write_atomically(target: Path, data: bytes) -> None:
    with staged(target) as aside:
        aside.write_bytes(data)
