"""Errors the CLI turns into exit statuses.

`InputError` is for anything a person gave us that we cannot use (a file, a flag, a bundle):
it names the file, the line when there is one, and what was expected, and the CLI exits 2.
`InfrastructureError` is for the machinery failing (a process that would not start, a
proxy that would not listen): retrying elsewhere may help, the input is not to blame.
"""

from __future__ import annotations

from pathlib import Path


class HarnessError(Exception):
    """Base of the harness's own errors."""


class InputError(HarnessError):
    """Bad input from the user: exit status 2."""

    def __init__(self, path: Path | str | None, expected: str, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.expected = expected
        super().__init__(self.describe())

    def describe(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.expected}"


class InfrastructureError(HarnessError):
    """The lab's machinery failed (device, Frida, proxy, JVM): not the app's fault."""


class AppFault(HarnessError):
    """The app under test misbehaved (crashed, failed to install): a result, not a retry."""
