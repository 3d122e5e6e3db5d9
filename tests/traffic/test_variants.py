"""Identifier forms (variants.py) and coordinates (coordinates.py): pure functions.

Expected values are computed here with the standard library the way an SDK computes them,
not with the module under test.
"""

from __future__ import annotations

import base64
import hashlib
import os

import pytest

from harness.model import DataCategory, KnownIdentifier
from harness.traffic import coordinates
from harness.traffic.variants import Boundary, base64_fragments, base_forms, variants

IMEI = "867530912345678"
ANDROID_ID = "5f3c2e8a1d9b7460"
MAC = "02:1a:11:f0:5c:3e"
GAID = "38400000-8cf0-11bd-b23e-10b96e40000d"
PHONE = "+8613800138000"


def _forms(category: DataCategory, value: str) -> dict[str, str]:
    """encoding name -> literal (the first literal of each name)."""
    out: dict[str, str] = {}
    for v in variants(KnownIdentifier(category, value, "test")):
        out.setdefault(v.encoding, v.text)
    return out


def test_plain_case_hashes_hex_and_base64_of_an_android_id() -> None:
    forms = _forms(DataCategory.ANDROID_ID, ANDROID_ID)
    data = ANDROID_ID.encode()
    assert forms["plain"] == ANDROID_ID
    assert forms["upper"] == ANDROID_ID.upper()
    assert "lower" not in forms  # the same literal as plain: named once, plainly
    assert forms["hex"] == data.hex()
    assert forms["base64"] == base64.b64encode(data).decode()
    assert forms["base64-unpadded"] == base64.b64encode(data).decode().rstrip("=")
    for name in ("md5", "sha1", "sha256"):
        digest = hashlib.new(name, data).hexdigest()
        assert forms[name] == digest
        assert forms[f"{name}-upper"] == digest.upper()
        assert forms[f"{name}(upper)"] == hashlib.new(name, ANDROID_ID.upper().encode()).hexdigest()


def test_digit_only_identifier_has_no_case_forms() -> None:
    forms = _forms(DataCategory.DEVICE_ID, IMEI)
    assert {"upper", "lower", "hex-upper", "base64url"}.isdisjoint(forms)
    assert forms["md5"] == hashlib.md5(IMEI.encode()).hexdigest()


def test_java_zero_stripped_hashes() -> None:
    # sha256("460001234567890") starts with "08": BigInteger.toString(16) drops the "0".
    imsi = "460001234567890"
    digest = hashlib.sha256(imsi.encode()).digest()
    assert digest.hex().startswith("0")
    forms = _forms(DataCategory.IMSI, imsi)
    assert forms["sha256-stripped"] == format(int.from_bytes(digest, "big"), "x")
    # sha1 of the Android ID has a byte below 0x10: Integer.toHexString drops its zero.
    sha1 = hashlib.sha1(ANDROID_ID.encode()).digest()
    assert any(b < 0x10 for b in sha1)
    assert _forms(DataCategory.ANDROID_ID, ANDROID_ID)["sha1-bytestripped"] == "".join(
        format(b, "x") for b in sha1
    )
    # No stripped form where stripping changes nothing.
    md5 = hashlib.md5(ANDROID_ID.encode()).hexdigest()
    assert not md5.startswith("0")
    assert "md5-stripped" not in _forms(DataCategory.ANDROID_ID, ANDROID_ID)


def test_mac_address_separators_and_case() -> None:
    names = dict(base_forms(DataCategory.MAC_ADDRESS, MAC))
    assert names["plain"] == MAC
    assert names["upper"] == MAC.upper()
    assert names["mac-nosep"] == "021a11f05c3e"
    assert names["mac-nosep-upper"] == "021A11F05C3E"
    assert names["mac-dash"] == "02-1a-11-f0-5c-3e"
    assert names["mac-dash-upper"] == "02-1A-11-F0-5C-3E"
    assert "mac-colon" not in names  # that is the plain value
    forms = _forms(DataCategory.MAC_ADDRESS, MAC)
    assert forms["urlencoded"] == "02%3A1a%3A11%3Af0%3A5c%3A3e"
    assert forms["md5(mac-nosep-upper)"] == hashlib.md5(b"021A11F05C3E").hexdigest()


