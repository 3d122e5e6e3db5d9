"""Blocking: the app will not go on unless the user grants what was denied.

    watch = BlockWatch(package, load_blocking_words())
    watch.see(signature, snapshot)          # every screen the explorer looks at
    blocked = watch.verdict(plan)           # when exploration ends: a Blocked, or None

Real apps that force a permission often do not quit: after the denial they show one screen
("需要开启定位权限才能使用" with 去设置 / 退出, "Permission required" with Settings / Exit) and
nothing else. The explorer sees it as the screen it ends on with nothing new to try: its
only controls go to the system settings or quit (harness/data/blocking.yaml), and any other
control (a 重试 that asks again and is refused at once, an OK) led back to the same screen.
`Blocked` names that screen, since when it was shown, its ways out and the dumps and
screenshots that show it; the explore step marks it `app_blocked` for forced-permission.

Known gaps: a blocking screen without a settings/quit control (a bare text, a spinner) is
not told apart from a simple app; a way out labelled with an icon only is not read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.ui.actions import ActionKind, actionable, is_avoided
from harness.ui.hierarchy import Hierarchy
from harness.yamlfile import load_model


class BlockingWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    settings_words: tuple[str, ...]
    quit_words: tuple[str, ...]

    def is_way_out(self, label: str) -> bool:
        """Whether a control with this label goes to the settings or quits the app."""
        return is_avoided(label, self.settings_words) or is_avoided(label, self.quit_words)


@functools.cache
def load_blocking_words(path: Path = PACKAGE_DATA / "blocking.yaml") -> BlockingWords:
    return load_model(path, BlockingWords)


class Plan(Protocol):
    """What the watch asks the explorer's plan: where an action taken on a screen led."""

    def led_to(self, signature: str, key: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Blocked:
    since: float  # when the explorer first saw the screen (host clock)
    signature: str
    looks: int  # how many times the explorer looked at it in a row
    ways_out: tuple[str, ...]  # the labels of its settings/quit controls
    evidence: tuple[str, ...]  # bundle files: dumps and screenshots of the screen

    def describe(self) -> str:
        outs = ", ".join(repr(w) for w in self.ways_out)
        times = "once" if self.looks == 1 else f"{self.looks} times in a row"
        return f"the app offers only {outs} on one screen, seen {times}"


@dataclass
class BlockWatch:
    package: str
    words: BlockingWords
    max_evidence: int = 4  # the first and the latest looks are kept as evidence
    _signature: str | None = field(default=None, init=False)
    _since: float = field(default=0.0, init=False)
    _looks: int = field(default=0, init=False)
    _screen: Hierarchy | None = field(default=None, init=False)
    _evidence: list[tuple[str, ...]] = field(default_factory=list, init=False)

    def see(self, signature: str, ts: float, screen: Hierarchy, evidence: tuple[str, ...]) -> None:
        """One look at the app's screen (in order); another screen starts a new run."""
        if signature != self._signature:
            self._signature, self._since, self._looks = signature, ts, 0
            self._evidence = []
        self._looks += 1
        self._screen = screen
        if evidence:
            self._evidence.append(evidence)

    def verdict(self, plan: Plan) -> Blocked | None:
        """The screen the explorer ended on blocks the app, or None."""
        if self._signature is None or self._screen is None:
            return None
        signature = self._signature
        controls = [
            a for a in actionable(self._screen, self.package) if a.kind is not ActionKind.SCROLL
        ]
        # A way out the explorer did take and that led to another screen of the app (an
        # in-app "设置" page) is navigation, not a way out.
        ways_out = [
            a
            for a in controls
            if self.words.is_way_out(a.label) and plan.led_to(signature, a.key) in (None, signature)
        ]
        if not ways_out:
            return None
        others = [a for a in controls if a not in ways_out]
        if any(plan.led_to(signature, a.key) != signature for a in others):
            return None  # a control leads elsewhere (or was never tried): not blocked
        kept = self._evidence[:1] + self._evidence[1:][-(self.max_evidence - 1) :]
        files = tuple(dict.fromkeys(f for look in kept for f in look))
        labels = tuple(dict.fromkeys(a.label for a in ways_out))
        return Blocked(self._since, signature, self._looks, labels, files)
