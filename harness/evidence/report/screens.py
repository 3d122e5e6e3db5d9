"""The screens of a run: each step's hierarchy dump (its visible texts) and screenshot.

Screenshots are embedded once as data: URIs in an SVG <defs> block and shown wherever they
are needed with <use>, so a report stays one file, works offline, and does not grow with
every finding that cites the same moment. Only real PNG files are embedded; anything else
is named and left out.
"""

from __future__ import annotations

import base64
import bisect
import struct
from dataclasses import dataclass

from harness.evidence.contents import BundleContents
from harness.evidence.views import MarkerView
from harness.ui.hierarchy import HierarchyError, parse_hierarchy

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_SCREEN_DIRS = ("ui/", "screenshots/")


@dataclass(frozen=True, slots=True)
class Image:
    id: str  # the <defs> id: "shot-1"
    name: str  # file in the bundle
    width: int
    height: int
    data_uri: str


@dataclass(frozen=True, slots=True)
class Dump:
    name: str
    texts: tuple[str, ...]  # what a person saw: node texts and content descriptions
    problem: str = ""


@dataclass(frozen=True, slots=True)
class Moment:
    """The screen at one instant: the evidence a scenario step saved."""

    id: str  # "moment-1"
    ts: float | None  # None for files no marker names
    marker: MarkerView | None
    dumps: tuple[Dump, ...]
    images: tuple[Image, ...]
    skipped: tuple[str, ...]  # files named but not shown (not PNG, unreadable)


def png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _dump(name: str, data: bytes) -> Dump:
    try:
        hierarchy = parse_hierarchy(data.decode("utf-8", errors="replace"))
    except HierarchyError as exc:
        return Dump(name, (), f"unreadable hierarchy: {exc}")
    texts = tuple(dict.fromkeys(n.label for n in hierarchy.walk() if n.label.strip()))
    return Dump(name, texts)


class ScreenIndex:
    def __init__(self, contents: BundleContents) -> None:
        self.images: list[Image] = []
        self.moments: list[Moment] = []
        named: set[str] = set()
        markers = sorted(
            (r for r in contents.records if isinstance(r, MarkerView)), key=lambda m: m.ts
        )
        for marker in markers:
            if marker.evidence:
                named.update(marker.evidence)
                self._add(contents, marker.ts, marker, marker.evidence)
        loose = tuple(
            n
            for n in contents.files
            if n not in named
            and (n.startswith(_SCREEN_DIRS) or n.lower().endswith(".png"))
            and (n.endswith(".xml") or n.lower().endswith(".png"))
        )
        for name in loose:
            self._add(contents, None, None, (name,))
        self._timed = [m for m in self.moments if m.ts is not None]
        self._times = [m.ts for m in self._timed if m.ts is not None]

    def _add(
        self,
        contents: BundleContents,
        ts: float | None,
        marker: MarkerView | None,
        names: tuple[str, ...],
    ) -> None:
        dumps: list[Dump] = []
        images: list[Image] = []
        skipped: list[str] = []
        for name in names:
            data = contents.file_bytes(name)
            if data is None:
                skipped.append(f"{name} (not in the bundle)")
            elif name.endswith(".xml"):
                dumps.append(_dump(name, data))
            elif (size := png_size(data)) is not None:
                image = Image(
                    id=f"shot-{len(self.images) + 1}",
                    name=name,
                    width=size[0],
                    height=size[1],
                    data_uri="data:image/png;base64," + base64.b64encode(data).decode("ascii"),
                )
                self.images.append(image)
                images.append(image)
            else:
                skipped.append(f"{name} (not a PNG image)")
        if dumps or images or skipped:
            moment = Moment(
                f"moment-{len(self.moments) + 1}",
                ts,
                marker,
                tuple(dumps),
                tuple(images),
                tuple(skipped),
            )
            self.moments.append(moment)

    def around(self, ts: float) -> tuple[Moment | None, Moment | None]:
        """The last screen saved at or before `ts`, and the first one after it."""
        index = bisect.bisect_right(self._times, ts)
        before = self._timed[index - 1] if index > 0 else None
        after = self._timed[index] if index < len(self._timed) else None
        return before, after
