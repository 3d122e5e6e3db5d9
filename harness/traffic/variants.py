"""The forms an identifier travels in, as literal strings for the multi-pattern automaton.

Trackers rarely send an identifier the way the app read it: they upper-case it, strip a
MAC's colons, hash it (MD5 of the IMEI is the classic "privacy-preserving" id, which is
still a unique, stable identifier), base64 or hex it, URL-encode or JSON-escape it. Each
form is computed once per known value, so the search itself is one pass of an automaton
over the traffic, whatever the number of forms.

A form is named as a function of the value: "plain", "upper", "mac-nosep", "md5",
"md5(upper)" (the MD5 of the upper-cased value), "base64(mac-nosep)", ... Two rules
shape the list:

- base forms (what the value looks like before any encoding): plain, upper, lower; a
  MAC with colons, dashes or no separator in both cases; an advertising id (UUID)
  without dashes; a phone number in E.164, digits only, national and formatted forms;
- encodings, applied to every base form: URL-encoded, JSON-escaped, base64 (standard,
  URL-safe, unpadded, and the fragments it leaves inside a longer base64 text), hex of
  the UTF-8 bytes, MD5/SHA-1/SHA-256 hex in both cases and with leading zeros stripped
  (Java's `new BigInteger(1, digest).toString(16)`, or `Integer.toHexString` per byte).

Locations are numbers, not strings: see coordinates.py. Known gaps: salted or keyed
hashes, hashes of hashes, and encryption cannot be found by any literal.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import phonenumbers

from harness.model import DataCategory, KnownIdentifier
from harness.traffic import coordinates

MIN_FRAGMENT = 8  # shorter fragments of a base64 text would match by chance
HASHES: tuple[tuple[str, Callable[[bytes], bytes]], ...] = (
    ("md5", lambda data: hashlib.md5(data, usedforsecurity=False).digest()),
    ("sha1", lambda data: hashlib.sha1(data, usedforsecurity=False).digest()),
    ("sha256", lambda data: hashlib.sha256(data).digest()),
)
_MAC = re.compile(r"^[0-9A-Fa-f]{2}([:-]?)(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$")
_UUID = re.compile(r"^[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$")
_PERCENT = re.compile(r"%[0-9A-F]{2}")
# A Wi-Fi BSSID and a Bluetooth address are MACs too, sent in the same forms.
_MAC_CATEGORIES = frozenset(
    {DataCategory.MAC_ADDRESS, DataCategory.WIFI_INFO, DataCategory.BLUETOOTH}
)
_PACKAGE_CATEGORIES = frozenset({DataCategory.INSTALLED_APPS, DataCategory.RUNNING_APPS})


class Boundary(enum.StrEnum):
    """What must not touch a hit on either side for it to count."""

    WORD = "word"  # an ASCII letter or digit (a longer number or token is something else)
    NAME = "name"  # also '.' and '_': com.tencent.mm is not the start of com.tencent.mm.opensdk
    BASE64 = "base64"  # a base64 character: the form is then part of a longer base64 text
    NONE = "none"  # a fragment of a longer base64 text: anywhere
    COORDINATE = "coordinate"  # a decimal number: checked by coordinates.verify


@dataclass(frozen=True, slots=True)
class Variant:
    """One literal to search for, and what it means when found."""

    text: str
    encoding: str
    boundary: Boundary
    part: str = ""  # the part of the known value it stands for (one coordinate of a pair)


def variants(ident: KnownIdentifier) -> list[Variant]:
    """Every form of one known value, each literal once (the first name of a form wins)."""
    if ident.category is DataCategory.LOCATION:
        found = [
            Variant(literal, "coordinate", Boundary.COORDINATE, part=number)
            for number in coordinates.coordinate_values(ident.value)
            for literal in coordinates.candidate_literals(number)
        ]
    else:
        # A package name inside a longer dotted name (a class, an SDK's package) is not it.
        plain = Boundary.NAME if ident.category in _PACKAGE_CATEGORIES else Boundary.WORD
        found = list(_all_forms(base_forms(ident.category, ident.value), plain))
    seen: set[tuple[str, Boundary]] = set()
    unique: list[Variant] = []
    for variant in found:
        if (variant.text, variant.boundary) in seen:
            continue
        if variant.boundary is Boundary.NONE and len(variant.text) < MIN_FRAGMENT:
            continue
        seen.add((variant.text, variant.boundary))
        unique.append(variant)
    return unique


def base_forms(category: DataCategory, value: str) -> list[tuple[str, str]]:
    """(name, text) of what the value may look like before any encoding, plain first."""
    forms = [("plain", value), ("upper", value.upper()), ("lower", value.lower())]
    if category in _MAC_CATEGORIES and _MAC.match(value):
        digits = re.sub(r"[:-]", "", value)
        pairs = [digits[i : i + 2] for i in range(0, 12, 2)]
        for sep, name in ((":", "mac-colon"), ("", "mac-nosep"), ("-", "mac-dash")):
            forms.append((name, sep.join(pairs).lower()))
            forms.append((f"{name}-upper", sep.join(pairs).upper()))
    if category is DataCategory.ADVERTISING_ID and _UUID.match(value):
        forms.append(("uuid-nodash", value.replace("-", "").lower()))
        forms.append(("uuid-nodash-upper", value.replace("-", "").upper()))
    if category is DataCategory.PHONE_NUMBER:
        forms.extend(_phone_forms(value))
    unique: dict[str, str] = {}
    for name, text in forms:
        unique.setdefault(text, name)
    return [(name, text) for text, name in unique.items()]


def _phone_forms(value: str) -> list[tuple[str, str]]:
    """E.164 and national forms; only a number in international form has a known country."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return []
    fmt = phonenumbers.PhoneNumberFormat
    e164 = phonenumbers.format_number(number, fmt.E164)
    national = phonenumbers.format_number(number, fmt.NATIONAL)
    return [
        ("phone-e164", e164),
        ("phone-digits", e164.lstrip("+")),
        ("phone-national", str(number.national_number)),
        ("phone-national-digits", re.sub(r"\D", "", national)),
        ("phone-national-formatted", national),
        ("phone-international", phonenumbers.format_number(number, fmt.INTERNATIONAL)),
    ]


