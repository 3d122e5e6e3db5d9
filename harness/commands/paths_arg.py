"""Paths a command is given and checks before any process starts: the evidence folder
(`--out`) and a scenario named by file or by standard name (`--scenario`).

Checked up front so a typo is an input error naming the path (exit 2) instead of a
failure half-way through a session, after the app and the proxy started.
"""

from __future__ import annotations

import os
from pathlib import Path

from harness.errors import InputError
from harness.paths import SCENARIOS_DIR


def evidence_folder(out: Path) -> Path:
    """`out`, made if missing; an input error when it cannot hold bundles."""
    if out.exists() and not out.is_dir():
        raise InputError(out, "--out: an evidence folder expected, got a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out, f"--out: cannot make the evidence folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(out, "--out: the evidence folder is not writable")
    return out


def scenario_file(ref: str | Path, scenarios_dir: Path = SCENARIOS_DIR) -> Path:
    """A scenario file: `ref` itself when it names a file (a path, or a .yaml name), else
    the standard scenario of that name (`first-launch-refuse`), as suite files name them."""
    text = str(ref)
    if "/" in text or text.endswith((".yaml", ".yml")) or Path(text).is_file():
        return Path(text)
    standard = scenarios_dir / f"{text}.yaml"
    if standard.is_file():
        return standard
    names = sorted(p.stem for p in scenarios_dir.glob("*.yaml"))
    raise InputError(
        None,
        f"--scenario {text!r}: no such file and no standard scenario of that name "
        f"(standard: {', '.join(names) or 'none'})",
    )
