"""Pure parsers for system output: getprop, settings, binder parcels, frida-server, etc.

Each takes text exactly as `adb shell` returned it. Sample outputs recorded from real
devices (and where each format comes from) are under tests/fixtures/android/.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

_PROP = re.compile(r"^\[(?P<key>[^\]]+)\]: \[(?P<value>.*)\]$", re.S)


def parse_getprop(text: str) -> dict[str, str]:
    """`getprop` (all properties): `[key]: [value]` per line; values may span lines."""
    props: dict[str, str] = {}
    pending: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = "\n".join([*pending, raw]) if pending else raw
        m = _PROP.match(line)
        if m:
            props[m.group("key")] = m.group("value")
            pending = []
        elif line.startswith("[") and "]: [" in line and not line.endswith("]"):
            pending = [line]  # a value with an embedded newline continues on the next line
        else:
            pending = []
    return props


def parse_settings_value(text: str) -> str | None:
    """`settings get NS KEY`: the value, or None for "null"/empty (key unset)."""
    value = text.strip()
    return None if value in ("", "null") else value


@dataclass(frozen=True, slots=True)
class ProxySetting:
    host: str
    port: int


def parse_proxy_setting(text: str) -> ProxySetting | None:
    """`settings get global http_proxy`: `host:port`; unset is null, empty or `:0`."""
    value = parse_settings_value(text)
    if value is None or value.startswith(":"):
        return None
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or int(port) == 0:
        return None
    return ProxySetting(host, int(port))


@dataclass(frozen=True, slots=True)
class ParcelString:
    """A binder reply holding one String16 (or an exception)."""

    value: str | None
    exception: str | None = None


_PARCEL_WORD = re.compile(r"\b[0-9a-fA-F]{8}\b")


def parse_parcel_string(text: str) -> ParcelString:
    """`service call SERVICE CODE ...` output holding a String16 reply.

    The reply is printed as 32-bit words in hex (each word little-endian in memory), then
    an ASCII rendering in quotes. Layout: int32 exception code (0 = none), then for a
    string int32 length in UTF-16 units (-1 = null) and the UTF-16LE characters.
    """
    if "Parcel(" not in text:
        raise ValueError("not a service call reply")
    words: list[int] = []
    for line in text.split("Parcel(", 1)[1].splitlines():
        # Drop the offset column ("0x00000010:") and the quoted ASCII rendering.
        body = re.sub(r"^\s*0x[0-9a-fA-F]+:", "", line)
        body = body.split("'", 1)[0]
        words.extend(int(w, 16) for w in _PARCEL_WORD.findall(body))
    data = b"".join(w.to_bytes(4, "little") for w in words)
    if len(data) < 4:
        raise ValueError("empty parcel")
    code = int.from_bytes(data[0:4], "little", signed=True)
    if code != 0:
        message = _string16(data, 4)
        return ParcelString(None, message or f"exception code {code}")
    if len(data) < 8:
        return ParcelString(None)
    return ParcelString(_string16(data, 4))


def _string16(data: bytes, offset: int) -> str | None:
    if len(data) < offset + 4:
        return None
    length = int.from_bytes(data[offset : offset + 4], "little", signed=True)
    if length < 0:
        return None
    raw = data[offset + 4 : offset + 4 + 2 * length]
    return raw.decode("utf-16-le", errors="replace")


def is_valid_imei(value: str) -> bool:
    """15 digits with a correct Luhn check digit."""
    if not re.fullmatch(r"\d{15}", value) or value == "0" * 15:
        return False
    total = 0
    for i, ch in enumerate(value):
        digit = int(ch)
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:[-.]\S*)?$")


def parse_frida_version(text: str) -> str | None:
    """`frida-server --version`: a bare `17.2.15`; anything else (an error) is None."""
    for line in text.strip().splitlines():
        if _VERSION.match(line.strip()):
            return line.strip()
    return None


def parse_pidof(text: str) -> tuple[int, ...]:
    """`pidof NAME`: space-separated pids, or nothing."""
    return tuple(int(tok) for tok in text.split() if tok.isdigit())


def parse_epoch(text: str) -> float | None:
    """`date +%s.%N`: seconds with nanoseconds; toybox builds without %N print a
    literal `N` or `%N`, in which case only the whole seconds are usable."""
    value = text.strip()
    if re.fullmatch(r"\d+\.\d+", value):
        return float(value)
    m = re.fullmatch(r"(\d+)(?:\.%?N)?", value)
    return float(m.group(1)) if m else None


_MAC = re.compile(r"\b([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\b")


def parse_mac(text: str) -> str | None:
    """A MAC from `/sys/class/net/IF/address` or `ip link show IF` (`link/ether ...`)."""
    if "link/ether" in text:
        text = text.split("link/ether", 1)[1]
    m = _MAC.search(text)
    if m is None:
        return None
    mac = m.group(1).lower()
    # All zeros or the broadcast address mean "no real MAC" (interface down, restricted).
    return None if mac in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff") else mac


def parse_emu_avd_name(text: str) -> str | None:
    """`adb -s emulator-N emu avd name`: the AVD name, then `OK`."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    if not lines or lines[-1] != "OK" or len(lines) < 2:
        return None
    return lines[-2]


def parse_adid_prefs(text: str) -> str | None:
    """Google Play services' `adid_settings.xml`: `<string name="adid_key">UUID</string>`."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    for el in root.iter("string"):
        if el.get("name") == "adid_key" and el.text:
            value = el.text.strip()
            # An opted-out device reports the all-zero id: not an identifier.
            return None if set(value) <= {"0", "-"} else value
    return None


def parse_abi(text: str) -> str | None:
    """`getprop ro.product.cpu.abi` (or the first of `ro.product.cpu.abilist`)."""
    value = text.strip().split(",")[0].strip()
    return value or None
