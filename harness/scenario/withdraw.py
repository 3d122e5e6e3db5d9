"""The withdraw step: find the app's way to withdraw consent, withdraw, confirm.

A bounded, word-guided depth-first search from the screen the app is on. On each screen it
looks for the withdraw control (撤回同意, 撤回隐私授权, "Withdraw consent" … in
harness/data/withdrawal.yaml, or the scenario's `button`); else it taps the scenario's next
`via` selector, else the untried control nearest the goal (隐私设置 before 设置 before 我的),
else scrolls a long list once or twice, else tries the screen's other controls (as the
explorer would, never a label the explorer avoids), else goes BACK. It never goes deeper than
`max_depth` taps from where it started (BACK on the starting screen climbs to its parent),
and spends at most `max_taps` actions; both default to the rule pack's `no-withdrawal-path`
thresholds. Found: it taps the control, then the confirmations that follow (确定 / 确认撤回 …,
never 取消; up to three, each on a screen that changed), and marks `consent_withdrawn` at the
last tap: the phase `withdrawn` starts there. Not found: a `withdrawal_not_found` marker
whose evidence is every screen the search visited (dump and screenshot), for
no-withdrawal-path.

Known gaps: a control drawn without text or content description is found only by the
fallback; a withdrawal offered only in a web page (a WebView without accessibility nodes) is
not seen; a confirmation by typing (a captcha, a password) is not done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.model import MarkerKind
from harness.rules.pack import WithdrawalParams, load_rule_pack, rule_params
from harness.scenario.context import Snapshot, StepContext
from harness.scenario.language import Withdraw
from harness.ui.actions import ActionKind, actionable, is_avoided, screen_signature
from harness.ui.consent import detect_consent
from harness.ui.driver import Key
from harness.ui.explorer import load_explorer_manners
from harness.ui.hierarchy import Bounds, Hierarchy
from harness.ui.selectors import tap_point
from harness.ui.withdrawal import (
    Target,
    WithdrawalWords,
    confirm_button,
    load_withdrawal_words,
    mentions_withdrawal,
    path_controls,
    withdraw_control,
)

_CONFIRMATIONS = 3  # taps after the control: a page, then a dialog, then a second dialog
_SCROLLS_PER_SCREEN = 2
_SCROLL_S = 0.3


def _bounds(step: Withdraw) -> tuple[int, int]:
    params = rule_params(load_rule_pack().rules["no-withdrawal-path"], WithdrawalParams)
    depth = step.max_depth if step.max_depth is not None else params.max_depth
    taps = step.max_taps if step.max_taps is not None else params.max_taps
    return depth, taps


@dataclass
class _Search:
    ctx: StepContext
    step: Withdraw
    words: WithdrawalWords
    max_depth: int
    max_taps: int
    avoid: tuple[str, ...]
    taps: int = 0
    via_next: int = 0
    path: list[str] = field(default_factory=list)  # screen signatures from the start
    route: list[str] = field(default_factory=list)  # the labels tapped to get down the path
    tried: set[tuple[str, str]] = field(default_factory=set)
    scrolled: dict[str, int] = field(default_factory=dict)
    visited: dict[str, tuple[str, ...]] = field(default_factory=dict)  # signature -> evidence
    climbs: int = 0
    climbed_from: str = ""  # the screen the last climb left
    last: str = ""  # "tap", "back", "climb", "scroll"

    @property
    def package(self) -> str:
        return self.ctx.package

    def run(self) -> None:
        reason = "nothing left to try"
        while True:
            snapshot = self.ctx.settle(None)
            screen = snapshot.hierarchy
            if screen is None:
                reason = "an unreadable screen"
                break
            signature = screen_signature(screen, self.package)
            self._follow(signature)
            if signature not in self.visited:
                label = f"withdraw-search-{len(self.visited) + 1:02d}"
                snapshot = self.ctx.keep(snapshot, label)
                self.visited[signature] = snapshot.evidence
            excluded = _consent_buttons(screen, self.words)
            control = self._control(screen, excluded)
            if control is not None:
                self._withdraw(control, snapshot, signature)
                return
            if self.taps >= self.max_taps:
                reason = f"{self.taps} actions spent"
                break
            if not self._next_move(screen, signature, excluded):
                break
        self._not_found(reason)

    # --- the search ---

    def _follow(self, signature: str) -> None:
        if self.last == "climb" and signature == self.climbed_from:
            # BACK on it left the app, or did nothing: this is the app's top screen.
            self.climbs = self.max_depth
        if self.last == "climb" or not self.path:
            self.path = [signature]
            self.route = []
        elif signature in self.path:
            del self.path[self.path.index(signature) + 1 :]
            del self.route[len(self.path) - 1 :]
        elif self.last == "tap":
            self.path.append(signature)
        else:  # a BACK or a scroll that showed a screen not on the path: start from it
            self.path = [signature]
            self.route = []

    def _control(self, screen: Hierarchy, excluded: tuple[Bounds, ...]) -> Target | None:
        if self.step.button is not None:
            node = self.step.button.find(screen)
            if node is None:
                return None
            found = [
                a
                for a in actionable(screen)
                if a.bounds is not None and a.bounds.center == tap_point(screen, node)
            ]
            return Target(found[0], 0) if found else None
        target = withdraw_control(screen, self.package, self.words)
        if target is not None and target.action.bounds in excluded:
            return None
        return target

    def _next_move(self, screen: Hierarchy, signature: str, excluded: tuple[Bounds, ...]) -> bool:
        depth = len(self.path) - 1
        if depth < self.max_depth:
            if self.via_next < len(self.step.via):
                node = self.step.via[self.via_next].find(screen)
                if node is not None:
                    self.via_next += 1
                    x, y = tap_point(screen, node)
                    self._tap(f"via {node.label or node.resource_id!r}", x, y, node.label)
                    return True
            ways = [
                t
                for t in path_controls(screen, self.package, self.words)
                if (signature, t.action.key) not in self.tried
                and t.action.bounds not in excluded
                and not is_avoided(t.action.label, self.avoid)
            ]
            if ways:
                return self._take(signature, ways[0])
            if self._scroll(screen, signature):
                return True
            others = [
                a
                for a in actionable(screen, self.package, avoid_words=self.avoid, exclude=excluded)
                if a.kind is ActionKind.TAP and (signature, a.key) not in self.tried
            ]
            if others:
                return self._take(signature, Target(others[0], len(self.words.path_words)))
        if depth > 0:
            self.last = "back"
            self.taps += 1
            self.ctx.act("withdraw search back", lambda: self.ctx.ui.press(Key.BACK))
            return True
        if self.climbs < self.max_depth:
            # The search began below the app's main screen (an explore step left it there).
            self.climbs += 1
            self.climbed_from = self.path[0]
            self.last = "climb"
            self.taps += 1
            self.ctx.act("withdraw search back", lambda: self.ctx.ui.press(Key.BACK))
            return True
        return False

    def _take(self, signature: str, target: Target) -> bool:
        self.tried.add((signature, target.action.key))
        x, y = target.center
        self._tap(f"{target.label!r}", x, y, target.label)
        return True

    def _tap(self, what: str, x: int, y: int, label: str) -> None:
        self.taps += 1
        self.last = "tap"
        self.route.append(label or "?")
        self.ctx.tap(f"withdraw search: {what}", x, y)
        self.ctx.sleep(self.ctx.settings.explore_pause_s)

    def _scroll(self, screen: Hierarchy, signature: str) -> bool:
        lists = [a for a in actionable(screen, self.package) if a.kind is ActionKind.SCROLL]
        if not lists or self.scrolled.get(signature, 0) >= _SCROLLS_PER_SCREEN:
            return False
        self.scrolled[signature] = self.scrolled.get(signature, 0) + 1
        bounds = max((a.bounds for a in lists if a.bounds), key=lambda b: b.area)
        x, y = bounds.center
        third = (bounds.bottom - bounds.top) // 3
        self.taps += 1
        self.last = "scroll"
        self.ctx.swipe("withdraw search scroll", (x, y + third, x, y - third), _SCROLL_S)
        return True

    # --- the outcome ---

    def _withdraw(self, control: Target, snapshot: Snapshot, signature: str) -> None:
        ctx = self.ctx
        x, y = control.center
        ts = ctx.tap(f"withdraw {control.label!r}", x, y)
        self.taps += 1
        route = " → ".join([*self.route, control.label]) or control.label
        confirmed: list[str] = []
        evidence = snapshot.evidence
        tapped = {(signature, control.action.key)}
        previous = signature
        for _ in range(_CONFIRMATIONS):
            ctx.sleep(ctx.settings.poll_interval_s)
            after = ctx.settle(None)
            screen = after.hierarchy
            if screen is None:
                break
            if detect_consent(screen) is not None and not mentions_withdrawal(screen, self.words):
                break  # the app asks for consent afresh: the withdrawal took
            now = screen_signature(screen, self.package)
            if now == previous:
                break  # nothing new to confirm
            button = confirm_button(screen, self.package, self.words)
            if button is None or (now, button.action.key) in tapped:
                break
            after = ctx.keep(after, "withdraw-confirm")
            evidence += after.evidence
            bx, by = button.center
            ts = ctx.tap(f"withdraw confirm {button.label!r}", bx, by)
            tapped.add((now, button.action.key))
            confirmed.append(button.label)
            previous = now
        ctx.sleep(ctx.settings.poll_interval_s)
        done = ctx.settle("withdraw-done", need_app=False)
        how = f", confirmed {' → '.join(repr(c) for c in confirmed)}" if confirmed else ""
        ctx.mark(
            MarkerKind.CONSENT_WITHDRAWN,
            ts,
            f"line {self.step.line}: withdrew consent by {route}{how} "
            f"(depth {len(self.path) - 1}, {self.taps} actions in the search)",
            (*evidence, *done.evidence),
        )

    def _not_found(self, reason: str) -> None:
        ctx = self.ctx
        snapshot = ctx.settle(None, need_app=False)
        files = tuple(f for shown in self.visited.values() for f in shown)
        ctx.mark(
            MarkerKind.WITHDRAWAL_NOT_FOUND,
            snapshot.ts,
            f"line {self.step.line}: no way to withdraw consent within {self.max_depth} taps "
            f"of the starting screen ({reason}; {self.taps} of {self.max_taps} actions; "
            f"{len(self.visited)} screens visited)",
            files,
        )


def _consent_buttons(screen: Hierarchy, words: WithdrawalWords) -> tuple[Bounds, ...]:
    """A consent dialog's buttons and box: only the consent step taps them."""
    dialog = detect_consent(screen)
    if dialog is None or mentions_withdrawal(screen, words):
        return ()
    excluded = tuple(b.bounds for b in dialog.buttons())
    return excluded + ((dialog.tick.bounds,) if dialog.tick is not None else ())


def run_withdraw(ctx: StepContext, step: Withdraw) -> None:
    max_depth, max_taps = _bounds(step)
    start = ctx.settle("withdraw")
    ctx.mark(
        MarkerKind.STEP,
        start.ts,
        f"line {step.line}: withdraw: search within {max_depth} taps deep, "
        f"{max_taps} actions at most",
        start.evidence,
    )
    avoid = load_explorer_manners().avoid_words
    _Search(ctx, step, load_withdrawal_words(), max_depth, max_taps, avoid).run()
