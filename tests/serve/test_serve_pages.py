"""`harness serve` in real Chromium: every page over a hostile index, links, reports, refusals.

The lab's index and bundles carry markup and script in the app name, version, suite name,
rule id, SDK name, rule message and a recorded bundle path with `../`. Every page must show
them as text (nothing runs, no handler or script element exists, the CSP refused nothing:
escaping alone kept them inert), and no file outside the bundles folder may be sent.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.serve.conftest import Served
from tests.serve.kit import HOSTILE, HOSTILE_APP

PWNED = "return [window.__pwned, window.parent && window.parent.__pwned]"
MARKUP = """
const found = [];
for (const el of document.querySelectorAll('script, iframe, object, embed, svg, img'))
  found.push(el.tagName);
for (const el of document.querySelectorAll('*'))
  for (const attr of el.attributes) {
    if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
    if (/^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + ' ' + attr.name);
  }
return found;
"""


def _url(served: Served, path: str, **query: str) -> str:
    return served.url.rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")


def _get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _open(browser: Any, url: str) -> tuple[str, list[str]]:
    browser.get_log("browser")
    browser.get(url)
    browser.execute_script("return document.readyState")
    logs = [e["message"] for e in browser.get_log("browser")]
    assert browser.execute_script(PWNED) == [None, None], url
    return browser.find_element("tag name", "body").text, logs


def _pages(served: Served) -> dict[str, str]:
    lab = served.lab
    older, newer = lab.suite_runs
    return {
        "nights": _url(served, "/"),
        "apps": _url(served, "/apps"),
        "app": _url(served, "/app", name=lab.app),
        "run": _url(served, "/run", id=newer),
        "single": _url(served, "/run", id=lab.single_run),
        "diff": _url(served, "/diff", run=newer, base=older),
        "diff-form": _url(served, "/diff"),
        "rules": _url(served, "/rules"),
        "escape-report": _url(served, "/report", session=lab.escaping_session),
        "missing": _url(served, "/app", name=HOSTILE),
    }


def test_every_page_shows_hostile_text_as_text_and_runs_nothing(
    browser: Any, served: Served
) -> None:
    for name, url in _pages(served).items():
        text, logs = _open(browser, url)
        assert browser.execute_script(MARKUP) == [], name
        refused = [m for m in logs if "Content Security Policy" in m]
        assert refused == [], (name, refused)  # nothing needed refusing: all escaped
        if name not in ("diff-form", "rules", "escape-report"):
            assert HOSTILE_APP in text or HOSTILE in text, name


def test_the_pages_say_what_the_index_holds(browser: Any, served: Served) -> None:
    pages = _pages(served)
    older = served.lab.suite_runs[0]
    nights, _ = _open(browser, pages["nights"])
    for day in ("2026-09-20", "2026-09-21", "2026-09-22"):
        assert day in nights
    assert served.lab.single_run in nights and f"nightly{HOSTILE}" in nights
    app, _ = _open(browser, pages["app"])
    # Findings over versions: 1.0 then the new version with one more rule tripped.
    assert "1.0 (7)" in app and f"2.0{HOSTILE} (7)" in app
    assert f"collect-before-consent{HOSTILE}" in app and "share-before-consent" in app
    # By version: sessions of each that tripped each rule (collect-..., share-... columns).
    lines = app.splitlines()
    old = next(line for line in lines if line.startswith("1.0 (7) 1 "))
    new = next(line for line in lines if line.startswith(f"2.0{HOSTILE} (7) 2 "))
    assert old.endswith(" 1 ·") and new.endswith(" 1 2")
    diff, _ = _open(browser, pages["diff"])
    assert "1 new, 0 fixed, 1 unchanged" in diff
    assert "+ share-before-consent · device_id · pre_consent · via first_party [high]" in diff
    assert "session failed" not in diff and "crashy" in diff  # dropped from the newer run
    rules, _ = _open(browser, pages["rules"])
    row = next(line for line in rules.splitlines() if line.startswith("share-before-consent"))
    assert row.split()[1:] == ["·", "·", "1", "1"]  # nights 09-20 .. 09-23
    run, _ = _open(browser, _url(served, "/run", id=older))
    assert "infra_fault" in run and "adb gone" in run


def test_links_lead_from_a_night_to_a_run_and_its_report(browser: Any, served: Served) -> None:
    older, _ = served.lab.suite_runs
    _open(browser, _pages(served)["nights"])
    browser.find_element("link text", older).click()
    assert older in browser.find_element("tag name", "h1").text
    browser.find_element("link text", "report").click()
    assert browser.execute_script(PWNED) == [None, None]
    # The report draws its timeline (svg) and screenshots (img) itself; nothing else.
    assert [m for m in browser.execute_script(MARKUP) if m not in ("SVG", "svg", "IMG")] == []
    assert "样例应用" in browser.find_element("tag name", "body").text


REPORT_MARKUP = """
const found = [];
for (const el of document.querySelectorAll('script, iframe, object, embed'))
  found.push(el.tagName);
for (const el of document.querySelectorAll('*'))
  for (const attr of el.attributes) {
    if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
    if (/^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + ' ' + attr.name);
  }
return found;
"""


def test_every_served_report_is_inert_and_shows_the_hostile_label(
    browser: Any, served: Served
) -> None:
    texts = []
    for session in served.lab.sessions_with_reports:
        text, logs = _open(browser, _url(served, "/report", session=session))
        assert browser.execute_script(REPORT_MARKUP) == [], session
        assert [m for m in logs if "Content Security Policy" in m] == [], session
        texts.append(text)
    assert any(f"样例{HOSTILE}" in t for t in texts)  # the label, as text


def test_a_report_is_the_bundles_own_file_with_a_sandboxing_policy(served: Served) -> None:
    from harness.results.history import session_by_id
    from harness.results.location import index_url
    from harness.results.store import open_index_readonly

    session = served.lab.sessions_with_reports[1]
    status, headers, body = _get(_url(served, "/report", session=session))
    assert status == 200
    with open_index_readonly(index_url(str(served.lab.index))) as index:
        row = session_by_id(index, session)
    assert row is not None
    assert body == (served.lab.root.parent / row.bundle / "report.html").read_bytes()
    policy = headers["Content-Security-Policy"]
    assert "sandbox" in policy and "script-src 'none'" in policy


@pytest.mark.parametrize(
    "path",
    [
        "/static/../index.sqlite",
        "/static/%2e%2e/index.sqlite",
        "/static/..%2f..%2fsecret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/report?session=..%2F..%2Fsecret.txt",
        "/evidence/index.sqlite",
        "/index.sqlite",
    ],
)
def test_no_file_outside_the_bundles_reports_is_sent(served: Served, path: str) -> None:
    status, _, body = _get(served.url.rstrip("/") + path)
    assert status in (400, 404)
    assert b"not to be served" not in body and b"SQLite format" not in body


def test_a_recorded_bundle_outside_the_bundles_folder_is_refused(served: Served) -> None:
    status, _, body = _get(_url(served, "/report", session=served.lab.escaping_session))
    assert status == 404
    assert b"not under the bundles folder" in body and b"<html" in body.lower()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_only_reading_is_allowed(served: Served, method: str) -> None:
    index = served.lab.index
    before = hashlib.sha256(index.read_bytes()).hexdigest()
    status, _, _ = _get(_url(served, "/"), method=method)
    assert status == 405
    assert hashlib.sha256(index.read_bytes()).hexdigest() == before


def test_pages_carry_a_strict_policy_and_the_server_is_local(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    status, headers, _ = _get(_url(served, "/apps"))
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "default-src 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
