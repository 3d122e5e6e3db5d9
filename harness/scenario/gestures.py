"""The steps that touch the app: tap, long_tap, input, swipe, scroll, and wait until.

A selector is looked for until its step's timeout (screens take a moment to change); a
step whose target never shows is recorded as a step_failed marker with the screen, and the
scenario goes on: what the app did meanwhile is evidence too.
"""

from __future__ import annotations

from harness.model import MarkerKind
from harness.scenario.context import Snapshot, StepContext
from harness.scenario.language import Direction, Input, LongTap, Scroll, Swipe, Tap, Wait
from harness.ui.driver import Key
from harness.ui.hierarchy import Bounds, Hierarchy, Node
from harness.ui.selectors import Selector, tap_point


def find(
    ctx: StepContext, selector: Selector, timeout: float, label: str
) -> tuple[Snapshot, Node | None]:
    """Look until the selector matches (or the timeout passes); the snapshot is kept."""
    deadline = ctx.monotonic() + timeout
    while True:
        snapshot = ctx.settle(None)
        node = selector.find(snapshot.hierarchy) if snapshot.hierarchy else None
        if node is not None or ctx.monotonic() >= deadline:
            return ctx.keep(snapshot, label), node
        ctx.sleep(ctx.settings.poll_interval_s)


def _failed(ctx: StepContext, line: int, snapshot: Snapshot, what: str) -> None:
    ctx.mark(MarkerKind.STEP_FAILED, snapshot.ts, f"line {line}: {what}", snapshot.evidence)


def run_tap(ctx: StepContext, step: Tap | LongTap) -> None:
    name = "long_tap" if isinstance(step, LongTap) else "tap"
    snapshot, node = find(ctx, step.selector, step.timeout, name)
    if node is None or snapshot.hierarchy is None:
        _failed(ctx, step.line, snapshot, f"{name}: nothing matches {step.selector.describe()}")
        return
    x, y = tap_point(snapshot.hierarchy, node)
    if isinstance(step, LongTap):
        duration = step.duration
        ts = ctx.act(name, lambda: ctx.ui.long_click(x, y, duration))
    else:
        ts = ctx.tap(name, x, y)
    detail = f"line {step.line}: {name} {step.selector.describe()} at {x},{y}"
    ctx.mark(MarkerKind.STEP, ts, detail, snapshot.evidence)


def run_input(ctx: StepContext, step: Input) -> None:
    if step.into is not None:
        snapshot, node = find(ctx, step.into, step.timeout, "input")
        if node is None or snapshot.hierarchy is None:
            _failed(ctx, step.line, snapshot, f"input: no field matches {step.into.describe()}")
            return
        ctx.tap("tap into a field", *tap_point(snapshot.hierarchy, node))
    else:
        snapshot = ctx.settle("input")
    text, clear = step.text, step.clear
    ts = ctx.act("input", lambda: ctx.ui.input_text(text, clear))
    if step.submit:
        ctx.act("enter", lambda: ctx.ui.press(Key.ENTER))
    detail = f"line {step.line}: input {step.text!r}" + (" and ENTER" if step.submit else "")
    ctx.mark(MarkerKind.STEP, ts, detail, snapshot.evidence)


def screen_bounds(hierarchy: Hierarchy | None) -> Bounds:
    """The screen: the union of the windows' root bounds (1080x2340 when unknown)."""
    if hierarchy is None or not hierarchy.roots:
        return Bounds(0, 0, 1080, 2340)
    return Bounds(
        min(r.bounds.left for r in hierarchy.roots),
        min(r.bounds.top for r in hierarchy.roots),
        max(r.bounds.right for r in hierarchy.roots),
        max(r.bounds.bottom for r in hierarchy.roots),
    )


def swipe_points(area: Bounds, direction: Direction) -> tuple[int, int, int, int]:
    """A finger stroke across the middle 60% of an area, the way `direction` says."""
    cx, cy = area.center
    dx = (area.right - area.left) * 3 // 10
    dy = (area.bottom - area.top) * 3 // 10
    strokes = {
        Direction.UP: (cx, cy + dy, cx, cy - dy),
        Direction.DOWN: (cx, cy - dy, cx, cy + dy),
        Direction.LEFT: (cx + dx, cy, cx - dx, cy),
        Direction.RIGHT: (cx - dx, cy, cx + dx, cy),
    }
    return strokes[direction]


