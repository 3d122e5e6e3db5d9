"""How far the privacy policy is from the app's main screen: what a screen shows, what to tap.

What: `shows_policy(hierarchy, package)` says whether a screen is the privacy policy (a title
or heading naming it, not a link to it, and the policy's text: a long text, a scroll
container or a WebView under it), and `policy_paths(hierarchy, package)` lists the controls
worth tapping to get there, those a person would try first (隐私, 设置, 我的, 关于, Settings,
Privacy…: data/dialog-quality.yaml `policy_path_words`) ahead of the rest. The search itself
(tap, look, BACK, at most N taps deep) is the `policy_reach` step
(harness.scenario.probes); the bound the 认定方法 sets (四次点击) is the rule's threshold.
What the search found travels in its marker's detail (harness.reach).
Known gaps: a policy opened in another app (a browser) counts when the browser's page names
it; a policy behind a login wall is not reached (the step does not log in).
"""

from __future__ import annotations

from collections.abc import Collection

from harness.ui.actions import Action, ActionKind, actionable
from harness.ui.dialog_quality import DialogWords, load_dialog_words, names_policy
from harness.ui.hierarchy import Bounds, Hierarchy
from harness.ui.wording import mentions, norm

_TITLE_CHARS = 30  # a heading naming the policy, not a sentence mentioning it
_WEBVIEW = "WebView"


def shows_policy(
    hierarchy: Hierarchy, package: str | None = None, words: DialogWords | None = None
) -> str:
    """The heading of the policy shown on this screen, or "" when it is not the policy."""
    words = words or load_dialog_words()
    nodes = [n for n in hierarchy.walk() if package is None or n.package == package]
    heading = next(
        (
            n.label
            for n in nodes
            if n.label
            and not n.clickable
            and len(norm(n.label)) <= _TITLE_CHARS
            and names_policy(n.label, words)
        ),
        "",
    )
    if not heading:
        return ""
    text = "".join(norm(n.label) for n in nodes if n.label and n.label != heading)
    long_enough = len(text) >= words.policy_page_min_chars
    body = (long_enough and mentions(text, words.policy_body_words)) or any(
        n.scrollable or _WEBVIEW in n.class_name for n in nodes
    )
    return heading if body else ""


def policy_paths(
    hierarchy: Hierarchy,
    package: str,
    avoid_words: Collection[str] = (),
    words: DialogWords | None = None,
    exclude: Collection[Bounds] = (),
) -> list[Action]:
    """The screen's taps, the likely ways to the policy first (document order otherwise)."""
    words = words or load_dialog_words()
    taps = [
        a
        for a in actionable(hierarchy, package, avoid_words=avoid_words, exclude=exclude)
        if a.kind is ActionKind.TAP
    ]

    def rank(action: Action) -> int:
        if names_policy(action.label, words):
            return 0
        return 1 if mentions(action.label, words.policy_path_words, short_only=True) else 2

    return sorted(taps, key=rank)
