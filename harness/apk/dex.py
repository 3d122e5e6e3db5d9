"""Class names defined in a dex file, read straight from its index tables.

Only three tables are needed: class_defs -> type_ids -> string_ids (-> MUTF-8 string
data). That is a stable part of the format from dex 035 to 041, so a few dozen lines of
struct reads replace a full dex library (androguard 4 would also pin `cryptography` above
what mitmproxy 11 accepts). Layout: https://source.android.com/docs/core/runtime/dex-format
"""

from __future__ import annotations

import struct

DEX_MAGIC = b"dex\n"
_HEADER_SIZE = 0x70
_CLASS_DEF_SIZE = 32


class DexError(ValueError):
    """The bytes are not a dex file this reader understands."""


def dex_class_names(data: bytes) -> tuple[str, ...]:
    """Dotted names (`com.foo.Bar$1`) of every class defined in `data`, in file order."""
    if len(data) < _HEADER_SIZE or data[:4] != DEX_MAGIC or data[7] != 0:
        raise DexError("not a dex file (bad magic)")
    (endian,) = struct.unpack_from("<I", data, 0x28)
    if endian != 0x12345678:
        raise DexError("big-endian or corrupt dex header")
    string_ids_size, string_ids_off, type_ids_size, type_ids_off = struct.unpack_from(
        "<IIII", data, 0x38
    )
    class_defs_size, class_defs_off = struct.unpack_from("<II", data, 0x60)
    _check_table(data, string_ids_off, string_ids_size, 4, "string_ids")
    _check_table(data, type_ids_off, type_ids_size, 4, "type_ids")
    _check_table(data, class_defs_off, class_defs_size, _CLASS_DEF_SIZE, "class_defs")
    names: list[str] = []
    for i in range(class_defs_size):
        (type_idx,) = struct.unpack_from("<I", data, class_defs_off + i * _CLASS_DEF_SIZE)
        if type_idx >= type_ids_size:
            raise DexError(f"class_def {i} points past type_ids")
        (string_idx,) = struct.unpack_from("<I", data, type_ids_off + type_idx * 4)
        if string_idx >= string_ids_size:
            raise DexError(f"type_id {type_idx} points past string_ids")
        (string_off,) = struct.unpack_from("<I", data, string_ids_off + string_idx * 4)
        names.append(descriptor_to_name(_read_string(data, string_off)))
    return tuple(names)


def descriptor_to_name(descriptor: str) -> str:
    """`Lcom/foo/Bar;` -> `com.foo.Bar` (other descriptors are returned unchanged)."""
    if descriptor.startswith("L") and descriptor.endswith(";"):
        return descriptor[1:-1].replace("/", ".")
    return descriptor


def _check_table(data: bytes, offset: int, count: int, item: int, what: str) -> None:
    if count and (offset < _HEADER_SIZE or offset + count * item > len(data)):
        raise DexError(f"{what} table lies outside the file")


def _read_string(data: bytes, offset: int) -> str:
    if offset >= len(data):
        raise DexError("string data offset outside the file")
    # uleb128 length in UTF-16 units, which we do not need: skip it.
    pos = offset
    for _ in range(5):
        byte = data[pos]
        pos += 1
        if byte < 0x80:
            break
    end = data.find(b"\x00", pos)
    if end < 0:
        raise DexError("unterminated string in dex")
    return decode_mutf8(data[pos:end])


def decode_mutf8(raw: bytes) -> str:
    """Modified UTF-8: NUL as C0 80, supplementary characters as two 3-byte surrogates."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", errors="surrogatepass")
    # Re-pair the surrogates through UTF-16; a lone surrogate becomes U+FFFD.
    return text.encode("utf-16", errors="surrogatepass").decode("utf-16", errors="replace")
