"""Every place in a request where personal data can travel, as text to search.

A place is a piece of text with a name a person can follow back into the flow:

    where := root ("/" step)*
    root  := "url" | "query:<name>" | "header:<Name>" | "cookie:<name>" | "body"
           | "websocket[<n>]"                      (the n-th message, client to server)
    step  := "json:<path>" | "form:<name>" | "multipart:<name>"
           | "base64" | "gzip" | "zlib" | "deflate" | "brotli"

so `body/json:$.device.imei`, `query:data/base64/gzip/json:$.imei` (a base64'd, gzipped
JSON document in a query parameter), `body/multipart:meta/json:$.oaid`.

Each place keeps its text as sent in its container (`text`: a query value still
percent-encoded, a JSON string still escaped) and, when different, the value with that
container's escaping undone (`decoded`, `layer` naming the escaping): the matcher looks
in both, so it can say "urlencoded" when that is how the identifier travelled, and still
find a base64 value that the container percent-encoded on top.

Bodies are read by their Content-Type and by sniffing (JSON, forms, multipart, compressed
bytes); values that hold a document of their own (JSON in a form field, base64 of gzip in
a JSON string) are opened too, to a fixed depth. Bytes are decoded as UTF-8 with
surrogate escapes, so binary bodies (protobuf) keep their ASCII identifiers searchable.
Known gaps: JSON object keys, protobuf and other binary structures are searched as flat
bytes; encrypted payloads cannot be opened.
"""

from __future__ import annotations

import base64
import binascii
import email.parser
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, unquote_plus, urlsplit

from harness.model import FlowRecord
from harness.traffic.decompress import decompress
from harness.traffic.jsonwalk import is_json, json_leaves

MAX_DEPTH = 4  # documents inside documents: base64 of gzip of JSON in a form field is 3
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_MIN_DOCUMENT = 16  # a shorter value holds no document with an identifier worth opening
_BASE64 = re.compile(r"^[A-Za-z0-9+/_-]{16,}={0,2}$")
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_FORM = re.compile(r"^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*&?$")
_SKIPPED_HEADERS = frozenset({"content-length", "host", ":authority"})


@dataclass(frozen=True, slots=True)
class Place:
    where: str
    text: str
    decoded: str | None = None  # `text` with its container's escaping undone, if different
    layer: str = ""  # which escaping `decoded` undid: "urlencoded" | "json-escaped"


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _join(prefix: str, step: str) -> str:
    return f"{prefix}/{step}" if prefix else step


def request_places(flow: FlowRecord) -> Iterator[Place]:
    """The URL, query, headers, cookies, body and client WebSocket messages of a flow."""
    yield from _url_places(flow.url)
    content_type = ""
    content_encoding = ""
    for name, value in flow.request_headers:
        lower = name.lower()
        if lower == "content-type":
            content_type = value
        elif lower == "content-encoding":
            content_encoding = value
        if lower == "cookie":
            yield from _cookie_places(value)
        elif lower not in _SKIPPED_HEADERS:
            yield from _value_places(f"header:{name}", value, *_percent_decoded(value), 0)
    if flow.request_body:
        yield from _bytes_places("body", flow.request_body, content_type, content_encoding, 0)
    for index, message in enumerate(flow.websocket_messages):
        if message.from_client:
            yield from _bytes_places(f"websocket[{index}]", message.content, "", "", 0)


def _percent_decoded(raw: str, plus: bool = False) -> tuple[str | None, str]:
    if not _PERCENT.search(raw) and not (plus and "+" in raw):
        return None, ""
    decoded = unquote_plus(raw) if plus else unquote(raw)
    return (decoded, "urlencoded") if decoded != raw else (None, "")


def _url_places(url: str) -> Iterator[Place]:
    parts = urlsplit(url)
    address = f"{parts.scheme}://{parts.netloc}{parts.path}"
    yield Place("url", address, *_percent_decoded(address))
    if parts.query:
        yield from _form_places("", parts.query, "query:", 0)


