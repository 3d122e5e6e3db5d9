"""Where the matcher looks: request places, JSON leaves, and decompression (pure functions)."""

from __future__ import annotations

import base64
import gzip
import json
import os
import zlib

import brotli
import pytest

from harness.model import FlowRecord, WebSocketMessage
from harness.traffic.decompress import MAX_OUTPUT, decompress
from harness.traffic.jsonwalk import is_json, json_leaves
from harness.traffic.places import Place, request_places


def _flow(
    url: str = "https://h.example/p",
    body: bytes = b"",
    headers: tuple[tuple[str, str], ...] = (),
    messages: tuple[WebSocketMessage, ...] = (),
) -> FlowRecord:
    return FlowRecord(
        id="f1",
        ts=0.0,
        method="POST",
        url=url,
        host="h.example",
        http_version="HTTP/1.1",
        request_headers=headers,
        request_body=body,
        status=200,
        websocket_messages=messages,
    )


def _places(flow: FlowRecord) -> dict[str, Place]:
    return {p.where: p for p in request_places(flow)}


# --- jsonwalk -----------------------------------------------------------------------------------


def test_json_leaves_keep_paths_and_the_text_as_sent() -> None:
    text = '{"a":{"b c":[1,"x\\u0041",{"d":2.5}]},"e":"f","g":[["h"]],"k\\"q":null,"$n":true}'
    leaves = [(leaf.path, leaf.raw, leaf.decoded) for leaf in json_leaves(text)]
    assert leaves == [
        ('$.a["b c"][0]', "1", None),
        ('$.a["b c"][1]', "x\\u0041", "xA"),
        ('$.a["b c"][2].d', "2.5", None),
        ("$.e", "f", None),
        ("$.g[0][0]", "h", None),
    ]
    assert json.loads(text)  # the test input is real JSON


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{}", True), (" [1]", True), ('"a"', False), ("{'a':1}", False), ("{", False), ("", False)],
)
def test_is_json_means_an_object_or_array(text: str, expected: bool) -> None:
    assert is_json(text) is expected


# --- decompress ---------------------------------------------------------------------------------


def test_decompress_sniffs_gzip_and_zlib_and_tries_raw_deflate_and_brotli() -> None:
    text = b'{"imei":"867530912345678"}'
    raw_deflate = zlib.compressobj(wbits=-15)
    deflated = raw_deflate.compress(text) + raw_deflate.flush()
    assert decompress(gzip.compress(text)) == ("gzip", text)
    assert decompress(zlib.compress(text)) == ("zlib", text)
    assert decompress(deflated) == ("deflate", text)
    assert decompress(brotli.compress(text)) == ("brotli", text)
    assert decompress(text) is None


def test_decompress_rejects_noise_truncation_and_trailing_bytes() -> None:
    assert all(decompress(os.urandom(200)) is None for _ in range(500))
    packed = gzip.compress(b"x" * 100)
    assert decompress(packed[:-5]) is None
    assert decompress(zlib.compress(b"abc") + b"junk") is None


def test_decompress_caps_the_output() -> None:
    bomb = zlib.compress(b"\0" * (MAX_OUTPUT + 1))
    assert decompress(bomb) is None


# --- request places -----------------------------------------------------------------------------


def test_url_and_query_places_keep_the_encoding_as_sent() -> None:
    places = _places(_flow("https://h.example/a%20b/p?mac=02%3A1a&x=1+2&flag"))
    assert places["url"] == Place(
        "url", "https://h.example/a%20b/p", "https://h.example/a b/p", "urlencoded"
    )
    assert places["query:mac"] == Place("query:mac", "02%3A1a", "02:1a", "urlencoded")
    assert places["query:x"] == Place("query:x", "1+2", "1 2", "urlencoded")
    assert places["query:flag"] == Place("query:flag", "")


def test_headers_and_cookies() -> None:
    headers = (
        ("User-Agent", "Lab/1.0"),
        ("Cookie", "a=1; uid=abc%3D"),
        ("Content-Length", "0"),
        ("Host", "h.example"),
    )
    places = _places(_flow(headers=headers))
    assert places["header:User-Agent"].text == "Lab/1.0"
    assert places["cookie:a"].text == "1"
    assert places["cookie:uid"] == Place("cookie:uid", "abc%3D", "abc=", "urlencoded")
    assert "header:Content-Length" not in places and "header:Host" not in places


def test_form_json_and_text_bodies_by_content_type_and_by_sniffing() -> None:
    form = _places(
        _flow(
            body=b"a=1&imei=86%2B7",
            headers=(("Content-Type", "application/x-www-form-urlencoded"),),
        )
    )
    assert form["body/form:imei"] == Place("body/form:imei", "86%2B7", "86+7", "urlencoded")
    sniffed_json = _places(_flow(body=b'{"d":{"imei":"8675"}}'))
    assert sniffed_json["body/json:$.d.imei"].text == "8675"
    text = _places(_flow(body=b"hello imei 8675", headers=(("Content-Type", "text/plain"),)))
    assert text["body"].text == "hello imei 8675"


def test_multipart_parts_are_walked_by_their_own_type() -> None:
    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="sig"\r\n\r\nabc\r\n'
        b'--XyZ\r\nContent-Disposition: form-data; name="meta"; filename="m.json"\r\n'
        b'Content-Type: application/json\r\n\r\n{"h":"def"}\r\n--XyZ--\r\n'
    )
    places = _places(
        _flow(body=body, headers=(("Content-Type", "multipart/form-data; boundary=XyZ"),))
    )
    assert places["body/multipart:sig"].text == "abc"
    assert places["body/multipart:meta/json:$.h"].text == "def"


def test_compressed_and_nested_documents_are_opened() -> None:
    inner = base64.b64encode(gzip.compress(b'{"oaid":"x1"}')).decode()
    body = json.dumps({"data": inner, "hash": "d41d8cd98f00b204e9800998ecf8427e"}).encode()
    places = _places(_flow(body=gzip.compress(body)))  # gzip with no Content-Encoding
    assert places["body/gzip/json:$.data/base64/gzip/json:$.oaid"].text == "x1"
    # A hex hash is valid base64 too, but it is not opened as such.
    assert not any(w.startswith("body/gzip/json:$.hash/") for w in places)
    declared = _places(
        _flow(body=brotli.compress(b'{"a":"b"}'), headers=(("Content-Encoding", "br"),))
    )
    assert declared["body/brotli/json:$.a"].text == "b"


def test_json_string_leaves_carry_their_unescaped_value() -> None:
    places = _places(_flow(body=b'{"ssid":"Lab-\\u65e0","mac":"02\\u003a1a"}'))
    assert places["body/json:$.ssid"] == Place(
        "body/json:$.ssid", "Lab-\\u65e0", "Lab-无", "json-escaped"
    )
    assert places["body/json:$.mac"].decoded == "02:1a"


def test_only_the_apps_websocket_messages_are_places() -> None:
    messages = (
        WebSocketMessage(1.0, True, True, b'{"imei":"8675"}'),
        WebSocketMessage(2.0, False, True, b'{"imei":"server"}'),
        WebSocketMessage(3.0, True, False, b"\x0a\x0f8675\xff\xfe"),
    )
    places = _places(_flow(messages=messages))
    assert places["websocket[0]/json:$.imei"].text == "8675"
    assert "websocket[1]/json:$.imei" not in places
    assert "8675" in places["websocket[2]"].text  # binary: searched as bytes
