"""The identifier matcher: the Aho-Corasick automaton against a naive per-pattern loop.

    .venv/bin/python benchmarks/matcher.py

Generates a seeded corpus of tracker-like requests, extracts their places once (URL,
query, headers, cookies, body fields after undoing gzip/base64/JSON: harness.traffic.
places), then finds the known identifiers in every place twice, in the same run, on the
same places: with `AutomatonScanner` (one pass per place, all forms at once) and with
`NaiveScanner` (one `str.find` loop per form per place). Both feed the same acceptance
code, and the run fails (exit 1) unless they report identical matches.

The corpus (sizes and mix after what analytics, ad and crash SDKs send; see the GEN_*
functions):
- 35 % analytics event batches: JSON, 5-40 events of 12 fields, 2-25 KB, half of them
  gzip-compressed on the wire (Content-Encoding: gzip);
- 20 % ad requests: GET, 25-60 query parameters, a 0.3-1.2 KB cookie;
- 15 % Umeng-style forms: appkey & co. plus `content=` base64(gzip(JSON)) of 2-30 KB;
- 10 % multipart crash reports: a JSON part and a 5-40 KB stack-trace text part;
- 12 % protobuf-like binary bodies, 0.5-8 KB;
- 8 % config/log uploads: JSON of 40-150 KB;
every request has 8-14 realistic headers; 30 % carry 1-3 of the device's identifiers, in
a random form (plain, case, MAC without separators, URL-encoded, base64, hex, MD5/SHA-1/
SHA-256, coordinates). The known values are a device's 10 identifiers (IMEI, Android ID,
IMSI, SIM serial, phone number, serial, MAC, advertising id, SSID, and the location as a
latitude,longitude pair) and 30 observed values, learned by harness.traffic.observed from
hook return values as the agent writes them (24 installed packages, a clipboard text, an
account name, an SSID and BSSID, two cell ids): about 1,500 distinct literal forms.

Reported (last line, JSON): `mb_per_s` and `naive_mb_per_s` (corpus megabytes, i.e. the
text of all places scanned, per CPU second of scanning: best of REPEATS), `speedup`
(naive time / automaton time), `identical`; also the place-extraction cost, so the
end-to-end rate (`end_to_end_mb_per_s`: extraction + automaton) is visible too. Times
are CPU seconds of this process (time.process_time): the machine's 2 CPUs are shared, and
waiting for one is not matching.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import platform
import random
import string
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from harness.model import DataCategory, FlowRecord, HookEvent, IdentifierMatch, KnownIdentifier
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.observed import ValueLearner
from harness.traffic.places import Place, request_places
from harness.traffic.scanner import AutomatonScanner, NaiveScanner

SEED = 20261128
FLOWS = 1_200
REPEATS = (3, 1)  # automaton, naive (the naive pass takes far longer)
GOAL_SPEEDUP = 10.0

D = DataCategory
IDENTIFIERS = {
    D.DEVICE_ID: "867530912345678",
    D.ANDROID_ID: "5f3c2e8a1d9b7460",
    D.IMSI: "460001234567890",
    D.SIM_SERIAL: "89860012345678901234",
    D.PHONE_NUMBER: "+8613800138000",
    D.SERIAL: "HLAB0001XYZ",
    D.MAC_ADDRESS: "02:1a:11:f0:5c:3e",
    D.ADVERTISING_ID: "38400000-8cf0-11bd-b23e-10b96e40000d",
    D.WIFI_INFO: "Lab-无线网络",
    D.LOCATION: "39.904211,116.407395",
}
PM = "android.app.ApplicationPackageManager.getInstalledPackages"
# Values a session's hooks see returned (what an app read, not the device's identifiers),
# in the agent's text: an installed-app list, the clipboard, the account list, the Wi-Fi
# connection, the cell location. harness.traffic.observed turns them into known values.
_INSTALLED = [
    "com.tencent.mm", "com.eg.android.AlipayGphone", "com.ss.android.ugc.aweme",
    "com.taobao.taobao", "com.jingdong.app.mall", "com.xunmeng.pinduoduo", "com.sina.weibo",
    "tv.danmaku.bili", "com.smile.gifmaker", "com.tencent.mobileqq", "com.baidu.searchbox",
    "com.autonavi.minimap", "com.sankuai.meituan", "com.dianping.v1", "com.netease.cloudmusic",
    "com.zhihu.android", "com.xingin.xhs", "com.UCMobile", "com.kugou.android",
    "com.tencent.qqlive", "com.youku.phone", "com.achievo.vipshop", "ctrip.android.view",
    "com.MobileTicket",
]  # fmt: skip
_APP_LIST = ", ".join(f"PackageInfo{{{i:07x} {p}}}" for i, p in enumerate(_INSTALLED))
_WIFI = 'SSID: "ChinaNet-7Kx2", BSSID: f4:6d:04:9a:bc:de, MAC: 02:00:00:00:00:00'
HOOK_VALUES = [
    (D.INSTALLED_APPS, PM, f"[{_APP_LIST}]"),
    (D.CLIPBOARD, "android.content.ClipboardManager.getText", "复制这段￥AbC12dEf3￥打开淘宝"),
    (
        D.ACCOUNTS,
        "android.accounts.AccountManager.getAccounts",
        "[Account {name=zhang.wei@163.com, type=com.netease}]",
    ),
    (D.WIFI_INFO, "android.net.wifi.WifiManager.getConnectionInfo", _WIFI),
    (D.CELL_LOCATION, "android.telephony.TelephonyManager.getCellLocation", "[24612,215632405,-1]"),
]
OBSERVED = ValueLearner("com.example.app").values(
    HookEvent(f"ev{n:07d}", n, 0.0, c, api, "()", "main", (), ret, ())
    for n, (c, api, ret) in enumerate(HOOK_VALUES)
)
VALUES = [*IDENTIFIERS.items(), *((k.category, k.value) for k in OBSERVED)]
KNOWN = [
    *(KnownIdentifier(c, v, "benchmark") for c, v in IDENTIFIERS.items()),
    *OBSERVED,
]
HOSTS = [
    "alog.umeng.com",
    "t.appsflyer.com",
    "graph.facebook.com",
    "app.adjust.com",
    "sdk.e.qq.com",
    "api.harnesslab.com",
    "log.tbs.qq.com",
    "collect.labtracker.net",
]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=n))


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=n))


def _dressed(rng: random.Random) -> str:
    """One identifier in a random form, as SDKs send them."""
    category, value = rng.choice(VALUES)
    if category is D.LOCATION:
        lat, lon = (float(x) for x in value.split(","))
        return f"{lat:.{rng.randint(3, 6)}f},{lon:.{rng.randint(3, 6)}f}"
    forms: list[Callable[[str], str]] = [
        lambda v: v,
        str.upper,
        lambda v: v.replace(":", "").upper(),
        lambda v: quote(v, safe=""),
        lambda v: base64.b64encode(v.encode()).decode(),
        lambda v: v.encode().hex(),
        lambda v: hashlib.md5(v.encode()).hexdigest(),
        lambda v: hashlib.sha1(v.encode()).hexdigest().upper(),
        lambda v: hashlib.sha256(v.encode()).hexdigest(),
    ]
    return rng.choice(forms)(value)


def _maybe_ids(rng: random.Random) -> list[str]:
    return [_dressed(rng) for _ in range(rng.randint(1, 3))] if rng.random() < 0.30 else []


def _headers(rng: random.Random, extra: dict[str, str]) -> tuple[tuple[str, str], ...]:
    base = {
        "User-Agent": f"Dalvik/2.1.0 (Linux; U; Android 13; {_token(rng, 8)} Build/TQ3A)",
        "Accept": "*/*",
        "Accept-Encoding": "gzip",
        "Accept-Language": "zh-CN,zh;q=0.9",
        "Connection": "keep-alive",
        "X-Request-Id": _token(rng, 32),
        "X-Timestamp": str(1_790_000_000_000 + rng.randint(0, 10**9)),
        "X-Sign": hashlib.sha256(rng.randbytes(8)).hexdigest(),
    }
    for i in range(rng.randint(0, 6)):
        base[f"X-Sdk-{_word(rng, 5)}-{i}"] = _token(rng, rng.randint(6, 40))
    return tuple({**base, **extra}.items())


def _event(rng: random.Random, ids: list[str]) -> dict[str, object]:
    event: dict[str, object] = {
        "ts": 1_790_000_000_000 + rng.randint(0, 10**9),
        "name": _word(rng, 10),
        "session": _token(rng, 24),
        "page": f"com.example.app.{_word(rng, 8).title()}Activity",
        "duration": rng.randint(0, 100_000),
        "net": rng.choice(["wifi", "4g", "5g"]),
        "props": {_word(rng, 6): _token(rng, rng.randint(4, 30)) for _ in range(5)},
    }
    if ids and rng.random() < 0.3:
        event["did"] = ids.pop()
    return event


def gen_analytics(rng: random.Random) -> tuple[bytes, dict[str, str], str]:
    ids = _maybe_ids(rng)
    doc = {
        "header": {
            "appkey": _token(rng, 24),
            "os": "Android",
            "sdk": "9.6.1",
            "device": {"model": _token(rng, 8), "id": ids.pop() if ids else _token(rng, 16)},
        },
        "events": [_event(rng, ids) for _ in range(rng.randint(5, 40))],
    }
    body = json.dumps(doc).encode()
    if rng.random() < 0.5:
        return (
            gzip.compress(body),
            {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            "",
        )
    return body, {"Content-Type": "application/json"}, ""


def gen_ad_request(rng: random.Random) -> tuple[bytes, dict[str, str], str]:
    ids = _maybe_ids(rng)
    params = [
        f"{_word(rng, rng.randint(2, 8))}={quote(_token(rng, rng.randint(1, 40)))}"
        for _ in range(rng.randint(25, 60))
    ]
    params += [f"{_word(rng, 3)}={quote(i, safe='')}" for i in ids]
    rng.shuffle(params)
    cookie = "; ".join(f"{_word(rng, 5)}={_token(rng, 30)}" for _ in range(rng.randint(10, 40)))
    return b"", {"Cookie": cookie}, "&".join(params)


def gen_umeng_form(rng: random.Random) -> tuple[bytes, dict[str, str], str]:
    ids = _maybe_ids(rng)
    inner = {"events": [_event(rng, ids) for _ in range(rng.randint(10, 120))]}
    content = base64.b64encode(gzip.compress(json.dumps(inner).encode())).decode()
    body = (
        f"appkey={_token(rng, 24)}&channel=lab&ts={rng.randint(0, 10**12)}"
        f"&content={quote(content, safe='')}"
    )
    return body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}, ""


def gen_crash_report(rng: random.Random) -> tuple[bytes, dict[str, str], str]:
    ids = _maybe_ids(rng)
    meta = json.dumps(
        {"app": "com.example.app", "version": "3.2.1", "device": ids[0] if ids else "none"}
    )
    frames = "\n".join(
        f"\tat com.example.{_word(rng, 6)}.{_word(rng, 8).title()}.{_word(rng, 6)}"
        f"({_word(rng, 8).title()}.java:{rng.randint(1, 900)})"
        for _ in range(rng.randint(100, 800))
    )
    boundary = _token(rng, 20)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="meta"\r\n'
        f"Content-Type: application/json\r\n\r\n{meta}\r\n--{boundary}\r\n"
        f'Content-Disposition: form-data; name="log"; filename="crash.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\njava.lang.IllegalStateException: boom\n{frames}\r\n"
        f"--{boundary}--\r\n"
    )
    return body.encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}, ""


def gen_protobuf(rng: random.Random) -> tuple[bytes, dict[str, str], str]:
    parts = [rng.randbytes(rng.randint(8, 64)) for _ in range(rng.randint(10, 120))]
    for ident in _maybe_ids(rng):
        parts.insert(rng.randint(0, len(parts)), b"\x12" + bytes([len(ident)]) + ident.encode())
    return b"".join(parts), {"Content-Type": "application/x-protobuf"}, ""


def gen_upload(rng: random.Random) -> tuple[bytes, dict[str, str], str]:
    ids = _maybe_ids(rng)
    doc = {"logs": [_event(rng, ids) for _ in range(rng.randint(150, 600))]}
    return json.dumps(doc).encode(), {"Content-Type": "application/json"}, ""


MIX: list[tuple[float, Callable[[random.Random], tuple[bytes, dict[str, str], str]]]] = [
    (0.35, gen_analytics),
    (0.20, gen_ad_request),
    (0.15, gen_umeng_form),
    (0.10, gen_crash_report),
    (0.12, gen_protobuf),
    (0.08, gen_upload),
]


def corpus() -> list[FlowRecord]:
    rng = random.Random(SEED)
    flows = []
    for i in range(FLOWS):
        generate = rng.choices([g for _, g in MIX], weights=[w for w, _ in MIX])[0]
        body, headers, query = generate(rng)
        host = rng.choice(HOSTS)
        if headers.get("Content-Encoding") == "gzip":  # flow_record undoes a declared encoding
            body = gzip.decompress(body)
        url = f"https://{host}/{_word(rng, 4)}/{_word(rng, 6)}" + (f"?{query}" if query else "")
        flows.append(
            FlowRecord(
                f"f{i:05d}",
                float(i),
                "POST" if body else "GET",
                url,
                host,
                "HTTP/1.1",
                _headers(rng, headers),
                body,
                200,
            )
        )
    return flows


def _size(places: list[list[Place]]) -> int:
    total = 0
    for flow_places in places:
        for p in flow_places:
            total += len(p.text.encode("utf-8", "surrogateescape"))
            if p.decoded is not None:
                total += len(p.decoded.encode("utf-8", "surrogateescape"))
    return total


def _scan(
    matcher: IdentifierMatcher, flows: list[FlowRecord], places: list[list[Place]]
) -> tuple[float, list[tuple[IdentifierMatch, ...]]]:
    start = time.process_time()
    found = [matcher.match_places(f.id, p) for f, p in zip(flows, places, strict=True)]
    return time.process_time() - start, found


def machine() -> dict[str, object]:
    return {
        "cpu": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "os": Path("/etc/debian_version").read_text().strip()
        if Path("/etc/debian_version").exists()
        else "",
    }


def main() -> int:
    flows = corpus()
    start = time.process_time()
    places = [list(request_places(f)) for f in flows]
    walk_s = time.process_time() - start
    scanned = _size(places)
    mb = scanned / 1e6
    automaton = IdentifierMatcher(KNOWN, AutomatonScanner)
    naive = IdentifierMatcher(KNOWN, NaiveScanner)
    fast = [_scan(automaton, flows, places) for _ in range(REPEATS[0])]
    slow = [_scan(naive, flows, places) for _ in range(REPEATS[1])]
    fast_s, slow_s = min(t for t, _ in fast), min(t for t, _ in slow)
    identical = all(r == fast[0][1] for _, r in fast + slow)
    matches = sum(len(r) for r in fast[0][1])
    print(
        f"{len(flows)} flows, {sum(len(p) for p in places)} places, {mb:.1f} MB scanned, "
        f"{automaton.pattern_count} literal forms of {len(KNOWN)} identifiers, {matches} matches "
        f"in {sum(1 for r in fast[0][1] if r)} flows"
    )
    print(
        f"automaton {fast_s:.3f} s, naive loop {slow_s:.3f} s (CPU s, best of {REPEATS}); "
        f"place extraction {walk_s:.3f} s"
    )
    result = {
        "mb_per_s": round(mb / fast_s, 2),
        "naive_mb_per_s": round(mb / slow_s, 2),
        "speedup": round(slow_s / fast_s, 1),
        "identical": identical,
        "goal_speedup": GOAL_SPEEDUP,
        "met": identical and slow_s / fast_s >= GOAL_SPEEDUP,
        "end_to_end_mb_per_s": round(mb / (walk_s + fast_s), 2),
        "extraction_s": round(walk_s, 3),
        "automaton_s": round(fast_s, 3),
        "naive_s": round(slow_s, 3),
        "flows": len(flows),
        "places": sum(len(p) for p in places),
        "scanned_mb": round(mb, 2),
        "patterns": automaton.pattern_count,
        "matches": matches,
        "machine": machine(),
    }
    print(json.dumps(result))
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
