"""The lab's tick boxes and pop-ups on real JVM lab apps (no Frida), read by the dialog and
pop-up readers: dialog-flaws' first-run dialog and popup-ads' ad window."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from harness.hostlab import HostLabUi, find_lab_app
from harness.testkit.lab import running
from harness.ui.consent import ConsentDialog, detect_consent
from harness.ui.dialog_quality import assess_dialog
from harness.ui.hierarchy import Hierarchy, parse_hierarchy
from harness.ui.popups import find_popups
from harness.ui.selectors import Selector

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]


def screen(ui: HostLabUi) -> Hierarchy:
    return parse_hierarchy(ui.dump_hierarchy())


def first_dialog(ui: HostLabUi, timeout_s: float = 30.0) -> tuple[Hierarchy, ConsentDialog]:
    """The first-run screen once its consent dialog shows: a busy machine may dump the app's
    window before the app put its dialog there."""
    deadline = time.monotonic() + timeout_s
    while True:
        shown = screen(ui)
        dialog = detect_consent(shown)
        if dialog is not None or time.monotonic() > deadline:
            assert dialog is not None, "no consent dialog within the time"
            return shown, dialog
        time.sleep(0.2)


def test_a_box_ticked_by_default_dumps_checked_and_a_tap_unticks_it(tmp_path: Path) -> None:
    with running(find_lab_app("dialog-flaws"), tmp_path) as lab:
        ui = lab.ui()
        first, dialog = first_dialog(ui)
        assert dialog.tick is not None
        assert dialog.preticked
        defects = assess_dialog(first, dialog)
        assert defects.no_refuse and defects.no_policy and defects.buttons == ("我知道了",)
        ui.click(*dialog.tick.center)
        again = detect_consent(screen(ui))
        assert again is not None and again.tick is not None and again.tick.ticked is False


def test_an_ad_window_without_close_mark_and_its_landing_page(tmp_path: Path) -> None:
    app = find_lab_app("popup-ads")
    with running(app, tmp_path) as lab:
        ui = lab.ui()
        shown, dialog = first_dialog(ui)
        assert dialog.accept is not None
        assert not assess_dialog(shown, dialog).any()
        ui.click(*dialog.accept.center)
        (popup,) = find_popups(screen(ui), app.package)
        assert popup.resource_id.endswith(":id/popup_ad") and popup.close_mark == ""
        assert popup.body_point is not None
        ui.click(*popup.body_point)
        landing = screen(ui)
        assert Selector(text="新人红包").find(landing) is not None
        assert find_popups(landing, app.package) == []