def _form_places(prefix: str, text: str, root: str, depth: int) -> Iterator[Place]:
    """`a=1&b=2` as one place per field: `query:a` at the root, `.../form:a` below it."""
    for pair in text.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        where = (
            f"{root}{unquote_plus(name)}" if root else _join(prefix, f"form:{unquote_plus(name)}")
        )
        yield from _value_places(where, value, *_percent_decoded(value, plus=True), depth)


def _cookie_places(header: str) -> Iterator[Place]:
    for cookie in header.split(";"):
        name, _, value = cookie.strip().partition("=")
        if name:
            yield from _value_places(f"cookie:{name}", value, *_percent_decoded(value), 0)


def _value_places(
    where: str, raw: str, decoded: str | None, layer: str, depth: int
) -> Iterator[Place]:
    """A value as a place; then, if it holds a document (JSON, base64 data), its contents."""
    yield Place(where, raw, decoded, layer)
    value = decoded if decoded is not None else raw
    if depth >= MAX_DEPTH or len(value) < _MIN_DOCUMENT:
        return
    if is_json(value):
        yield from _json_places(where, value, depth + 1)
    elif _BASE64.match(value) and not _HEX.match(value):
        data = _unbase64(value)
        if data is not None:
            yield from _bytes_places(_join(where, "base64"), data, "", "", depth + 1)


def _unbase64(value: str) -> bytes | None:
    """base64 (either alphabet) that decodes to text or to compressed bytes, else None."""
    text = value.rstrip("=")
    if len(text) % 4 == 1:
        return None
    padded = text + "=" * (-len(text) % 4)
    try:
        if "-" in text or "_" in text:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if decompress(data, sniff_only=True) is not None:
        return data
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Most long alphanumeric tokens are valid base64 of noise; keep only readable text.
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in decoded)
    return data if decoded and printable >= 0.95 * len(decoded) else None


def _json_places(prefix: str, text: str, depth: int) -> Iterator[Place]:
    head = f"{prefix}/json:" if prefix else "json:"
    for leaf in json_leaves(text):
        if leaf.decoded is None and len(leaf.raw) < _MIN_DOCUMENT:
            yield Place(head + leaf.path, leaf.raw)  # most leaves: short, nothing inside
        elif leaf.decoded is None:
            yield from _value_places(head + leaf.path, leaf.raw, None, "", depth)
        else:
            yield from _value_places(
                head + leaf.path, leaf.raw, leaf.decoded, "json-escaped", depth
            )


def _bytes_places(
    where: str, data: bytes, content_type: str, content_encoding: str, depth: int
) -> Iterator[Place]:
    """Bytes whose kind is given by a Content-Type (maybe empty) or found by sniffing."""
    unpacked = decompress(data, content_encoding) if depth < MAX_DEPTH else None
    if unpacked is not None:
        scheme, data = unpacked
        yield from _bytes_places(_join(where, scheme), data, "", "", depth + 1)
        return
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime.startswith("multipart/"):
        parts = list(_multipart(content_type, data))
        if parts:
            for name, part_type, body in parts:
                yield from _bytes_places(
                    _join(where, f"multipart:{name}"), body, part_type, "", depth + 1
                )
            return
    text = _text(data)
    if is_json(text):
        yield from _json_places(where, text, depth)
    elif mime == "application/x-www-form-urlencoded" or (
        # Undeclared: a form, unless it is one base64 text (whose "=" padding looks like one).
        mime in ("", "text/plain", "application/octet-stream")
        and _FORM.match(text)
        and not _BASE64.match(text.strip())
    ):
        yield from _form_places(where, text.strip(), "", depth)
    else:
        yield from _value_places(where, text, None, "", depth)


def _multipart(content_type: str, data: bytes) -> Iterator[tuple[str, str, bytes]]:
    """(field name, Content-Type, body) of each part of a multipart body."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + data)
    if not message.is_multipart():
        return
    for index, part in enumerate(message.iter_parts()):
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        body = payload if isinstance(payload, bytes) else b""
        yield (str(name) if name else str(index), part.get_content_type(), body)
