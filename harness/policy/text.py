"""A policy as lines of text, whatever it came as: plain text, Markdown, HTML, or screen dumps.

How: HTML is read with the standard library's html.parser (block elements end a line; a
table row becomes one line of cells joined by " | ", so tables read the same from HTML,
Markdown and text); a uiautomator hierarchy dump (what a phone shows) becomes one line per
row of text nodes, nodes side by side on screen joined by " | " as a table row is; on a page
that scrolls, only the largest scroll container's text (not the title bar). Several dumps of
one scrolled page overlap: lines already read are not repeated.
Known gaps: no CSS (text hidden by a style is still read); a table cell spanning rows is
read only in its first row.
"""

from __future__ import annotations

import html.parser
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

CELL_SEPARATOR = " | "

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "thead",
        "tbody",
        "tr",
        "dt",
        "dd",
        "dl",
        "blockquote",
        "pre",
        "hr",
        "title",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "head", "template"})
_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


class _HtmlText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0
        self._href: str | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self._line).split())
        if text:
            self.lines.append(text)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self._href = dict(attrs).get("href")
        elif tag in _BLOCK_TAGS and self._cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.lines.append(CELL_SEPARATOR.join(self._row))
            self._row = None
        elif tag == "a":
            self._href = None
        elif tag in _BLOCK_TAGS and self._cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        target = self._cell if self._cell is not None else self._line
        target.append(data)
        # A link's address is part of what the page says (an SDK's policy link).
        if self._href and self._href.startswith("http") and self._href not in data:
            target.append(f" {self._href} ")
            self._href = None

    def close(self) -> None:
        super().close()
        self._flush()


def html_lines(markup: str) -> list[str]:
    reader = _HtmlText()
    reader.feed(markup)
    reader.close()
    return reader.lines


def text_lines(text: str) -> list[str]:
    """Plain text or Markdown: one line a line; Markdown tables' cells joined by " | "."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _MARKDOWN_RULE.match(line):
            continue
        if line.startswith("|") or "\t" in line:
            cells = [c.strip() for c in re.split(r"\t|\|", line.strip("|"))]
            line = CELL_SEPARATOR.join(cells)
        lines.append(line)
    return lines


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(p|div|table|h[1-6]|body|li)\b", head)
    )


def hierarchy_lines(dumps: Sequence[str]) -> list[str]:
    """The text of uiautomator dumps, in reading order, without the lines a scroll repeated."""
    lines: list[str] = []
    for dump in dumps:
        page = _dump_lines(dump)
        # A scrolled page repeats the tail of the previous dump at its top: skip the overlap.
        overlap = _overlap(lines, page)
        lines.extend(page[overlap:])
    return lines


def _overlap(before: list[str], page: list[str]) -> int:
    for size in range(min(len(before), len(page)), 0, -1):
        if before[-size:] == page[:size]:
            return size
    return 0


def _dump_lines(dump: str) -> list[str]:
    try:
        root = ET.fromstring(dump)
    except ET.ParseError:
        return []
    # A page that scrolls: its text is what the largest scroll container holds (the title
    # bar above it is on every dump and would break the overlap between them).
    scope = max(
        (e for e in root.iter("node") if e.get("scrollable") == "true"),
        key=_area,
        default=root,
    )
    nodes: list[tuple[int, int, int, str]] = []  # top, bottom, left, text
    for element in scope.iter("node"):
        # A WebView's text often reaches the dump as content-desc only.
        text = (element.get("text") or element.get("content-desc") or "").strip()
        match = _BOUNDS.match(element.get("bounds") or "")
        if not text or match is None:
            continue
        left, top, _right, bottom = (int(g) for g in match.groups())
        nodes.append((top, bottom, left, text))
    nodes.sort()
    rows: list[list[tuple[int, int, int, str]]] = []
    for node in nodes:
        # Nodes side by side (overlapping vertical spans) are cells of one row.
        if rows and node[0] < rows[-1][0][1] and node[2] > rows[-1][-1][2]:
            rows[-1].append(node)
        else:
            rows.append([node])
    lines: list[str] = []
    for row in rows:
        cells = [n[3] for n in sorted(row, key=lambda n: n[2])]
        if len(cells) == 1:
            lines.extend(text_lines(cells[0]))
        else:
            lines.append(CELL_SEPARATOR.join(" ".join(c.split()) for c in cells))
    return lines


def _area(element: ET.Element) -> int:
    match = _BOUNDS.match(element.get("bounds") or "")
    if match is None:
        return 0
    left, top, right, bottom = (int(g) for g in match.groups())
    return max(0, right - left) * max(0, bottom - top)


def lines_of(text: str) -> list[str]:
    """A policy document's lines, HTML or plain text."""
    return html_lines(text) if looks_like_html(text) else text_lines(text)


def join_lines(lines: Iterable[str]) -> str:
    return "\n".join(lines)
