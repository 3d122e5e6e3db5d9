"""The explorer's choices: seeded, repeatable, inside the app, within a depth.

`ExplorationPlan.next_action(screen)` sees each screen once the runner has taken it (dialogs
answered, the app brought back if it had left) and says what to do next: an action on this
screen not tried before, chosen with a seeded random generator among the untried ones in a
fixed order, so the same seed on the same app takes the same actions. Screens are told apart
by `screen_signature`. The plan keeps the path of screens from the first one: when it is
`max_depth` screens deep it goes BACK. When a screen has nothing new, it takes again an
action that led to a screen that still has untried actions, else it goes BACK; when the
first screen has nothing left, exploration is over (None). A BACK that changes nothing marks
the screen as one BACK cannot leave.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.paths import PACKAGE_DATA
from harness.ui.actions import BACK, Action, ActionKind, actionable, screen_signature
from harness.ui.hierarchy import Bounds, Hierarchy
from harness.yamlfile import load_model


class ExplorerManners(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    avoid_words: tuple[str, ...]
    input_text: str


@functools.cache
def load_explorer_manners(path: Path = PACKAGE_DATA / "explorer.yaml") -> ExplorerManners:
    return load_model(path, ExplorerManners)


@dataclass
class ExplorationPlan:
    package: str
    seed: int
    max_depth: int
    avoid_words: tuple[str, ...] = ()
    _rng: random.Random = field(init=False, repr=False)
    _tried: set[tuple[str, str]] = field(default_factory=set, init=False)
    _path: list[str] = field(default_factory=list, init=False)
    _stuck: set[str] = field(default_factory=set, init=False)
    _untried: dict[str, int] = field(default_factory=dict, init=False)  # as last seen
    _leads: dict[tuple[str, str], str] = field(default_factory=dict, init=False)
    _last: tuple[str, Action] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @property
    def depth(self) -> int:
        return max(0, len(self._path) - 1)

    def next_action(self, screen: Hierarchy, exclude: Collection[Bounds] = ()) -> Action | None:
        """What to do on this screen; None when exploration has nothing left to try."""
        signature = screen_signature(screen, self.package)
        self._follow(signature)
        if self.depth >= self.max_depth and self._can_go_back(signature):
            return self._do(signature, BACK)
        actions = actionable(screen, self.package, avoid_words=self.avoid_words, exclude=exclude)
        # A fixed order first, so the seed alone decides the choices.
        actions.sort(key=lambda a: a.key)
        untried = [a for a in actions if (signature, a.key) not in self._tried]
        self._untried[signature] = max(0, len(untried) - 1)
        if untried:
            choice = self._rng.choice(untried)
            self._tried.add((signature, choice.key))
            return self._do(signature, choice)
        # Nothing new here: go again where an action led to a screen with untried actions.
        if self.depth < self.max_depth:
            again = [
                a
                for a in actions
                if (dest := self._leads.get((signature, a.key))) is not None
                and dest not in self._path
                and self._untried.get(dest, 0) > 0
            ]
            if again:
                return self._do(signature, self._rng.choice(again))
        if self._can_go_back(signature):
            return self._do(signature, BACK)
        return None

    def led_to(self, signature: str, key: str) -> str | None:
        """The screen an action taken on this screen led to last time (None: never taken)."""
        return self._leads.get((signature, key))

    def _do(self, signature: str, action: Action) -> Action:
        self._last = (signature, action)
        return action

    def _can_go_back(self, signature: str) -> bool:
        return len(self._path) > 1 and signature not in self._stuck

    def _follow(self, signature: str) -> None:
        """Update the path of screens, and what the last action led to."""
        if self._last is not None:
            origin, action = self._last
            if action.kind is not ActionKind.BACK:
                self._leads[(origin, action.key)] = signature
        if not self._path:
            self._path.append(signature)
        elif signature == self._path[-1]:
            if self._last is not None and self._last[1].kind is ActionKind.BACK:
                self._stuck.add(signature)
        elif signature in self._path:
            del self._path[self._path.index(signature) + 1 :]
        else:
            self._path.append(signature)