def _named(encoding: str, base: str) -> str:
    return encoding if base == "plain" else f"{encoding}({base})"


def _all_forms(bases: list[tuple[str, str]], plain: Boundary) -> Iterator[Variant]:
    # Every base form itself first, so that a literal two forms share keeps the plainer name.
    for base, text in bases:
        yield Variant(text, base, plain)
    for base, text in bases:
        yield from _encoded(base, text)


def _encoded(base: str, text: str) -> Iterator[Variant]:
    for form in _url_encoded(text):
        yield Variant(form, _named("urlencoded", base), Boundary.WORD)
    for form in _json_escaped(text):
        yield Variant(form, _named("json-escaped", base), Boundary.WORD)
    data = text.encode("utf-8")
    yield from _base64_forms(base, data)
    yield Variant(data.hex(), _named("hex", base), Boundary.WORD)
    yield Variant(data.hex().upper(), _named("hex-upper", base), Boundary.WORD)
    for algorithm, digest_of in HASHES:
        digest = digest_of(data)
        hexed = digest.hex()
        yield Variant(hexed, _named(algorithm, base), Boundary.WORD)
        yield Variant(hexed.upper(), _named(f"{algorithm}-upper", base), Boundary.WORD)
        # Java's BigInteger(1, digest).toString(16) drops the leading zeros of the hash...
        yield Variant(hexed.lstrip("0"), _named(f"{algorithm}-stripped", base), Boundary.WORD)
        # ... and Integer.toHexString(b & 0xff) per byte drops each byte's leading zero.
        per_byte = "".join(format(b, "x") for b in digest)
        yield Variant(per_byte, _named(f"{algorithm}-bytestripped", base), Boundary.WORD)


def _url_encoded(text: str) -> list[str]:
    forms = [
        quote(text, safe=""),  # RFC 3986, upper-case hex (urllib, OkHttp)
        quote_plus(text, safe="*"),  # java.net.URLEncoder: spaces as '+', '*' kept
    ]
    forms += [_PERCENT.sub(lambda m: m.group(0).lower(), f) for f in forms]  # lower-case hex
    return [f for f in dict.fromkeys(forms) if f != text]


def _json_escaped(text: str) -> list[str]:
    ascii_form = json.dumps(text)[1:-1]  # \uXXXX for everything past ASCII
    forms = [
        ascii_form,
        json.dumps(text, ensure_ascii=False)[1:-1],  # only quotes, backslashes, controls
        ascii_form.replace("/", "\\/"),  # org.json and PHP escape the slash too
        re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), ascii_form),
    ]
    return [f for f in dict.fromkeys(forms) if f != text]


def _base64_forms(base: str, data: bytes) -> Iterator[Variant]:
    standard = base64.b64encode(data).decode("ascii")
    urlsafe = base64.urlsafe_b64encode(data).decode("ascii")
    yield Variant(standard, _named("base64", base), Boundary.BASE64)
    yield Variant(urlsafe, _named("base64url", base), Boundary.BASE64)
    yield Variant(standard.rstrip("="), _named("base64-unpadded", base), Boundary.BASE64)
    yield Variant(urlsafe.rstrip("="), _named("base64url-unpadded", base), Boundary.BASE64)
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        for fragment in base64_fragments(data, encode):
            yield Variant(fragment, _named("base64-embedded", base), Boundary.NONE)


def base64_fragments(data: bytes, encode: Callable[[bytes], bytes]) -> list[str]:
    """The characters of base64(... + data + ...) that depend on `data` alone.

    Inside a longer base64 text (a base64'd JSON document, say) the value starts at byte
    offset 0, 1 or 2 modulo 3, and the characters at its edges mix in its neighbours'
    bits. For each offset k, the characters wholly inside the value's bits are fixed:
    the characters from ceil(8k/6) to floor(8(k+n)/6) of the encoding of k filler bytes
    followed by the value.
    """
    fragments = []
    for k in range(3):
        encoded = encode(b"\0" * k + data).decode("ascii")
        start = -(-8 * k // 6)
        end = (8 * (k + len(data))) // 6
        fragments.append(encoded[start:end])
    return fragments
