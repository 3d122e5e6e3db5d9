"""Where a policy's text comes from: a file, a URL, or a bundle's `policy/` folder.

How: a file is read as UTF-8 (HTML, Markdown or text); a URL is fetched with urllib, through
the proxy given (a session passes its own mitmproxy, so the page is a flow of the session
and never a request of the harness host); a bundle's `policy/` holds what the session
captured: `*.txt` (the text the app showed, one file per page) and `source.json` (where
each came from and its sha256), or `given.txt` and `given.json` for a policy the session
was given (`harness run --policy`), which is then the one read.
Known gaps: no JavaScript (a policy page that builds its text in script reads empty); a
URL's charset is taken from its Content-Type, else UTF-8.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError

POLICY_DIR = "policy"
SOURCE_FILE = "source.json"
GIVEN_PAGE = "given.txt"  # a policy given to the session (`harness run --policy`)
GIVEN_SOURCE = "given.json"
_TIMEOUT_S = 20.0
_MAX_BYTES = 5_000_000  # a policy is tens of kilobytes; anything this large is not one


@dataclass(frozen=True, slots=True)
class PolicyText:
    text: str
    kind: str  # "file" | "url" | "bundle"
    location: str


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def read_file(path: Path) -> PolicyText:
    try:
        return PolicyText(path.read_text(encoding="utf-8"), "file", str(path))
    except FileNotFoundError:
        raise InputError(
            path, "file not found (expected a privacy policy: text, Markdown or HTML)"
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            path, "not UTF-8 text (expected a privacy policy: text, Markdown or HTML)"
        ) from None
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc}") from None


def fetch_url(url: str, proxy: str | None, cafile: Path | None = None) -> PolicyText:
    """GET `url` through `proxy` (http://host:port); no proxy: directly."""
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {})
    ]
    if cafile is not None:
        import ssl

        handlers.append(
            urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=str(cafile)))
        )
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": "harness-policy/1"})
    try:
        with opener.open(request, timeout=_TIMEOUT_S) as response:
            body = response.read(_MAX_BYTES + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise InputError(url, f"cannot fetch the policy: {exc}") from None
    if len(body) > _MAX_BYTES:
        raise InputError(url, f"more than {_MAX_BYTES} bytes: not a privacy policy page")
    return PolicyText(body.decode(charset, errors="replace"), "url", url)


def read_bundle(bundle: Path) -> PolicyText:
    folder = bundle / POLICY_DIR
    given = folder / GIVEN_PAGE
    if given.is_file():  # the policy the session was told to judge by
        return PolicyText(given.read_text(encoding="utf-8"), "bundle", str(given))
    pages = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not pages:
        raise InputError(
            bundle, f"no {POLICY_DIR}/*.txt in this bundle (its session captured no policy)"
        )
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    location = str(folder)
    source = folder / SOURCE_FILE
    if source.is_file():
        try:
            recorded = json.loads(source.read_text(encoding="utf-8"))
            location = ", ".join(str(s.get("location", "")) for s in recorded.get("pages", []))
        except (ValueError, AttributeError):
            raise InputError(
                source, "not the JSON a session writes (expected {pages: [...]})"
            ) from None
    return PolicyText(text, "bundle", location or str(folder))


def load_policy_text(where: str, proxy: str | None = None) -> PolicyText:
    """FILE, URL or BUNDLE (a folder holding policy/)."""
    if is_url(where):
        return fetch_url(where, proxy)
    path = Path(where)
    if path.is_dir():
        return read_bundle(path)
    return read_file(path)
