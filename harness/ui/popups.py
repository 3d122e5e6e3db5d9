"""Finding the app's pop-up windows (ads, promotions, upgrade prompts) and their close marks.

What: `find_popups(hierarchy, package)` lists the pop-ups on a screen: a window of the app
smaller than the screen (a Dialog's own window), or a container whose class or resource id
says dialog / popup / ad / promotion / upgrade (data/dialog-quality.yaml) covering a part of
the screen and drawn over something before it. Each `Popup` says whether it has a close
mark (信息窗口的关闭或退出标识): a clickable control labelled 关闭 / 跳过 / 取消 / 以后再说 / ×
/ Close / Skip / Not now…, or whose id says close / skip / dismiss, or a small clickable image
in its upper corners or just below it (the unlabelled × of most ad windows); and a point on
its body away from every button (where a tap must not open anything: 乱跳转).
`popup_free_signature` names the screen under a pop-up, so a probe can tell "the pop-up went
away" from "a tap opened another page".
How: pure functions over a parsed hierarchy; the consent dialog and system windows (the
permission controller, system UI) are never pop-ups here.
Known gaps: a close mark drawn inside a bitmap (no node of its own) is not seen; a pop-up
drawn by a game engine or a WebView with no accessibility nodes is not found.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from harness.ui.consent import ConsentWords, id_words, load_consent_words
from harness.ui.dialog_quality import DialogWords, has_close_mark, load_dialog_words
from harness.ui.hierarchy import Bounds, Hierarchy, Node

_IMAGE_HINTS = ("Image", "View")  # ImageView, ImageButton, a bare View drawn as an ×
_BUTTON_SHARE = 0.5  # a clickable under this share of the pop-up is one of its buttons


@dataclass(frozen=True, slots=True)
class Popup:
    bounds: Bounds
    resource_id: str
    class_name: str
    label: str  # the first text in it, to name it in evidence
    close_mark: str  # what closes it ("关闭", "iv_close", "corner image at [..]"), "" if none
    body_point: tuple[int, int] | None  # a point on it outside every button, if any
    window: bool  # a window of its own (else a container in the app's window)

    def to_json(self) -> dict[str, Any]:
        return {
            "bounds": str(self.bounds),
            "resource_id": self.resource_id,
            "class": self.class_name,
            "label": self.label,
            "close_mark": self.close_mark,
            "body_point": list(self.body_point) if self.body_point else None,
            "window": self.window,
        }


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _contains(outer: Bounds, x: int, y: int) -> bool:
    return outer.left <= x < outer.right and outer.top <= y < outer.bottom


class _Finder:
    def __init__(self, hierarchy: Hierarchy, package: str, words: DialogWords) -> None:
        self.hierarchy = hierarchy
        self.package = package
        self.words = words
        self.screen_area = max((r.bounds.area for r in hierarchy.roots), default=1) or 1

    def share(self, node: Node) -> float:
        return node.bounds.area / self.screen_area

    def hinted(self, node: Node) -> bool:
        if any(h in node.class_name for h in self.words.popup_class_hints):
            return True
        return bool(id_words(node.resource_id) & set(self.words.popup_id_hints))

    def candidates(self) -> list[tuple[Node, bool]]:
        found: list[tuple[Node, bool]] = []
        app_roots = [r for r in self.hierarchy.roots if r.package == self.package]
        for root in app_roots:
            share = self.share(root)
            # A window of its own, smaller than the screen (a toast-sized one is not a pop-up).
            small = self.words.popup_min_share <= share < self.words.popup_max_share
            if len(self.hierarchy.roots) > 1 and small:
                found.append((root, True))
                continue
            earlier: list[Bounds] = []
            self._containers(root, earlier, found)
        return found

    def _containers(
        self, node: Node, earlier: list[Bounds], found: list[tuple[Node, bool]]
    ) -> None:
        """Hinted containers of the right size drawn over a node laid out before them."""
        if node.package != self.package:
            return  # another app's nodes (an SDK's window is still the app's package)
        share = self.share(node)
        if (
            self.hinted(node)
            and self.words.popup_min_share <= share < self.words.popup_max_share
            and any(_overlaps(node.bounds, b) for b in earlier)
            and any(n.clickable for n in node.walk())
        ):
            found.append((node, False))
            return  # its insides are the pop-up's own
        for child in node.children:
            self._containers(child, earlier, found)
        if node.label or not node.children:
            earlier.append(node.bounds)

    def near(self, popup: Node) -> list[Node]:
        """The pop-up's nodes, and the app's clickables just around it (an × below it)."""
        margin = self.words.corner_max_px
        b = popup.bounds
        zone = Bounds(b.left - margin, b.top - margin, b.right + margin, b.bottom + margin)
        inside = set(map(id, popup.walk()))
        extra = [
            n
            for n in self.hierarchy.walk()
            if n.package == self.package
            and id(n) not in inside
            and n.clickable
            and n.bounds.area <= margin * margin
            and zone.left <= n.bounds.left
            and n.bounds.right <= zone.right
            and zone.top <= n.bounds.top
            and n.bounds.bottom <= zone.bottom
        ]
        return [*popup.walk(), *extra]

    def corner_image(self, popup: Node, nodes: list[Node]) -> Node | None:
        b = popup.bounds
        width, height = b.right - b.left, b.bottom - b.top
        reach_x, reach_y = width * self.words.corner_share, height * self.words.corner_share
        for node in nodes:
            nb = node.bounds
            small = 0 < nb.right - nb.left <= self.words.corner_max_px
            small = small and 0 < nb.bottom - nb.top <= self.words.corner_max_px
            if not (node.clickable and node.enabled and small and not node.text):
                continue
            if not any(h in node.class_name for h in _IMAGE_HINTS):
                continue
            cx, cy = nb.center
            top_corner = cy <= b.top + reach_y and (
                cx <= b.left + reach_x or cx >= b.right - reach_x
            )
            below = (
                b.bottom <= cy <= b.bottom + self.words.corner_max_px
                and abs(cx - b.center[0]) <= width * self.words.corner_share
            )
            above = b.top - self.words.corner_max_px <= cy <= b.top
            if top_corner or below or above:
                return node
        return None

    def close_mark(self, popup: Node) -> str:
        nodes = self.near(popup)
        for node in nodes:
            if has_close_mark([node], self.words):
                return node.label or node.resource_id
        corner = self.corner_image(popup, nodes)
        if corner is not None:
            return f"small image {corner.resource_id or corner.class_name} at {corner.bounds}"
        return ""

    def body_point(self, popup: Node) -> tuple[int, int] | None:
        """A point on the pop-up outside its buttons: the centre if free, else a grid point."""
        limit = _BUTTON_SHARE * popup.bounds.area
        buttons = [
            n.bounds
            for n in self.near(popup)
            if n is not popup and n.clickable and n.bounds.area < limit
        ]
        b = popup.bounds
        points = [b.center] + [
            (b.left + (b.right - b.left) * i // 6, b.top + (b.bottom - b.top) * j // 6)
            for j in range(1, 6)
            for i in range(1, 6)
        ]
        for x, y in points:
            if not any(_contains(button, x, y) for button in buttons):
                return (x, y)
        return None


def find_popups(
    hierarchy: Hierarchy,
    package: str,
    *,
    exclude: tuple[Bounds, ...] = (),
    words: DialogWords | None = None,
    consent_words: ConsentWords | None = None,
) -> list[Popup]:
    """The app's pop-ups on the screen, but those whose bounds are in `exclude` (the consent
    dialog) or hold them, and none in a system package."""
    words = words or load_dialog_words()
    system = set((consent_words or load_consent_words()).system_packages)
    if package in system:
        return []
    finder = _Finder(hierarchy, package, words)
    popups = []
    for node, window in finder.candidates():
        if any(_overlaps(node.bounds, other) for other in exclude):
            continue
        label = next((n.label for n in node.walk() if n.label), "")
        popups.append(
            Popup(
                node.bounds,
                node.resource_id,
                node.class_name,
                label,
                finder.close_mark(node),
                finder.body_point(node),
                window,
            )
        )
    return popups


def popup_free_signature(hierarchy: Hierarchy, package: str, popup: Bounds | None) -> str:
    """The app's screen structure without the pop-up at `popup` (class#id of its nodes)."""
    skipped: set[int] = set()
    for node in hierarchy.walk():
        if popup is not None and node.bounds == popup and node.package == package:
            skipped.update(map(id, node.walk()))
    parts = sorted(
        {
            f"{n.class_name}#{n.resource_id}"
            for n in hierarchy.walk()
            if n.package == package and id(n) not in skipped
        }
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