def test_advertising_id_without_dashes_and_phone_forms() -> None:
    assert dict(base_forms(DataCategory.ADVERTISING_ID, GAID))["uuid-nodash"] == GAID.replace(
        "-", ""
    )
    phone = dict(base_forms(DataCategory.PHONE_NUMBER, PHONE))
    assert phone["phone-digits"] == "8613800138000"
    assert phone["phone-national"] == "13800138000"
    assert phone["phone-international"] == "+86 138 0013 8000"
    assert "phone-e164" not in phone  # the plain value is E.164 already
    # A number without a country code has no national forms to derive.
    assert [n for n, _ in base_forms(DataCategory.PHONE_NUMBER, "13800138000")] == ["plain"]


def test_url_and_json_escaping_of_non_ascii() -> None:
    ssid = "Lab-无线网络"
    forms = {
        v.text: v.encoding for v in variants(KnownIdentifier(DataCategory.WIFI_INFO, ssid, ""))
    }
    assert forms["Lab-%E6%97%A0%E7%BA%BF%E7%BD%91%E7%BB%9C"] == "urlencoded"
    assert forms["Lab-%e6%97%a0%e7%ba%bf%e7%bd%91%e7%bb%9c"] == "urlencoded"
    assert forms["Lab-\\u65e0\\u7ebf\\u7f51\\u7edc"] == "json-escaped"
    assert forms["Lab-\\u65E0\\u7EBF\\u7F51\\u7EDC"] == "json-escaped"
    urlsafe = base64.urlsafe_b64encode(ssid.encode()).decode()
    assert "-" in urlsafe or "_" in urlsafe
    assert forms[urlsafe] == "base64url"


def test_every_literal_is_unique_and_boundaries_fit_the_form() -> None:
    found = variants(KnownIdentifier(DataCategory.MAC_ADDRESS, MAC, ""))
    assert len({(v.text, v.boundary) for v in found}) == len(found)
    for v in found:
        if v.encoding.startswith("base64-embedded"):
            assert v.boundary is Boundary.NONE and len(v.text) >= 8
        elif v.encoding.startswith("base64"):
            assert v.boundary is Boundary.BASE64
        else:
            assert v.boundary is Boundary.WORD


@pytest.mark.parametrize("length", [1, 2, 3, 10, 15, 16, 17, 36])
@pytest.mark.parametrize("offset", [0, 1, 2, 3, 7])
def test_base64_fragments_are_inside_any_longer_base64(length: int, offset: int) -> None:
    value = os.urandom(length)
    fragments = base64_fragments(value, base64.b64encode)
    encoded = base64.b64encode(os.urandom(offset) + value + os.urandom(5)).decode()
    # The fragment for this alignment is in the encoding, whatever the neighbours are.
    assert fragments[offset % 3] in encoded


def test_location_variants_are_coordinates_only() -> None:
    found = variants(KnownIdentifier(DataCategory.LOCATION, "39.904211,116.407395", ""))
    assert {(v.text, v.part) for v in found} == {("39.904", "39.904211"), ("116.407", "116.407395")}
    assert all(v.boundary is Boundary.COORDINATE for v in found)


# --- coordinates ----------------------------------------------------------------------------


def test_coordinate_values_need_three_decimals() -> None:
    assert coordinates.coordinate_values("Location[gps 39.904211,116.407395 acc=5.0]") == [
        "39.904211",
        "116.407395",
    ]
    assert coordinates.coordinate_values("39.9,116.41") == []


def test_candidate_literals_truncate_and_round() -> None:
    assert coordinates.candidate_literals("116.4075") == ["116.407", "116.408"]
    assert coordinates.candidate_literals("-33.86785") == ["-33.867", "-33.868"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lat=39.904", "coordinate-3dp"),
        ("lat=39.9042", "coordinate-4dp"),  # truncated and rounded agree
        ("lat=39.90421", "coordinate-5dp"),
        ("lat=39.904211", "coordinate-6dp"),
        ("lat=39.9042110000001", "coordinate-13dp"),  # float noise after the known digits
        ("lat=39.9043", None),  # neither truncated nor rounded: another place
        ("lat=139.904211", None),  # part of a longer number
        ("lat=-39.904211", None),  # the other hemisphere
        ("v=1.39.904211", None),
    ],
)
def test_verify_reads_the_whole_number(text: str, expected: str | None) -> None:
    start = text.find("39.904")
    result = coordinates.verify(text, start, start + len("39.904"), "39.904211")
    assert (result[0] if result else None) == expected
    if result:
        assert result[1] == len(text)


def test_verify_accepts_rounding_up() -> None:
    text = "lng=116.4074"  # String.format("%.4f", 116.407395) rounds half up
    assert coordinates.verify(text, 4, 11, "116.407395") == ("coordinate-4dp", len(text))
