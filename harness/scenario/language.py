"""The scenario step language as typed records (scenarios/README.md documents each step).

Every step keeps the line it came from, so the runner's markers and errors can name it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from harness.model import PermissionAnswer
from harness.ui.selectors import Selector


class ConsentChoice(enum.StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    AUTO = "auto"  # accept every consent dialog that shows, up to a few in a row


class Direction(enum.StrEnum):
    """Swipe: the way the finger moves. Scroll: the way the content moves into view."""

    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"


# The answers a scenario may give a permission dialog (UNANSWERED is an outcome, not a choice).
PERMISSION_CHOICES = (
    PermissionAnswer.ALLOW,
    PermissionAnswer.DENY,
    PermissionAnswer.ALLOW_FOREGROUND,
)


@dataclass(frozen=True, slots=True)
class Launch:
    line: int


@dataclass(frozen=True, slots=True)
class Wait:
    """A duration, or until a selector appears (`until`) or disappears (`gone`)."""

    line: int
    seconds: float | None = None
    until: Selector | None = None
    gone: Selector | None = None
    timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class Tap:
    line: int
    selector: Selector
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class LongTap:
    line: int
    selector: Selector
    timeout: float = 5.0
    duration: float = 0.8


@dataclass(frozen=True, slots=True)
class Input:
    line: int
    text: str
    into: Selector | None = None  # tapped first to focus it; else the focused field
    clear: bool = True
    submit: bool = False  # press ENTER afterwards
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class Swipe:
    line: int
    direction: Direction | None = None
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None
    on: Selector | None = None
    duration: float = 0.3


@dataclass(frozen=True, slots=True)
class Scroll:
    line: int
    direction: Direction = Direction.DOWN
    on: Selector | None = None
    until: Selector | None = None
    max_swipes: int = 10


@dataclass(frozen=True, slots=True)
class Back:
    line: int


@dataclass(frozen=True, slots=True)
class Home:
    line: int


@dataclass(frozen=True, slots=True)
class Background:
    line: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Screenshot:
    line: int
    name: str = "screenshot"


@dataclass(frozen=True, slots=True)
class Consent:
    line: int
    choice: ConsentChoice
    button: Selector | None = None  # overrides detection
    timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class Permission:
    line: int
    answer: PermissionAnswer
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class Explore:
    line: int
    duration: float
    seed: int = 0
    max_depth: int = 3
    max_actions: int | None = None


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Find the app's way to withdraw consent (words, then `via`/`button`), withdraw, confirm.

    The bounds default to the rule pack's `no-withdrawal-path` thresholds (None here).
    """

    line: int
    via: tuple[Selector, ...] = ()  # taps the scenario knows lead there, tried first
    button: Selector | None = None  # the withdraw control, instead of its words
    max_depth: int | None = None  # taps from the starting screen to the control's screen
    max_taps: int | None = None  # every action the search may spend


@dataclass(frozen=True, slots=True)
class ProbeSelfStart:
    """Stop the app, send system broadcasts, record what of the app the system starts."""

    line: int
    broadcasts: tuple[str, ...] = ()  # () : harness/data/self-start.yaml's defaults
    watch: float = 3.0  # seconds to watch after each broadcast


@dataclass(frozen=True, slots=True)
class AssertForeground:
    line: int


@dataclass(frozen=True, slots=True)
class Upgrade:
    """Install version N+1 over the app (it stops first); a `launch` step starts it again."""

    line: int


@dataclass(frozen=True, slots=True)
class Stop:
    line: int


@dataclass(frozen=True, slots=True)
class PolicyReach:
    """Find the privacy policy from the current (main) screen: taps, at most this deep."""

    line: int
    max_taps: int = 6  # deeper than the rule's bound (4), so "5" is told from "never"
    max_actions: int = 60  # taps and BACKs in all
    duration: float = 90.0


@dataclass(frozen=True, slots=True)
class PopupProbe:
    """Wait for the app's pop-up, judge its close mark, tap its body, press BACK: record."""

    line: int
    timeout: float = 5.0


Step = (
    Launch
    | Wait
    | Tap
    | LongTap
    | Input
    | Swipe
    | Scroll
    | Back
    | Home
    | Background
    | Screenshot
    | Consent
    | Permission
    | Explore
    | Withdraw
    | ProbeSelfStart
    | AssertForeground
    | Upgrade
    | Stop
    | PolicyReach
    | PopupProbe
)


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    path: Path
    steps: tuple[Step, ...]
    description: str = ""
    # The answer to permission dialogs no `permission` step asked for; None: the session's.
    permission_policy: PermissionAnswer | None = None
