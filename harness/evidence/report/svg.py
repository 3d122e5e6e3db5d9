"""The timeline picture: an inline SVG drawn in Python with ElementTree.

ElementTree escapes every attribute and text node it writes, so labels that come from the
app (a button's text in a marker's detail) cannot become markup. Points that fall on the
same pixel column of a row are drawn as one mark whose `data-n` says how many records it
stands for, so a run with a hundred thousand reads still draws a small picture; the
counts stay exact.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable

from harness.evidence.report.messages import DEFAULT_LANGUAGE, Messages, load_messages
from harness.evidence.report.timeline_model import Point, TimelineModel

WIDTH = 1000
LABEL_W = 250
RIGHT_PAD = 24
TOP = 46  # room for the consent-tap labels
ROW_H = 32
AXIS_H = 34
BIN_PX = 3  # points closer than this many pixels in one row share a mark
_NICE_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)


_TAP_WORDS = {  # a consent tap's kind -> its message key
    "consent_accept": "timeline.accepted",
    "consent_refuse": "timeline.refused",
    "consent_withdrawn": "timeline.withdrawn",
}


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _span(start: float, end: float, origin: float) -> str:
    return f"+{_fmt(start - origin)} s to +{_fmt(end - origin)} s"


def _step(duration: float) -> float:
    for step in _NICE_STEPS:
        if duration / step <= 10:
            return step
    return math.ceil(duration / 10 / 3600) * 3600


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _bins(
    points: tuple[Point, ...], x_of: Callable[[float], float]
) -> list[tuple[float, list[Point]]]:
    grouped: dict[tuple[str, int], list[Point]] = {}
    for point in points:
        grouped.setdefault((point.kind, int(x_of(point.ts) // BIN_PX)), []).append(point)
    return [(x_of(group[0].ts), group) for group in grouped.values()]


def render_timeline_svg(model: TimelineModel, t: Messages | None = None) -> str:
    """The picture; its words in `t`'s language (default English). A mark a finding cites
    is a link to that finding (`#F3`): following it opens the finding, no script needed."""
    t = t or load_messages().language(DEFAULT_LANGUAGE)
    rows = max(len(model.rows), 1)
    height = TOP + rows * ROW_H + AXIS_H
    plot_w = WIDTH - LABEL_W - RIGHT_PAD
    span = max(model.end - model.start, 1e-6)

    def x_of(ts: float) -> float:
        clamped = min(max(ts, model.start), model.end)
        return LABEL_W + (clamped - model.start) / span * plot_w

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "id": "timeline",
            "class": "timeline",
            "viewBox": f"0 0 {WIDTH} {height}",
            "role": "img",
            "aria-labelledby": "timeline-title",
            "data-hooks": str(model.count("hook")),
            "data-flows": str(model.count("flow")),
            "data-rows": str(len(model.rows)),
        },
    )
    _el(
        svg,
        "title",
        t("timeline.svg_title"),
        id="timeline-title",
    )
    defs = _el(svg, "defs")
    pattern = _el(
        defs,
        "pattern",
        id="hatch",
        width="6",
        height="6",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    _el(pattern, "line", x1="0", y1="0", x2="0", y2="6", class_="hatch")
    plot_top, plot_bottom = TOP, TOP + rows * ROW_H

    for band in model.bands:
        x = x_of(band.start)
        rect = _el(
            svg,
            "rect",
            class_=f"band band-{band.phase}",
            x=f"{x:.1f}",
            y=str(plot_top),
            width=f"{max(x_of(band.end) - x, 0.5):.1f}",
            height=str(plot_bottom - plot_top),
            data_phase=band.phase,
        )
        _el(
            rect,
            "title",
            f"{t.maybe('phase.' + band.phase, band.phase)}: "
            f"{_span(band.start, band.end, model.start)}",
        )
        _el(
            svg,
            "text",
            t.maybe("phase." + band.phase, band.phase.replace("_", " ")),
            class_="band-label",
            x=f"{x + 4:.1f}",
            y=str(plot_top + 12),
        )
    for start, end in model.background:
        x = x_of(start)
        rect = _el(
            svg,
            "rect",
            class_="background-span",
            x=f"{x:.1f}",
            y=str(plot_top),
            width=f"{max(x_of(end) - x, 0.5):.1f}",
            height=str(plot_bottom - plot_top),
            fill="url(#hatch)",
        )
        _el(
            rect,
            "title",
            f"{t('timeline.background')}: {_span(start, end, model.start)}",
        )

    for index, row in enumerate(model.rows):
        y = plot_top + index * ROW_H + ROW_H / 2
        group = _el(svg, "g", class_="row", data_row=row.key, data_points=str(len(row.points)))
        _el(
            group,
            "line",
            class_="row-rule",
            x1=str(LABEL_W),
            x2=str(WIDTH - RIGHT_PAD),
            y1=f"{y:.1f}",
            y2=f"{y:.1f}",
        )
        first, _, second = row.label.partition(" · ")
        text = _el(
            group,
            "text",
            class_="row-label",
            x=str(LABEL_W - 8),
            y=f"{y - 1:.1f}" if second else f"{y + 4:.1f}",
        )
        _el(text, "tspan", first, x=str(LABEL_W - 8))
        if second:
            _el(text, "tspan", second, class_="row-label-2", x=str(LABEL_W - 8), dy="12")
        for x, points in _bins(row.points, x_of):
            cited = any(p.cited for p in points)
            classes = f"mark {points[0].kind}" + (" cited" if cited else "")
            attrs = {
                "class_": classes,
                "data_n": str(len(points)),
                "data_ids": " ".join(p.record_id for p in points[:20]),
            }
            finding = next((p.finding for p in points if p.finding), "")
            holder = group
            if finding:
                holder = _el(
                    group, "a", href=f"#{finding}", class_="mark-link", data_finding=finding
                )
            if points[0].kind == "flow":
                mark = _el(
                    holder,
                    "rect",
                    x=f"{x - 5:.1f}",
                    y=f"{y - 5:.1f}",
                    width="10",
                    height="10",
                    transform=f"rotate(45 {x:.1f} {y:.1f})",
                    **attrs,
                )
            else:
                mark = _el(holder, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r="5", **attrs)
            more = f" {t('timeline.more', n=len(points) - 1)}" if len(points) > 1 else ""
            where = f" → {finding}" if finding else ""
            _el(
                mark,
                "title",
                f"+{_fmt(points[0].ts - model.start)} s {points[0].title}{more}{where}",
            )

    for tap in model.taps:
        x = x_of(tap.ts)
        group = _el(
            svg, "g", class_=f"tap tap-{tap.kind}", data_kind=tap.kind, data_marker=tap.marker_id
        )
        _el(group, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=str(plot_top - 16), y2=str(plot_bottom))
        word = t(_TAP_WORDS.get(tap.kind, "timeline.refused"))
        _el(
            group,
            "text",
            f"{word} +{_fmt(tap.ts - model.start)} s",
            class_="tap-label",
            x=f"{x + 4:.1f}",
            y=str(plot_top - 20),
        )
        _el(group, "title", f"{tap.kind} at +{_fmt(tap.ts - model.start)} s: {tap.detail}")

    axis_y = plot_bottom + 4
    _el(
        svg,
        "line",
        class_="axis",
        x1=str(LABEL_W),
        x2=str(WIDTH - RIGHT_PAD),
        y1=str(axis_y),
        y2=str(axis_y),
    )
    step = _step(span)
    tick = 0.0
    while tick <= span + 1e-9:
        x = x_of(model.start + tick)
        _el(
            svg,
            "line",
            class_="tick",
            x1=f"{x:.1f}",
            x2=f"{x:.1f}",
            y1=str(axis_y),
            y2=str(axis_y + 4),
        )
        _el(svg, "text", f"{_fmt(tick)} s", class_="tick-label", x=f"{x:.1f}", y=str(axis_y + 16))
        tick += step
    for marker in model.markers:
        x = x_of(marker.ts)
        mark = _el(
            svg,
            "path",
            class_=f"step step-{marker.kind}",
            d=f"M{x:.1f} {axis_y} l-4 -7 h8 z",
            data_kind=marker.kind,
        )
        _el(
            mark,
            "title",
            f"{marker.kind} at +{_fmt(marker.ts - model.start)} s {marker.detail}".strip(),
        )
    _el(
        svg,
        "text",
        t("timeline.axis"),
        class_="axis-label",
        x=str(WIDTH - RIGHT_PAD),
        y=str(axis_y + 30),
    )
    return ET.tostring(svg, encoding="unicode")
