"""Lab apps run as plain JVM processes (no Frida, no proxy) for UI-level tests."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.hostlab import HostLabUi, LabApp, build_lab_app, jvm_command


class LocalLabApp:
    """An AppUnderTest: the lab app's JVM, its UI over the lab protocol."""

    def __init__(self, app: LabApp, workdir: Path) -> None:
        self.app = app
        self.package = app.package
        self._workdir = workdir
        self._process: subprocess.Popen[bytes] | None = None
        self._ui: HostLabUi | None = None

    def launch(self) -> float:
        classes = build_lab_app(self.app)
        portfile = self._workdir / "ui.port"
        portfile.unlink(missing_ok=True)
        # The proxy points at a port nothing listens on: lab HTTPS fails fast, harmlessly.
        command = jvm_command(
            self.app,
            classes.classpath,
            portfile=portfile,
            identifiers={},
            extra_props={"https.proxyHost": "127.0.0.1", "https.proxyPort": "9"},
        )
        started = time.time()
        with (self._workdir / "stderr.txt").open("ab") as err:
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        process = self._process
        self._ui = HostLabUi.connect(portfile, timeout=60, alive=lambda: process.poll() is None)
        return started

    def ui(self) -> HostLabUi:
        assert self._ui is not None
        return self._ui

    def stop(self) -> float:
        stopped = time.time()
        if self._ui is not None and self._process is not None and self._process.poll() is None:
            self._ui.quit()
        self.close()
        return stopped

    def close(self) -> None:
        if self._ui is not None:
            self._ui.close()
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(timeout=10)


@contextmanager
def running(app: LabApp, workdir: Path) -> Iterator[LocalLabApp]:
    lab = LocalLabApp(app, workdir)
    lab.launch()
    try:
        yield lab
    finally:
        lab.close()