def run_swipe(ctx: StepContext, step: Swipe) -> None:
    if step.start is not None and step.end is not None:
        snapshot = ctx.settle("swipe")
        x1, y1, x2, y2 = (*step.start, *step.end)
    else:
        assert step.direction is not None  # the parser guarantees one or the other
        area = screen_bounds(None)
        if step.on is not None:
            snapshot, node = find(ctx, step.on, 5.0, "swipe")
            if node is None:
                _failed(ctx, step.line, snapshot, f"swipe: nothing matches {step.on.describe()}")
                return
            area = node.bounds
        else:
            snapshot = ctx.settle("swipe")
            area = screen_bounds(snapshot.hierarchy)
        x1, y1, x2, y2 = swipe_points(area, step.direction)
    ts = ctx.swipe("swipe", (x1, y1, x2, y2), step.duration)
    detail = f"line {step.line}: swipe {x1},{y1} -> {x2},{y2}"
    ctx.mark(MarkerKind.STEP, ts, detail, snapshot.evidence)


def _container(ctx: StepContext, snapshot: Snapshot, on: Selector | None) -> Node | None:
    if snapshot.hierarchy is None:
        return None
    if on is not None:
        return on.find(snapshot.hierarchy)
    scrollables = [
        n
        for n in snapshot.hierarchy.walk()
        if n.scrollable and n.enabled and n.package == ctx.package and n.bounds.area
    ]
    return max(scrollables, key=lambda n: n.bounds.area, default=None)


def _visible_content(snapshot: Snapshot) -> tuple[tuple[str, str], ...]:
    if snapshot.hierarchy is None:
        return ()
    return tuple((n.label, str(n.bounds)) for n in snapshot.hierarchy.walk())


def _has(selector: Selector | None, snapshot: Snapshot) -> bool:
    return bool(selector and snapshot.hierarchy and selector.find(snapshot.hierarchy))


def run_scroll(ctx: StepContext, step: Scroll) -> None:
    """One page, or with `until` page after page until the selector shows or the list ends."""
    snapshot = ctx.settle("scroll")
    container = _container(ctx, snapshot, step.on)
    if container is None:
        what = step.on.describe() if step.on else "a scrollable view of the app"
        _failed(ctx, step.line, snapshot, f"scroll: no {what} on screen")
        return
    # Content moving down into view is a finger moving up.
    finger = Direction.UP if step.direction is Direction.DOWN else Direction.DOWN
    limit = step.max_swipes if step.until is not None else 1
    first_ts: float | None = None
    swipes, ended, found = 0, False, _has(step.until, snapshot)
    while not found and swipes < limit:
        ts = ctx.swipe("scroll", swipe_points(container.bounds, finger), 0.3)
        first_ts = ts if first_ts is None else first_ts
        swipes += 1
        before = _visible_content(snapshot)
        snapshot = ctx.settle(None)
        found = _has(step.until, snapshot)
        if _visible_content(snapshot) == before:
            ended = True
            break
    kept = ctx.keep(snapshot, "scrolled")
    what = f"scroll {step.direction.value}"
    if step.until is not None and not found:
        why = "the list ended" if ended else f"{swipes} swipes"
        _failed(ctx, step.line, kept, f"{what}: {step.until.describe()} not found ({why})")
        return
    outcome = "found" if found else ("the list ended" if ended else f"{swipes} swipe(s)")
    ts = first_ts if first_ts is not None else kept.ts
    ctx.mark(MarkerKind.STEP, ts, f"line {step.line}: {what}: {outcome}", kept.evidence)


def run_wait(ctx: StepContext, step: Wait) -> None:
    if step.seconds is not None:
        snapshot = ctx.settle("wait", need_app=False)
        ctx.mark(
            MarkerKind.STEP,
            snapshot.ts,
            f"line {step.line}: wait {step.seconds:g} s",
            snapshot.evidence,
        )
        wait_watching(ctx, step.seconds)
        return
    selector = step.until or step.gone
    assert selector is not None  # the parser guarantees one of them
    appear = step.until is not None
    deadline = ctx.monotonic() + step.timeout
    while True:
        snapshot = ctx.settle(None, need_app=False)
        present = bool(snapshot.hierarchy and selector.find(snapshot.hierarchy))
        if present == appear or ctx.monotonic() >= deadline:
            break
        ctx.sleep(ctx.settings.poll_interval_s)
    kept = ctx.keep(snapshot, "wait")
    what = f"wait {'until' if appear else 'gone'} {selector.describe()}"
    if present == appear:
        ctx.mark(MarkerKind.STEP, kept.ts, f"line {step.line}: {what}", kept.evidence)
    else:
        _failed(
            ctx,
            step.line,
            kept,
            f"{what}: still {'absent' if appear else 'there'} after {step.timeout:g} s",
        )


def wait_watching(ctx: StepContext, seconds: float) -> None:
    """Let time pass, answering permission dialogs that show up meanwhile."""
    deadline = ctx.monotonic() + seconds
    while (left := deadline - ctx.monotonic()) > 0:
        ctx.sleep(min(ctx.settings.poll_interval_s, left))
        if ctx.monotonic() < deadline:
            ctx.settle(None, need_app=False)
