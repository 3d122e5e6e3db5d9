"""Capturing the privacy policy from the app's own screens, while its consent dialog is up.

How: on the dialog's screen, find the links to the SDK list, the personal-information
collection list and the policy (clickable nodes of at most 30 characters whose text holds a
word of `policy_links` in harness/data/policy-terms.yaml); tap each, wait for the screen to
change and settle (what the app shows is the same two polls running: a WebView fills in
late), then swipe the largest scroll container up until what it shows no longer changes
(or `max_scrolls`), and press BACK until the dialog's link shows again. Each page is the
list of dumps it took; harness.policy.text reads them, once each line, in reading order.
Known gaps: a link that is a span inside the dialog's message (one TextView holding the
whole text, as many real apps draw it) has no node of its own and is not found; a WebView
page whose text is not in the accessibility tree reads empty (the flow that delivered it is
still in flows.mitm); a page that opens in another app (a browser) is not followed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from harness.policy.lexicon import PolicyTerms, fold
from harness.ui.driver import Key, UiDriver
from harness.ui.hierarchy import Hierarchy, HierarchyError, Node, parse_hierarchy

_MAX_LINK_CHARS = 30


class CaptureError(Exception):
    """The app did not come back to its dialog after a policy page: the capture stops."""


@dataclass(frozen=True, slots=True)
class CapturedPage:
    kind: str  # "sdk_list" | "collection_list" | "policy"
    link: str  # the link's text, as shown
    dumps: tuple[str, ...]  # the page, top to bottom, one dump per scroll


@dataclass(frozen=True, slots=True)
class CaptureSettings:
    wait_s: float = 5.0  # for a page to open, or the dialog to come back
    poll_s: float = 0.1
    max_scrolls: int = 60
    max_backs: int = 3


def find_links(hierarchy: Hierarchy, terms: PolicyTerms) -> list[tuple[str, Node]]:
    """(kind, node) of each policy link on screen, the SDK list first, one per kind."""
    links = terms.policy_links
    if links is None:
        return []
    kinds = (
        ("sdk_list", links.sdk_list),
        ("collection_list", links.collection_list),
        ("policy", links.policy),
    )
    found: dict[str, Node] = {}
    for node in hierarchy.walk():
        label = node.label.strip()
        if not node.clickable or not label or len(label) > _MAX_LINK_CHARS:
            continue
        folded = fold(label)
        for kind, words in kinds:
            if any(fold(w) in folded for w in words):
                found.setdefault(kind, node)
                break
    return [(kind, found[kind]) for kind, _ in kinds if kind in found]


class PolicyCapture:
    def __init__(
        self,
        ui: UiDriver,
        terms: PolicyTerms,
        settings: CaptureSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ui = ui
        self._terms = terms
        self._settings = settings or CaptureSettings()
        self._sleep = sleep
        self._monotonic = monotonic

    def pages(self) -> list[CapturedPage]:
        """Every page the dialog on screen links to, the dialog shown again at the end."""
        dialog = self._ui.dump_hierarchy()
        captured: list[CapturedPage] = []
        for kind, link in find_links(_parse(dialog), self._terms):
            self._ui.click(*link.bounds.center)
            first = self._changed_from(dialog)
            if first is None:
                continue  # the link did nothing visible
            page = self._settled(first)  # a WebView fills in after the screen changed
            captured.append(CapturedPage(kind, link.label, self._scroll_through(page)))
            self._back_to(link.label)
            dialog = self._ui.dump_hierarchy()
        return captured

    def _changed_from(self, before: str) -> str | None:
        deadline = self._monotonic() + self._settings.wait_s
        while True:
            now = self._ui.dump_hierarchy()
            if _content(now) != _content(before):
                return now
            if self._monotonic() >= deadline:
                return None
            self._sleep(self._settings.poll_s)

    def _settled(self, dump: str) -> str:
        """The screen once two dumps a poll apart agree (at most `wait_s`)."""
        deadline = self._monotonic() + self._settings.wait_s
        while self._monotonic() < deadline:
            self._sleep(self._settings.poll_s)
            now = self._ui.dump_hierarchy()
            if _content(now) == _content(dump):
                return now
            dump = now
        return dump

    def _scroll_through(self, first: str) -> tuple[str, ...]:
        dumps = [first]
        for _ in range(self._settings.max_scrolls):
            scroller = _largest_scrollable(_parse(dumps[-1]))
            if scroller is None:
                break
            b = scroller.bounds
            x = (b.left + b.right) // 2
            span = b.bottom - b.top
            self._ui.swipe(x, b.bottom - span // 10, x, b.top + span // 10, 0.3)
            now = self._ui.dump_hierarchy()
            if _content(now) == _content(dumps[-1]):
                break  # the end of the page
            dumps.append(now)
        return tuple(dumps)

    def _back_to(self, link_label: str) -> None:
        for _ in range(self._settings.max_backs):
            self._ui.press(Key.BACK)
            deadline = self._monotonic() + self._settings.wait_s
            while self._monotonic() < deadline:
                if any(
                    n.label.strip() == link_label for n in _parse(self._ui.dump_hierarchy()).walk()
                ):
                    return
                self._sleep(self._settings.poll_s)
        raise CaptureError(f"the dialog with {link_label!r} did not come back after BACK")


def _parse(xml: str) -> Hierarchy:
    try:
        return parse_hierarchy(xml)
    except HierarchyError as exc:
        raise CaptureError(f"the screen's dump is not a uiautomator hierarchy: {exc}") from None


def _content(xml: str) -> tuple[tuple[str, str, str], ...]:
    """What the app shows: its nodes' text and places, without the status bar's clock and
    the other system windows a phone's dump also holds (a change there is no new page)."""
    hierarchy = _parse(xml)
    apps = {n.package for n in hierarchy.walk() if n.package and not _system(n.package)}
    return tuple(
        (n.label, str(n.bounds), n.resource_id)
        for n in hierarchy.walk()
        if n.package in apps and (n.label or n.scrollable)
    )


def _system(package: str) -> bool:
    return package in ("com.android.systemui", "android") or package.endswith(".launcher")


def _largest_scrollable(hierarchy: Hierarchy) -> Node | None:
    scrollers = [n for n in hierarchy.walk() if n.scrollable and n.bounds.area > 0]
    return max(scrollers, key=lambda n: n.bounds.area, default=None)
