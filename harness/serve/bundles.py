"""Which bundle file `harness serve` may send: a sealed bundle's report.html, nothing else.

The index names each session's bundle folder, but the index is data, not authority: a
path in it may point anywhere (`../`, an absolute path, a link). A report is served only
when the bundle folder, resolved, lies under the bundles folder given to `serve`; when
the report is a regular file (no link on the way) listed in the bundle's manifest; and
when its bytes still have the manifest's sha256 (an altered report is refused, not shown).
Known gap: the manifest's signature is not checked here (`harness verify` does that).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError
from harness.evidence.manifest import is_foreign
from harness.evidence.verify import read_bundle_manifest

REPORT_NAME = "report.html"


class NotServed(Exception):
    """The report cannot be served; the message says why (shown on the error page)."""


@dataclass(frozen=True, slots=True)
class ServedReport:
    bundle: Path
    body: bytes


def bundle_folder(bundles_root: Path, recorded: str) -> Path:
    """The recorded bundle folder, resolved, if it lies under `bundles_root`.

    The path as recorded (a relative one is where the suite ran from; so is `serve` by
    default) when it is a folder under the root; else the same bundle by its layout,
    ROOT/<app>/<run-id>, for an index written elsewhere (another host's mount of the
    evidence, a suite started from another folder).
    """
    if not recorded:
        raise NotServed("this session sealed no bundle")
    root = bundles_root.resolve()
    given = Path(recorded)
    folder = (given if given.is_absolute() else Path.cwd() / given).resolve()
    if folder.is_relative_to(root) and folder.is_dir():
        return folder
    tail = given.parts[-2:]
    if len(tail) == 2 and not {".", "..", "/"} & set(tail):
        by_layout = (root / tail[0] / tail[1]).resolve()
        if by_layout.is_relative_to(root) and by_layout.is_dir():
            return by_layout
    if not folder.is_relative_to(root):
        raise NotServed("the bundle is not under the bundles folder this server shows")
    return folder


def read_report(bundles_root: Path, recorded: str) -> ServedReport:
    folder = bundle_folder(bundles_root, recorded)
    try:
        manifest = read_bundle_manifest(folder)
    except (InputError, OSError):
        raise NotServed("the bundle is missing or has no readable manifest") from None
    expected = manifest["files"].get(REPORT_NAME)
    if expected is None:
        raise NotServed("the bundle's manifest lists no report.html")
    if is_foreign(folder, REPORT_NAME):
        raise NotServed("the bundle's report.html is not a regular file")
    try:
        body = (folder / REPORT_NAME).read_bytes()
    except OSError:
        raise NotServed("the bundle's report.html cannot be read") from None
    if hashlib.sha256(body).hexdigest() != expected:
        raise NotServed("the bundle's report.html differs from its manifest")
    return ServedReport(folder, body)
