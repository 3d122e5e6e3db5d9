"""A process's state and identity from /proc/PID/stat (Linux), read once where it is needed.

A pid alone does not name a process (pids are reused); the pid with its start time does. A
killed child stays a zombie (state "Z") until its parent reaps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ProcStat:
    state: str  # field 3: "R", "S", "Z", ...
    start_time: str  # field 22: clock ticks after boot

    @property
    def zombie(self) -> bool:
        return self.state == "Z"


def read_stat(pid: int) -> ProcStat | None:
    """None when there is no such process (or it was reaped while being read)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces or ")": split after it.
    fields = text.rsplit(")", 1)[1].split()
    return ProcStat(state=fields[0], start_time=fields[19])
