"""Hostile content in a bundle never runs in its report: proven in headless Chromium.

The app controls URLs, headers, bodies, UI texts, stack strings and its label. A bundle
carrying script and markup in all of them is reported, and the report is opened in the
browser: nothing set the flag the payloads set, no script or handler exists in the DOM, the
CSP refused nothing (so escaping alone kept the payloads inert), and every payload reads as
literal text. Two controls prove the checks can fail: the same payloads unescaped do run,
and under the report's CSP they are refused with a console message.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from harness.evidence.report.html import content_security_policy
from tests.evidence.browser import full_page_screenshot, open_page
from tests.evidence.builders import Built, build_bundle, hostile_payloads

PWNED = "return [window.__pwned, window.parent && window.parent.__pwned]"
HANDLERS = """
const found = [];
for (const el of document.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
    const link = ['href', 'src', 'action', 'xlink:href'].includes(attr.name);
    if (link && /^\\s*javascript:/i.test(attr.value))
      found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
  }
}
return found;
"""


def _refusals(logs: list[dict[str, Any]]) -> list[str]:
    return [entry["message"] for entry in logs if "Content Security Policy" in entry["message"]]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_bundle(tmp_path_factory.mktemp("hostile"), hostile_payloads())


def test_control_unescaped_payloads_do_run(browser: Any, tmp_path: Path) -> None:
    # Without escaping and without a CSP these payloads execute: the flag check can fail.
    page = tmp_path / "control.html"
    page.write_text("<!doctype html><body>" + "".join(hostile_payloads()) + "</body>")
    open_page(browser, page)
    assert browser.execute_script(PWNED)[0] is not None


def test_control_the_csp_alone_refuses_them_and_says_so(browser: Any, tmp_path: Path) -> None:
    # The report's policy, over the same unescaped payloads: nothing runs, and the console
    # names the refusal, so an empty console in the real report means nothing was refused.
    page = tmp_path / "csp-control.html"
    csp = html.escape(content_security_policy(""), quote=True)
    page.write_text(
        f'<!doctype html><head><meta http-equiv="Content-Security-Policy" content="{csp}">'
        "</head><body>" + "".join(hostile_payloads()) + "</body>"
    )
    logs = open_page(browser, page)
    assert browser.execute_script(PWNED) == [None, None]
    assert _refusals(logs), logs


def test_hostile_content_is_shown_as_text_and_never_runs(
    browser: Any, hostile: Built, tmp_path: Path
) -> None:
    report = hostile.path / "report.html"
    logs = open_page(browser, report)
    # Open every finding, as a reader clicking through would.
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    full_page_screenshot(browser, tmp_path / "hostile-report.png")

    assert browser.execute_script(PWNED) == [None, None]
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.execute_script(HANDLERS) == []
    assert (
        browser.execute_script(
            "return document.querySelectorAll('iframe, object, embed, img, a#pwnlink').length"
        )
        == 0
    )
    assert _refusals(logs) == []  # escaping kept it inert; the CSP never had to act
    assert (
        browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        == []
    )

    text = browser.execute_script("return document.body.textContent")
    for payload in hostile_payloads():
        # In the URL, a header, the body, a stack frame, hook arguments, the app label...
        assert text.count(payload) >= 5, payload
    ui_texts = browser.execute_script(
        "return [...document.querySelectorAll('ul.ui-texts li')].map(li => li.textContent)"
    )
    assert "<script>window.__pwned=1</script>" in ui_texts
    assert "{{ 7*7 }}" in text and "49" not in browser.execute_script(
        "return document.querySelector('header h1').textContent"
    )


def test_the_report_declares_a_csp_forbidding_script(browser: Any, hostile: Built) -> None:
    open_page(browser, hostile.path / "report.html")
    policy = browser.execute_script(
        "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');"
        "return m && m.content"
    )
    assert policy is not None
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"] and directives["script-src"] == ["'none'"]
    assert directives["img-src"] == ["data:"]
    # The meta comes first in <head>, before anything it must govern.
    first = browser.execute_script("return document.head.firstElementChild.outerHTML")
    assert "charset" in first


def test_identifier_is_highlighted_in_place_and_sdk_frames_marked(
    browser: Any, hostile: Built
) -> None:
    open_page(browser, hostile.path / "report.html")
    flow = f"#ev-{hostile.flow_id}"
    marks = browser.execute_script(
        f"return [...document.querySelectorAll('{flow} mark')]"
        ".map(m => [m.dataset.category, m.textContent])"
    )
    assert ["device_id", "867530912345678"] in marks
    body_marks = browser.execute_script(
        f"return document.querySelectorAll('{flow} .body mark').length"
    )
    assert body_marks >= 1
    sdk = browser.execute_script(
        "return [...document.querySelectorAll('li.frame-sdk')].map(li => li.textContent)"
    )
    assert sdk and all("Umeng" in s and "com.umeng.analytics.MobclickAgent" in s for s in sdk)
    # The screenshot is embedded once and drawn where it is used: in the steps, visibly.
    shots = browser.execute_script(
        "return [...document.querySelectorAll('#steps svg.shot use')].map(u => {"
        " const r = u.getBoundingClientRect(); return [u.getAttribute('href'), r.width > 0]; })"
    )
    assert shots and all(ref.startswith("#shot-") and shown for ref, shown in shots)
