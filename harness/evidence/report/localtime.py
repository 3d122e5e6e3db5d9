"""Times as the lab reads them: in its own time zone, with the zone named.

report.json keeps UTC (and epoch seconds); report.html shows each instant in the zone given
by `harness report --tz` (an IANA name such as Asia/Shanghai), by default this machine's
local zone. An instant the bundle does not know (a run stopped before anything was
recorded) reads "unknown", never the epoch.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from harness.errors import InputError


def local_zone() -> dt.tzinfo:
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


def parse_zone(name: str) -> dt.tzinfo:
    """An IANA zone name (or UTC); a bad one is an input error naming what was expected."""
    if name.upper() == "UTC":
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            None, f"--tz {name!r}: expected an IANA time zone name such as Asia/Shanghai or UTC"
        ) from exc


class ShownTime:
    """Formats epoch seconds in one zone: `2026-12-07 22:03:56 CST (UTC+08:00)`."""

    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone

    def at(self, ts: float | None, unknown: str = "unknown") -> str:
        if ts is None:
            return unknown
        moment = dt.datetime.fromtimestamp(ts, self.zone)
        offset = moment.strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}" if len(offset) == 5 else offset
        name = moment.tzname() or ""
        label = (
            f"{name} (UTC{offset})"
            if name and not name.startswith(("+", "-"))
            else (f"UTC{offset}")
        )
        return f"{moment:%Y-%m-%d %H:%M:%S} {label}"

    @property
    def name(self) -> str:
        key = getattr(self.zone, "key", None)
        return str(key) if key else str(dt.datetime.now(self.zone).tzname() or "UTC")
