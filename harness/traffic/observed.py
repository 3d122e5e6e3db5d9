"""Observed values: what the app's hooked reads returned, as known values for the matcher.

    learner = ValueLearner(own_package="com.example.app")
    known = learner.values(events)       # KnownIdentifier per value, source = the event id

An app (or an SDK in it) that reads a value through a hooked API and uploads it is found by
that value, in every form variants.py makes: not only the identifiers (IMEI, ANDROID_ID,
MAC, ...) but the installed-app list, clipboard text, account names, the Wi-Fi SSID and
BSSID, cell ids and coordinates. The agent writes each return value as text
(hooks/src/values.ts: Java's toString(), arrays item by item), so each category has its own
reader of that text:

- identifiers (device_id, imsi, sim_serial, phone_number, android_id, serial, mac_address,
  advertising_id): the whole value;
- location: each coordinate (coordinates.py);
- installed_apps, running_apps: every package name in the list (PackageInfo{… com.x.y},
  ApplicationInfo, ResolveInfo, a process name `com.x.y:push`), the app's own package and
  the packages every device has (placeholders.yaml) left out;
- clipboard: the text (`getText()`, or each `{T:…}` item of a ClipData);
- accounts: each `Account {name=…, type=…}`'s name;
- wifi_info: the SSID without Android's quotes, the BSSID, and both fields of a WifiInfo,
  ScanResult or WifiConfiguration's text;
- cell_location: lac/cid/tac/ci, from GsmCellLocation's `[lac,cid,psc]`, CellIdentity's
  `mCid=…` fields, or a getter's number.

Too short a value would match by chance, so each reader has a minimum (MIN_LENGTH, why
beside each). A value the agent cut (`…(+N chars)`, longer than max_value_chars) never
becomes a truncated known value: a cut single value is dropped, a cut list keeps its whole
items. Placeholders (02:00:00:00:00:00, `unknown`, all-zero ids) are never known values.

Known gaps: content-provider reads (contacts, SMS, call log, calendar) return a Cursor whose
text holds no row, so their values are not observed; list items past max_value_chars are
not seen; values the app derives (a hash of the list) are found only in the forms
variants.py computes from each item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from harness.model import IDENTIFIER_CATEGORIES, DataCategory, HookEvent, KnownIdentifier
from harness.traffic.coordinates import coordinate_values
from harness.traffic.placeholders import Placeholders

MIN_LENGTH = {
    # Identifiers: shorter return values (a "1", a "gps") are states, not identifiers.
    "identifier": 6,
    # A package name with at least two segments and 8 characters ("com.a.b" is a prefix of
    # class names and a common placeholder in SDK code; real packages are longer).
    "package": 8,
    # Free text (clipboard, SSID): a shorter text ("ok", "home") occurs in traffic by chance.
    "text": 6,
    # Account names are e-mail addresses or user names; "admin"-length names are too common.
    "account": 5,
    # Cell ids: a lac of 4 or 4660 would match any small number in any JSON body; 5 digits
    # (>= 10000) keep cids and LTE cell ids and drop most lacs/tacs.
    "cell_digits": 5,
}

_CUT = re.compile(r"…\(\+\d+ chars\)")
_PACKAGE = re.compile(r"(?<![\w.$/])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w$])")
_CLIP_ITEM = re.compile(r"\{T:(.*?)\}(?=\s\{[A-Z]|\s\}\s*$)", re.DOTALL)
_ACCOUNT = re.compile(r"Account \{name=(.*?), type=")
_SSID_FIELD = re.compile(r'\bSSID: (?:"([^"]*)"|([^,\n]*))')
_BSSID_FIELD = re.compile(r"\bBSSID: ([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\b")
_MAC = re.compile(r"^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$")
_CELL_FIELD = re.compile(r"\bm(?:Lac|Cid|Ci|Tac|Nci|BasestationId|NetworkId|SystemId)=(-?\d+)")
_CELL_BRACKET = re.compile(r"^\[(-?\d+(?:,-?\d*)+)\]$")
_INTEGER = re.compile(r"^-?\d+$")


def _cut_list(text: str) -> str | None:
    """A list's text without the items the agent cut (None: nothing whole is left).

    The agent cuts the whole text (the last item is then partial) and each long item of an
    array on its own; either way an item holding the cut mark is dropped, never searched.
    """
    if _CUT.search(text) is None:
        return text
    kept = [part for part in text.split(", ") if _CUT.search(part) is None]
    return ", ".join(kept) or None


def _whole(text: str) -> str | None:
    """A single value, unless the agent cut it."""
    return None if _CUT.search(text) else text


def _identifier(event: HookEvent) -> Iterator[str]:
    value = _whole(event.ret or "")
    if value is not None and len(value) >= MIN_LENGTH["identifier"]:
        yield value


def _location(event: HookEvent) -> Iterator[str]:
    # getLatitude() -> "39.904211", a Location's toString -> both coordinates.
    yield from coordinate_values(event.ret or "")


def _packages(event: HookEvent) -> Iterator[str]:
    text = _cut_list(event.ret or "")
    if text is None:
        return
    for name in _PACKAGE.findall(text):
        if len(name) >= MIN_LENGTH["package"]:
            yield name


def _clipboard(event: HookEvent) -> Iterator[str]:
    text = _whole(event.ret or "")
    if text is None:
        return
    # A ClipData's text (getPrimaryClip) holds each item as {T:…} (Android 13+ writes only
    # the length, {T(12)}: nothing to learn); getText() returns the text itself.
    items = _CLIP_ITEM.findall(text) if text.startswith("ClipData") else [text]
    for item in items:
        if len(item.strip()) >= MIN_LENGTH["text"]:
            yield item


def _accounts(event: HookEvent) -> Iterator[str]:
    text = _cut_list(event.ret or "")
    for name in _ACCOUNT.findall(text or ""):
        if len(name) >= MIN_LENGTH["account"]:
            yield name


def _ssid(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _wifi(event: HookEvent) -> Iterator[str]:
    ret = event.ret or ""
    if event.api.endswith(".getSSID"):
        whole = _whole(ret)
        found = [_ssid(whole)] if whole is not None else []
    elif _MAC.match(ret.strip()):
        found = [ret.strip()]  # getBSSID()
    else:
        text = _cut_list(ret) or ""
        found = [quoted or plain.strip() for quoted, plain in _SSID_FIELD.findall(text)]
        found += _BSSID_FIELD.findall(text)
    for value in found:
        if _MAC.match(value) or len(value) >= MIN_LENGTH["text"]:
            yield value


def _cells(event: HookEvent) -> Iterator[str]:
    ret = (_cut_list(event.ret or "") or "").strip()
    if _INTEGER.match(ret):
        numbers = [ret]
    elif bracket := _CELL_BRACKET.match(ret):
        numbers = [n for n in bracket.group(1).split(",") if n]
    else:
        numbers = _CELL_FIELD.findall(ret)
    for number in numbers:
        if not number.startswith("-") and len(number) >= MIN_LENGTH["cell_digits"]:
            yield number


Reader = Callable[[HookEvent], Iterator[str]]

_READERS: dict[DataCategory, Reader] = {
    **{category: _identifier for category in IDENTIFIER_CATEGORIES},
    DataCategory.LOCATION: _location,
    DataCategory.INSTALLED_APPS: _packages,
    DataCategory.RUNNING_APPS: _packages,
    DataCategory.CLIPBOARD: _clipboard,
    DataCategory.ACCOUNTS: _accounts,
    DataCategory.WIFI_INFO: _wifi,
    DataCategory.CELL_LOCATION: _cells,
}

OBSERVED_CATEGORIES = frozenset(_READERS)


class ValueLearner:
    """Turns hook events into the known values they returned (placeholders left out)."""

    def __init__(self, own_package: str | None = None, placeholders: Placeholders | None = None):
        self.own_package = own_package
        self.placeholders = placeholders or Placeholders.load()

    def values(self, events: Iterable[HookEvent]) -> list[KnownIdentifier]:
        """Each (category, value) once, sourced to the first event that returned it."""
        seen: dict[tuple[str, str], KnownIdentifier] = {}
        for event in events:
            reader = _READERS.get(event.category)
            if reader is None or not event.ret:
                continue
            for value in reader(event):
                if not self._keeps(event.category, value):
                    continue
                seen.setdefault(
                    (event.category.value, value),
                    KnownIdentifier(event.category, value, event.id),
                )
        return list(seen.values())

    def _keeps(self, category: DataCategory, value: str) -> bool:
        if self.placeholders.is_placeholder(value):
            return False
        if category in (DataCategory.INSTALLED_APPS, DataCategory.RUNNING_APPS):
            return value != self.own_package and not self.placeholders.is_ubiquitous_package(value)
        return True


def observed_values(
    events: Iterable[HookEvent], own_package: str | None = None
) -> list[KnownIdentifier]:
    """The known values hooked reads returned (see ValueLearner)."""
    return ValueLearner(own_package).values(events)
