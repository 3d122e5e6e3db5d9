#!/usr/bin/env python3
"""Build the SDK database files under harness/data/ from the reference signature data.

Inputs (tools/sdk-reference, each pinned by sha256 below; see its README for provenance):
  exodus/exodus-trackers.json   Exodus Privacy trackers API dump          ODbL-1.0
  exodus/etip-trackers.json     ETIP export (only entries not in Exodus)  ODbL-1.0
  appscan-sdk.json              TongchengOpenSource/AppScan sdk list      Apache-2.0
Outputs (committed; the licence and attribution are written inside each file):
  harness/data/sdk-exodus.json, sdk-etip.json   derived databases, so they stay ODbL-1.0
  harness/data/sdk-appscan.json                 Apache-2.0, with the camille caveat
harness/data/sdk-curated.json and sdk-canonical.json are the harness's own hand-kept lists and
are not built here. Reference entries with no usable signature are written to `excluded`.

Usage: python tools/build_sdkdb.py [--reference DIR] [--out DIR] [--check]
  --check  rebuild in memory and exit 1 if the committed files differ (for CI).
The output is deterministic: no timestamps, sorted ids, so a rebuild diffs cleanly.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

SCHEMA = 1
REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO / "tools" / "sdk-reference"

# Each input: (sha256 it must have, repository, path there, commit of its last change).
_INRE = "Hamza417/Inure", "app/src/main/resources/"
INPUTS = {
    "exodus/exodus-trackers.json": (
        "4734c32119e82bbc7965c3ea9f4cefeeec7d838ccb201c56953d57c8f764246c",
        _INRE[0],
        _INRE[1] + "trackers.json",
        "b74c25b5386fd9aad572767e944a2d60a229b5c1",
    ),
    "exodus/etip-trackers.json": (
        "4e3136d4ec093210430fe9f337c3d8879b6f42f20f1ce999da07e11622932179",
        _INRE[0],
        _INRE[1] + "etip_trackers.json",
        "fc1bb92fc3603a9be6afcb4fb879fbc32c683eb5",
    ),
    "appscan-sdk.json": (
        "ea330dd865b720268e91e2ee68df0e02db54b378bd3296318039b26abbf1ab82",
        "TongchengOpenSource/AppScan",
        "helper/static/sdk.json",
        "562c637a374676aa6657ba5b5c5295f227289e4c",
    ),
}

ODBL = {
    "license": "ODbL-1.0",
    "license_url": "https://opendatacommons.org/licenses/odbl/1-0/",
    "attribution": (
        "Tracker definitions from the Exodus Privacy database (https://exodus-privacy.eu.org/), "
        "licensed under ODbL v1.0."
    ),
    "notice": (
        "This file is a database derived from the Exodus Privacy data by tools/build_sdkdb.py "
        "(signatures split, normalised to package prefixes and domain suffixes; descriptions "
        "dropped). It is made available under the Open Database License v1.0; the contents "
        "under the Database Contents License v1.0. Any database derived from it must stay "
        "under ODbL-1.0 and keep this attribution."
    ),
}
APACHE = {
    "license": "Apache-2.0",
    "license_url": "https://www.apache.org/licenses/LICENSE-2.0",
    "attribution": (
        "SDK package list from TongchengOpenSource/AppScan (helper/static/sdk.json), "
        "Apache License 2.0."
    ),
    "notice": (
        "Converted by tools/build_sdkdb.py (grouped by SDK name, prefixes normalised, "
        "categories inferred from the SDK name). Caveat: AppScan's Notice.txt says this list "
        "reuses zhengjim/camille 'protocol Apache 2.0', but camille's repository states no "
        "licence; the Apache-2.0 label rests on AppScan's claim about its upstream. Review "
        "before shipping in a product."
    ),
}

_SEGMENT = re.compile(r"[A-Za-z0-9_$-]+")
_DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")
# Keywords in AppScan's (mostly Chinese) SDK names -> categories. A heuristic; the
# category is informational (reports), attribution does not depend on it.
_NAME_CATEGORIES: tuple[tuple[str, str], ...] = (
    (
        r"统计|分析|Analytics|Talkingdata|GrowingIO|神策|诸葛|易观|Flurry|Piwik|Cobub|MTA|DataEye|听云",
        "Analytics",
    ),
    (r"推送|[Pp]ush|信鸽|agoo", "Push"),
    (r"广告|推广|Vungle|ironSource|看点", "Advertisement"),
    (r"地图|定位|[Ll]ocation|高德", "Location"),
    (r"支付|[Pp]ay|钱包|计费|iap|iBank", "Payment"),
    (r"登录|账号|帐号|passport|认证|身份|闪验|SecVerify|人脸|刷脸", "Identification"),
    (r"分享|社会化|ShareSDK|微博|Kakao|Vk|twitter|Facebook SDK|QQ互联", "Social"),
    (r"Bugly|Crashlytics|Bugsnag|HockeyApp|崩溃|异常|Crash|反馈|蒲公英", "Crash reporting"),
)


def normalise_code(signature: str) -> str | None:
    """A code signature as a dotted prefix (`com.foo`) or fragment (`.Foo`), else None."""
    text = signature.strip().replace("/", ".")
    if not text or ":" in text or " " in text or "\t" in text:
        return None
    fragment = text.startswith(".")
    core = text.strip(".")
    if not core or not all(_SEGMENT.fullmatch(seg) for seg in core.split(".")):
        return None
    return "." + core if fragment else core


def normalise_host(pattern: str) -> str | None:
    """An Exodus network regex as a domain suffix, `re:<regex>`, or None (not about hosts)."""
    text = pattern.strip()
    if not text or "/" in text or ":" in text:
        return None
    stripped = re.sub(r"^(\.\*)?(\\\.|\.)?", "", text)
    literal = stripped.replace("\\.", ".").replace("\\-", "-").lower()
    if _DOMAIN.fullmatch(literal):
        return literal
    try:
        re.compile(text)
    except re.error:
        return None
    return "re:" + text


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split("|") if part.strip()]


def _dedupe(items: list[str]) -> list[str]:
    return sorted(set(items))


def _entry(
    sdk_id: str, name: str, categories: list[str], codes: list[str], hosts: list[str]
) -> dict[str, Any]:
    return {
        "id": sdk_id,
        "name": name,
        "categories": sorted(set(categories)),
        "code_prefixes": _dedupe(codes),
        "network_patterns": _dedupe(hosts),
    }


def _normalised(
    codes: list[str], hosts: list[str], dropped: list[str], owner: str
) -> tuple[list[str], list[str]]:
    good_codes: list[str] = []
    for code in codes:
        norm = normalise_code(code)
        if norm is None:
            dropped.append(f"{owner}: code {code!r}")
        else:
            good_codes.append(norm)
    good_hosts: list[str] = []
    for host in hosts:
        norm = normalise_host(host)
        if norm is None:
            dropped.append(f"{owner}: network {host!r}")
        else:
            good_hosts.append(norm)
    return good_codes, good_hosts


NO_SIGNATURE = "no usable code or network signature in the reference list: nothing to match by"

Built = tuple[list[dict[str, Any]], list[str], list[dict[str, str]]]


def _excluded(owner: str, name: str) -> dict[str, str]:
    return {"id": owner, "name": name, "reason": NO_SIGNATURE}


def build_exodus(data: dict[str, Any]) -> Built:
    out: list[dict[str, Any]] = []
    dropped: list[str] = []
    excluded: list[dict[str, str]] = []
    for key, tracker in data["trackers"].items():
        owner = f"exodus:{key}"
        codes, hosts = _normalised(
            _split(tracker.get("code_signature")),
            _split(tracker.get("network_signature")),
            dropped,
            owner,
        )
        if codes or hosts:
            out.append(
                _entry(
                    owner, tracker["name"].strip(), tracker.get("categories") or [], codes, hosts
                )
            )
        else:
            excluded.append(_excluded(owner, tracker["name"].strip()))
    return (
        sorted(out, key=lambda e: int(e["id"].split(":")[1])),
        dropped,
        sorted(excluded, key=lambda e: int(e["id"].split(":")[1])),
    )


def build_etip(data: list[dict[str, Any]]) -> Built:
    out: list[dict[str, Any]] = []
    dropped: list[str] = []
    excluded: list[dict[str, str]] = []
    for tracker in data:
        if tracker.get("is_in_exodus"):
            continue  # already in the vetted Exodus list
        owner = f"etip:{tracker['id'][:8]}"
        codes, hosts = _normalised(
            _split(tracker.get("code_signature")),
            _split(tracker.get("network_signature")),
            dropped,
            owner,
        )
        categories = [c["name"] for c in tracker.get("category") or []]
        if codes or hosts:
            out.append(_entry(owner, tracker["name"].strip(), categories, codes, hosts))
        else:
            excluded.append(_excluded(owner, tracker["name"].strip()))
    return sorted(out, key=lambda e: e["id"]), dropped, sorted(excluded, key=lambda e: e["id"])


def build_appscan(records: list[dict[str, str]]) -> Built:
    grouped: dict[str, list[str]] = {}
    for record in records:
        name = " ".join(record["sdk_name"].split())  # one name has a tab in it
        grouped.setdefault(name, []).append(record["package_name"])
    out: list[dict[str, Any]] = []
    dropped: list[str] = []
    excluded: list[dict[str, str]] = []
    for name, packages in grouped.items():
        owner = f"appscan:{name}"
        codes, _hosts = _normalised(packages, [], dropped, owner)
        categories = [cat for pattern, cat in _NAME_CATEGORIES if re.search(pattern, name)]
        if codes:
            out.append(_entry(owner, name, categories, codes, []))
        else:
            excluded.append(_excluded(owner, name))
    return sorted(out, key=lambda e: e["id"]), dropped, sorted(excluded, key=lambda e: e["id"])


def _read_inputs(reference: Path) -> dict[str, bytes]:
    raw: dict[str, bytes] = {}
    for rel, (digest, *_origin) in INPUTS.items():
        path = reference / rel
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != digest:
            raise SystemExit(
                f"{path}: sha256 {actual} is not the pinned {digest}; review the refresh"
            )
        raw[rel] = data
    return raw


def _document(source: str, licence: dict[str, str], rel: str, raw: bytes, built: Built) -> str:
    sdks, dropped, excluded = built
    _digest, repo, path, commit = INPUTS[rel]
    document = {
        "schema": SCHEMA,
        "source": source,
        **licence,
        "built_by": "tools/build_sdkdb.py",
        "built_from": {
            "file": rel,
            "repo": repo,
            "path": path,
            "commit": commit,
            "sha256": hashlib.sha256(raw).hexdigest(),
        },
        "dropped": dropped,
        # Reference entries with nothing to match by: listed so coverage checks see them.
        "excluded": excluded,
        "sdks": sdks,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def build(reference: Path) -> dict[str, str]:
    raw = _read_inputs(reference)
    exodus = build_exodus(json.loads(raw["exodus/exodus-trackers.json"]))
    etip = build_etip(json.loads(raw["exodus/etip-trackers.json"]))
    # AppScan's file is a Python literal (single quotes), not JSON.
    appscan = build_appscan(ast.literal_eval(raw["appscan-sdk.json"].decode("utf-8")))
    return {
        "sdk-exodus.json": _document(
            "exodus",
            ODBL,
            "exodus/exodus-trackers.json",
            raw["exodus/exodus-trackers.json"],
            exodus,
        ),
        "sdk-etip.json": _document(
            "etip",
            ODBL,
            "exodus/etip-trackers.json",
            raw["exodus/etip-trackers.json"],
            etip,
        ),
        "sdk-appscan.json": _document(
            "appscan", APACHE, "appscan-sdk.json", raw["appscan-sdk.json"], appscan
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=REPO / "harness" / "data")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    outputs = build(args.reference)
    stale = []
    for name, text in outputs.items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        target.write_text(text, encoding="utf-8")
        count = len(json.loads(text)["sdks"])
        print(f"wrote {target} ({count} SDKs)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
