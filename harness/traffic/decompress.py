"""Undo gzip, zlib/deflate and brotli on bytes an SDK sent, declared or not.

`flow_record` already undoes the request's declared Content-Encoding (mitmproxy's own
decoders). Many SDKs compress without saying so (Umeng and most Chinese analytics SDKs
gzip their payload and send it as application/octet-stream, often inside base64), so
bytes are also sniffed: gzip and zlib have magic numbers; raw deflate and brotli have
none, so they are only tried on bytes that are not text and are accepted only when the
whole input decodes to a complete stream of UTF-8 text (random bytes almost never do).

Output is capped so that a compression bomb cannot take the harness's memory.
"""

from __future__ import annotations

import zlib

import brotli

MAX_OUTPUT = 32 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


def _inflate(data: bytes, wbits: int) -> bytes | None:
    decoder = zlib.decompressobj(wbits)
    try:
        out = decoder.decompress(data, MAX_OUTPUT)
    except zlib.error:
        return None
    if not decoder.eof or decoder.unconsumed_tail or decoder.unused_data:
        return None  # truncated, larger than the cap, or followed by something else
    return out


def _brotli(data: bytes) -> bytes | None:
    try:
        out = brotli.decompress(data)
    except brotli.error:
        return None
    return out if 0 < len(out) <= MAX_OUTPUT else None


def _is_zlib(data: bytes) -> bool:
    # RFC 1950: CM=8 (deflate), CINFO<=7, and the header checksum.
    return (
        len(data) >= 2
        and data[0] & 0x0F == 8
        and data[0] >> 4 <= 7
        and (data[0] << 8 | data[1]) % 31 == 0
    )


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decompress(
    data: bytes, declared: str = "", sniff_only: bool = False
) -> tuple[str, bytes] | None:
    """(scheme, decompressed) if `data` is compressed, else None.

    `declared` is a Content-Encoding that was not undone yet ("gzip", "deflate", "br"):
    it is tried first. The scheme names the step in a match's place ("gzip", "zlib",
    "deflate", "brotli"). `sniff_only`: only formats with a magic number (gzip, zlib), for
    the many small values that merely might be compressed.
    """
    if len(data) < 2:
        return None
    declared = declared.strip().lower()
    if data.startswith(_GZIP_MAGIC):
        out = _inflate(data, 16 + zlib.MAX_WBITS)
        return ("gzip", out) if out is not None else None
    if _is_zlib(data):
        out = _inflate(data, zlib.MAX_WBITS)
        if out is not None:
            return ("zlib", out)
    if sniff_only:
        return None
    if declared == "br" or not _is_text(data):
        out = _brotli(data)
        if out is not None and (declared == "br" or _is_text(out)):
            return ("brotli", out)
    if declared == "deflate" or not _is_text(data):
        out = _inflate(data, -zlib.MAX_WBITS)
        if out is not None and out and (declared == "deflate" or _is_text(out)):
            return ("deflate", out)
    return None
