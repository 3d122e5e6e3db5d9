"""report.html: one self-contained file rendered by Jinja2 with autoescaping on.

No script, no external style, font or image: the stylesheet is inlined and allowed by its
sha256 in the Content-Security-Policy, screenshots are data: URIs, the timeline is inline
SVG. The policy forbids every script and every fetch, so even a mistake in escaping could
not run the app's text as code; the escaping is what keeps it from becoming markup.

Screenshots are thumbnails that enlarge without script: each links to a full-size view
that CSS shows while it is the page's :target. Print styles open every collapsed section
(`::details-content`), so a printed or PDF report carries all the evidence. Words come from
the message catalogue in the language asked for; times are shown in the zone asked for.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from harness.evidence.facts import utc_iso
from harness.evidence.report.assemble import Report
from harness.evidence.report.localtime import ShownTime, local_zone
from harness.evidence.report.messages import DEFAULT_LANGUAGE, load_messages
from harness.evidence.report.svg import render_timeline_svg
from harness.rules.pack import load_rule_pack

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def content_security_policy(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; script-src 'none'; object-src 'none'; "
        f"style-src 'sha256-{digest}'; img-src data:; font-src 'none'; connect-src 'none'; "
        "media-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
    )


def plain(value: object) -> str:
    """A JSON value as a person reads it: strings as they are, the rest as JSON (escaped later)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["plain"] = plain
    return environment


def _rule_titles(lang: str) -> dict[str, str]:
    """The rule pack's own titles in the report's language; English reports keep the
    finding's recorded title."""
    if lang == DEFAULT_LANGUAGE:
        return {}
    return {name: rule.title.zh for name, rule in load_rule_pack().rules.items()}


def render_html(
    report: Report, *, lang: str = DEFAULT_LANGUAGE, zone: dt.tzinfo | None = None
) -> bytes:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    messages = load_messages().language(lang)
    shown = ShownTime(zone or local_zone())
    manifest = report.manifest
    device = _section(manifest, "device")
    fingerprint = _section(device, "fingerprint") or None
    tools = _section(manifest, "tools")
    clock = _section(manifest, "clock") or None
    hooks = dict(report.hooks or {})
    template = _environment().get_template("report.html.j2")
    page = template.render(
        r=report,
        man=_Lenient(manifest),
        label=str(manifest.get("app_label") or report.app),
        package=str(manifest.get("app_package") or ""),
        device=_Lenient(device),
        fingerprint=fingerprint,
        tools=tools,
        clock=_Lenient(clock) if clock else None,
        hooks=_Lenient(hooks) if hooks else None,
        installed=_list(hooks, "installed"),
        missing=[_Lenient(e) for e in _list(hooks, "missing") if isinstance(e, dict)],
        started_utc=utc_iso(report.start),
        t=messages,
        lang=lang,
        at=shown.at,
        tz_name=shown.name,
        rule_titles=_rule_titles(lang),
        csp=content_security_policy(css),
        css=Markup(css),  # our own file, hashed into the CSP above
        # built by ElementTree, escaped
        svg=Markup(render_timeline_svg(report.timeline, messages)),
    )
    return page.encode("utf-8")


def _section(mapping: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = mapping.get(key)
    return value if isinstance(value, dict) else {}


def _list(mapping: dict[str, object], key: str) -> list[object]:
    value = mapping.get(key)
    return value if isinstance(value, list) else []


class _Lenient(dict[str, object]):
    """A manifest section whose absent keys read as empty (old or partial bundles)."""

    def __getattr__(self, name: str) -> object:
        return self.get(name, "")
