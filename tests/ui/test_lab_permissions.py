"""The lab runtime's permission API with the real Android signatures, in a probe lab app.

`ActivityCompat.requestPermissions(Activity, String[], int)` goes through
`Activity.requestPermissions(String[], int)`; one dialog per group, pages in order; results
to `onRequestPermissionsResult`; a denial remembered; normal permissions granted silently.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.hostlab import load_lab_app
from harness.testkit.lab import running
from harness.ui.driver import Key
from harness.ui.hierarchy import parse_hierarchy
from harness.ui.permissions import ButtonKind, detect_permission_dialog
from harness.ui.selectors import Selector

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

APP_YAML = """\
package: com.example.permprobe
label: 权限探针
application_class: com.example.permprobe.ProbeApp
profile: {app_type: 实用工具}
"""

PROBE = """\
package com.example.permprobe;

import android.app.Activity;
import androidx.core.app.ActivityCompat;
import harness.lab.LabApplication;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import java.util.Arrays;

public class ProbeApp extends LabApplication {
    private static final String FINE = "android.permission.ACCESS_FINE_LOCATION";
    private final StringBuilder log = new StringBuilder();
    private Activity activity;

    @Override
    public void onCreate() {
        activity = attachActivity(new Activity() {
            @Override
            public void onRequestPermissionsResult(int code, String[] permissions, int[] results) {
                log.append(code).append(Arrays.toString(permissions)).append(Arrays.toString(results))
                        .append(" rationale=")
                        .append(activity.shouldShowRequestPermissionRationale(permissions[0]))
                        .append(';');
                render();
            }
        });
        render();
    }

    private void ask() {
        ActivityCompat.requestPermissions(activity, new String[] {
            "android.permission.ACCESS_FINE_LOCATION", "android.permission.INTERNET",
            "android.permission.READ_CONTACTS", "android.permission.ACCESS_COARSE_LOCATION"}, 7);
    }

    private void render() {
        window().show(Screen.of("probe", "com.example.permprobe", Node.of(Node.FRAME_LAYOUT).add(
                Node.textView(log.toString()).id("p:id/log").bounds(0, 200, 1080, 600),
                Node.textView("fine=" + activity.checkSelfPermission(FINE))
                        .id("p:id/state").bounds(0, 600, 1080, 700),
                Node.button("ask", "p:id/ask", this::ask).bounds(0, 800, 1080, 1000))));
    }
}
"""


@pytest.fixture
def probe_app(tmp_path: Path):
    folder = tmp_path / "permprobe"
    source = folder / "src" / "com" / "example" / "permprobe" / "ProbeApp.java"
    source.parent.mkdir(parents=True)
    source.write_text(PROBE, encoding="utf-8")
    (folder / "app.yaml").write_text(APP_YAML, encoding="utf-8")
    runtime = Path(__file__).resolve().parents[2] / "lab" / "runtime" / "src"
    return load_lab_app(folder, runtime_sources=runtime)


def text_of(xml: str, rid: str) -> str:
    node = Selector(resource_id=rid).find(parse_hierarchy(xml))
    assert node is not None
    return node.text


def test_activitycompat_request_pages_results_and_remembered_denial(
    probe_app, tmp_path: Path
) -> None:
    with running(probe_app, tmp_path) as lab:
        ui = lab.ui()
        assert text_of(ui.dump_hierarchy(), "p:id/state") == "fine=-1"
        ask = Selector(resource_id="p:id/ask")

        def press_ask() -> None:
            node = ask.find(parse_hierarchy(ui.dump_hierarchy()))
            assert node is not None
            ui.click(*node.bounds.center)

        press_ask()
        first = detect_permission_dialog(parse_hierarchy(ui.dump_hierarchy()))
        assert first is not None and first.permission == "android.permission-group.LOCATION"
        assert Selector(resource_id="current_page_text", text="1/2").find(
            parse_hierarchy(ui.dump_hierarchy())
        )
        button = first.button(ButtonKind.ALLOW_FOREGROUND)
        assert button is not None
        ui.click(*button.center)
        second = detect_permission_dialog(parse_hierarchy(ui.dump_hierarchy()))
        assert second is not None and second.permission == "android.permission-group.CONTACTS"
        deny = second.button(ButtonKind.DENY)
        assert deny is not None
        ui.click(*deny.center)
        xml = ui.dump_hierarchy()
        assert detect_permission_dialog(parse_hierarchy(xml)) is None
        # One result per permission, in the app's order; the group grant covers COARSE too.
        assert text_of(xml, "p:id/log") == (
            "7[android.permission.ACCESS_FINE_LOCATION, android.permission.INTERNET, "
            "android.permission.READ_CONTACTS, android.permission.ACCESS_COARSE_LOCATION]"
            "[0, 0, -1, 0] rationale=false;"
        )
        assert text_of(xml, "p:id/state") == "fine=0"

        # Asked again: location is granted and contacts was denied, so no dialog at all.
        press_ask()
        xml = ui.dump_hierarchy()
        assert detect_permission_dialog(parse_hierarchy(xml)) is None
        assert text_of(xml, "p:id/log").count("[0, 0, -1, 0] rationale=false;") == 2


def test_back_on_the_dialog_denies_without_remembering(probe_app, tmp_path: Path) -> None:
    with running(probe_app, tmp_path) as lab:
        ui = lab.ui()
        node = Selector(resource_id="p:id/ask").find(parse_hierarchy(ui.dump_hierarchy()))
        assert node is not None
        ui.click(*node.bounds.center)
        ui.press(Key.BACK)  # location page: cancelled
        ui.press(Key.BACK)  # contacts page: cancelled
        xml = ui.dump_hierarchy()
        assert text_of(xml, "p:id/log").endswith("[-1, 0, -1, -1] rationale=false;")
        ui.click(*node.bounds.center)
        # Not remembered as refusals: the dialogs come back.
        assert detect_permission_dialog(parse_hierarchy(ui.dump_hierarchy())) is not None
