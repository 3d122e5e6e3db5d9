"""The host lab: lab apps run as JVM programs with Android-named classes (see lab/README.md).

`labapp` reads a lab app's `app.yaml` and builds its JVM command line, `build` compiles the
lab runtime and the app with javac into a content-addressed cache, and `ui_client` drives the
app's UI server as a `harness.ui.driver.UiDriver`.

May import: harness.model, harness.profile, harness.ui, errors, paths, yamlfile; never the
rules, traffic, evidence or the session.
"""

from harness.hostlab.build import BuildResult, build_classes, build_lab_app
from harness.hostlab.labapp import (
    LAUNCHER_CLASS,
    PARENT_PID_PROPERTY,
    ExpectedFinding,
    LabApp,
    find_lab_app,
    java_executable,
    jvm_command,
    load_lab_app,
)
from harness.hostlab.ui_client import ClickResult, HostLabUi, LabConnectionLost, LabUiState

__all__ = [
    "LAUNCHER_CLASS",
    "PARENT_PID_PROPERTY",
    "BuildResult",
    "ClickResult",
    "ExpectedFinding",
    "HostLabUi",
    "LabApp",
    "LabConnectionLost",
    "LabUiState",
    "build_classes",
    "build_lab_app",
    "find_lab_app",
    "java_executable",
    "jvm_command",
    "load_lab_app",
]
