"""The identifier matcher on FlowRecords: every form and place, and what must not match.

Each case is one request as an SDK would build it (the encodings are computed here with the
standard library), with the exact set of matches a correct matcher reports for it. Every
case also runs through the naive per-pattern scanner, which must agree.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass
from urllib.parse import quote

import pytest

from harness.model import DataCategory, FlowRecord, KnownIdentifier, WebSocketMessage
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.scanner import AutomatonScanner, NaiveScanner

D = DataCategory
IMEI = "867530912345678"
AID = "5f3c2e8a1d9b7460"
MAC = "02:1a:11:f0:5c:3e"
SSID = "Lab-无线网络"
KNOWN = [
    KnownIdentifier(D.DEVICE_ID, IMEI, "test"),
    KnownIdentifier(D.ANDROID_ID, AID, "test"),
    KnownIdentifier(D.MAC_ADDRESS, MAC, "test"),
    KnownIdentifier(D.WIFI_INFO, SSID, "test"),
    KnownIdentifier(D.LOCATION, "39.904211,116.407395", "test"),
    KnownIdentifier(D.PHONE_NUMBER, "+8613800138000", "test"),
]
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)
JSON = (("Content-Type", "application/json"),)
TEXT = (("Content-Type", "text/plain"),)
OCTETS = (("Content-Type", "application/octet-stream"),)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode()


@dataclass(frozen=True)
class Case:
    name: str
    url: str = "https://t.example/"
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    expected: frozenset[tuple[str, str, str]] = frozenset()  # (category, encoding, where)
    messages: tuple[WebSocketMessage, ...] = ()

    def flow(self) -> FlowRecord:
        return FlowRecord(
            id=self.name,
            ts=0.0,
            method="POST",
            url=self.url,
            host=self.url.split("/")[2],
            http_version="HTTP/1.1",
            request_headers=self.headers,
            request_body=self.body,
            status=200,
            websocket_messages=self.messages,
        )


def _e(*items: tuple[str, str, str]) -> frozenset[tuple[str, str, str]]:
    return frozenset(items)


CASES = [
    Case(
        "plain-query",
        f"https://t.example/p?imei={IMEI}",
        expected=_e(("device_id", "plain", "query:imei")),
    ),
    Case("plain-path", f"https://t.example/u/{IMEI}/x", expected=_e(("device_id", "plain", "url"))),
    Case(
        "upper-header",
        headers=(("X-Id", AID.upper()),),
        expected=_e(("android_id", "upper", "header:X-Id")),
    ),
    Case(
        "mac-nosep-upper-json",
        body=b'{"m":"021A11F05C3E"}',
        headers=JSON,
        expected=_e(("mac_address", "mac-nosep-upper", "body/json:$.m")),
    ),
    Case(
        "mac-dash-cookie",
        headers=(("Cookie", "m=02-1a-11-f0-5c-3e; z=1"),),
        expected=_e(("mac_address", "mac-dash", "cookie:m")),
    ),
    Case(
        "urlencoded-form",
        body=f"mac={quote(MAC, safe='')}".encode(),
        headers=FORM,
        expected=_e(("mac_address", "urlencoded", "body/form:mac")),
    ),
    Case(
        "urlencoded-lowercase-hex",
        "https://t.example/?mac=02%3a1a%3a11%3af0%3a5c%3a3e",
        expected=_e(("mac_address", "urlencoded", "query:mac")),
    ),
    Case(
        "base64-json",
        body=json.dumps({"a": _b64(AID)}).encode(),
        expected=_e(("android_id", "base64", "body/json:$.a")),
    ),
    Case(
        "base64url-query",
        f"https://t.example/?s={base64.urlsafe_b64encode(SSID.encode()).decode()}",
        expected=_e(("wifi_info", "base64url", "query:s")),
    ),
    Case(
        "base64-unpadded-header",
        headers=(("X-A", _b64(AID).rstrip("=")),),
        expected=_e(("android_id", "base64-unpadded", "header:X-A")),
    ),
    Case(
        "base64-embedded",
        body=_b64(json.dumps({"k": "v", "aid": AID})).encode(),
        headers=OCTETS,
        # the base64 text decodes to JSON: the value is reported where it really is
        expected=_e(("android_id", "plain", "body/base64/json:$.aid")),
    ),
    Case(
        "base64-embedded-in-binary",
        # base64 of binary bytes (not text, so not opened): only fragments can be found
        body=_b64(b"\x00\xff\xfe" + AID.encode() + b"\x80\x81").encode(),
        headers=OCTETS,
        expected=_e(("android_id", "base64-embedded", "body")),
    ),
    Case(
        "hex-form",
        body=f"h={IMEI.encode().hex()}".encode(),
        headers=FORM,
        expected=_e(("device_id", "hex", "body/form:h")),
    ),
    Case(
        "md5-and-upper",
        body=json.dumps({"a": _md5(IMEI), "b": _md5(IMEI).upper()}).encode(),
        expected=_e(
            ("device_id", "md5", "body/json:$.a"), ("device_id", "md5-upper", "body/json:$.b")
        ),
    ),
    Case(
        "sha1-sha256-text",
        body=(
            f"s1 {hashlib.sha1(AID.encode()).hexdigest().upper()} "
            f"s2 {hashlib.sha256(IMEI.encode()).hexdigest()}"
        ).encode(),
        headers=TEXT,
        expected=_e(("android_id", "sha1-upper", "body"), ("device_id", "sha256", "body")),
    ),
    Case(
        "bytestripped",
        body=("".join(format(b, "x") for b in hashlib.sha1(AID.encode()).digest())).encode(),
        headers=TEXT,
        expected=_e(("android_id", "sha1-bytestripped", "body")),
    ),
    Case(
        "md5-of-mac-nosep-upper",
        body=json.dumps({"mh": _md5("021A11F05C3E")}).encode(),
        expected=_e(("mac_address", "md5(mac-nosep-upper)", "body/json:$.mh")),
    ),
    Case(
        "json-escaped-pattern",
        body=f'ssid: "{json.dumps(SSID)[1:-1]}"'.encode(),
        headers=TEXT,
        expected=_e(("wifi_info", "json-escaped", "body")),
    ),
    Case(
        "json-escaped-layer",
        body=b'{"mac":"02\\u003a1a\\u003a11\\u003af0\\u003a5c\\u003a3e"}',
        expected=_e(("mac_address", "json-escaped", "body/json:$.mac")),
    ),
    Case(
        "urlencoded-base64-layer",
        "https://t.example/?d=" + quote(_b64(SSID), safe=""),
        expected=_e(("wifi_info", "urlencoded(base64)", "query:d")),
    ),
    Case(
        "coordinates",
        body=b"lat=39.9042&lng=116.40740&city=1",
        headers=FORM,
        expected=_e(
            ("location", "coordinate-4dp", "body/form:lat"),
            ("location", "coordinate-5dp", "body/form:lng"),
        ),
    ),
    Case(
        "coordinates-json-numbers",
        body=b'{"loc":[39.904211,116.407]}',
        expected=_e(
            ("location", "coordinate-6dp", "body/json:$.loc[0]"),
            ("location", "coordinate-3dp", "body/json:$.loc[1]"),
        ),
    ),
    Case(
        "phone-national",
        "https://t.example/?tel=13800138000",
        expected=_e(("phone_number", "phone-national", "query:tel")),
    ),
    Case(
        "gzip-base64-in-form",
        body=(
            "content=" + quote(_b64(gzip.compress(json.dumps({"imei": IMEI}).encode())), safe="")
        ).encode(),
        headers=FORM,
        expected=_e(("device_id", "plain", "body/form:content/base64/gzip/json:$.imei")),
    ),
    Case(
        "base64-value-reported-as-base64",
        f"https://t.example/?i={_b64(IMEI)}",
        expected=_e(("device_id", "base64", "query:i")),
    ),
    Case(
        "json-in-form-field",
        body=("d=" + quote(json.dumps({"imei": IMEI}))).encode(),
        headers=FORM,
        expected=_e(("device_id", "plain", "body/form:d/json:$.imei")),
    ),
    Case(
        "websocket",
        "https://t.example/ws",
        messages=(
            WebSocketMessage(1.0, True, True, json.dumps({"imei": IMEI}).encode()),
            WebSocketMessage(2.0, False, True, AID.encode()),
        ),
        expected=_e(("device_id", "plain", "websocket[0]/json:$.imei")),
    ),
    Case(
        "several-in-one-place",
        body=f"{IMEI} and {_md5(IMEI)}".encode(),
        headers=TEXT,
        expected=_e(("device_id", "plain", "body"), ("device_id", "md5", "body")),
    ),
    Case(
        "near-misses",
        f"https://t.example/?n=9{IMEI}1&h={_md5(IMEI)}0&lat=39.9&lon=139.904211&a=x{AID}",
        body=f"{_md5(AID)[:-1]} {IMEI[:-1]}".encode(),
        headers=TEXT,
        expected=frozenset(),
    ),
]


@pytest.fixture(scope="module")
def matchers() -> tuple[IdentifierMatcher, IdentifierMatcher]:
    return IdentifierMatcher(KNOWN, AutomatonScanner), IdentifierMatcher(KNOWN, NaiveScanner)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_form_and_place(
    case: Case, matchers: tuple[IdentifierMatcher, IdentifierMatcher]
) -> None:
    automaton, naive = matchers
    found = automaton.match(case.flow())
    assert {(m.category.value, m.encoding, m.where) for m in found} == case.expected
    assert all(m.flow_id == case.name for m in found)
    assert naive.match(case.flow()) == found


def test_matches_name_the_known_value_and_what_was_found() -> None:
    matcher = IdentifierMatcher(KNOWN)
    [match] = matcher.match(Case("x", f"https://t.example/?h={_md5(IMEI).upper()}").flow())
    assert (match.identifier, match.found) == (IMEI, _md5(IMEI).upper())
    lat, lng = matcher.match(Case("y", "https://t.example/?a=39.9042&b=116.4074").flow())
    assert {(lat.identifier, lat.found), (lng.identifier, lng.found)} == {
        ("39.904211", "39.9042"),
        ("116.407395", "116.4074"),
    }


def test_no_identifiers_no_patterns_no_matches() -> None:
    matcher = IdentifierMatcher([KnownIdentifier(D.DEVICE_ID, "  ", "blank")])
    assert matcher.pattern_count == 0
    assert matcher.match(CASES[0].flow()) == ()


def test_one_value_in_two_categories_is_reported_for_both() -> None:
    matcher = IdentifierMatcher(
        [KnownIdentifier(D.DEVICE_ID, IMEI, "a"), KnownIdentifier(D.SERIAL, IMEI, "b")]
    )
    found = matcher.match(CASES[0].flow())
    assert {m.category for m in found} == {D.DEVICE_ID, D.SERIAL}
