"""Where the harness finds its own files and keeps its caches.

The project's data folders (hooks/, lab/, scenarios/) sit beside the package in the
source tree, which is how the harness is installed (`pip install -e .`).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOOKS_DIR = PROJECT_ROOT / "hooks"
LAB_DIR = PROJECT_ROOT / "lab"
SCENARIOS_DIR = PROJECT_ROOT / "scenarios"
DEVICES_FILE = PROJECT_ROOT / "devices.yaml"
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
# The shipped hook catalog and rule pack: here (not only beside their loaders) so a command's
# parser can name them as defaults without importing the loaders' libraries.
DEFAULT_CATALOG = HOOKS_DIR / "catalog.yaml"
DEFAULT_RULE_PACK = PACKAGE_DATA / "rulepack.yaml"


def cache_root() -> Path:
    """Build products (compiled agent, lab classes, proxy CA); `HARNESS_CACHE` overrides."""
    configured = os.environ.get("HARNESS_CACHE")
    root = Path(configured) if configured else Path.home() / ".cache" / "harness"
    root.mkdir(parents=True, exist_ok=True)
    return root


def config_root() -> Path:
    """The lab host's own settings (the bundle signing key); `HARNESS_CONFIG` overrides,
    else `$XDG_CONFIG_HOME/harness` or `~/.config/harness`. Created on first use."""
    configured = os.environ.get("HARNESS_CONFIG")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "harness"
