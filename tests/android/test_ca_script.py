"""The system-CA shell scripts run for real: mksh and toybox under `unshare -m`, fake zygotes.

No Android device can run here, so the device is built from what Linux shares with it:
Android's shell is mksh and its tools are toybox (Debian's packages of both), mounts and
mount namespaces are the kernel's own. The test makes, in a private mount namespace of its
own (nothing leaks to the host):
- fake stores: a "system" cacerts folder and an APEX cacerts folder (or none, for Android
  13 and older) holding stock certificates;
- fake zygote and zygote64 processes (processes named so, as `pidof` finds them), each in
  its own mount namespace that receives mounts from the "global" one as Android's zygote
  does, each with an "app" child in a namespace of its own;
then runs the harness's install script twice (a second session must not stack another
mount) and its cleanup script, and reads each namespace's view of the store through
`nsenter`; the whole test runs in its own PID namespace as well, so `pidof zygote` finds
its zygotes only. `chcon` (SELinux labels, which this kernel does not enforce) is the one tool
replaced: a stand-in records what it was asked to label.

Skipped, saying why, when not root or when unshare, mksh or toybox is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.android.certs import StorePaths, system_store_cleanup_script, system_store_script

CA = "c8750f0d.0"
STOCK = ("00673b5b.0", "02756ea4.0", "ffa7f1eb.0")
APPLETS = ("cat", "chmod", "chown", "cp", "grep", "head", "ls", "mkdir", "mount", "nsenter",
           "pidof", "ps", "rm", "tail", "umount")  # fmt: skip


def _missing() -> str | None:
    if os.geteuid() != 0:
        return "needs root (mount namespaces); CI runs as root"
    for tool in ("unshare", "nsenter", "mksh", "toybox"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (scripts/setup installs it)"
    probe = subprocess.run(
        ["unshare", "-m", "-p", "-f", "--mount-proc", "true"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return f"unshare -m -p is not permitted here: {probe.stderr.decode().strip()}"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))

DRIVER = r"""
T=$1; APEX=$2
trap 'kill $(pidof zygote zygote64) $(pgrep -x sleep) 2>/dev/null' EXIT
# This namespace plays Android's global one: mounts under $T propagate to the zygotes,
# except under the APEX, whose mounts do not (why Android 14 needs binds per namespace).
mount --bind "$T" "$T" && mount --make-shared "$T" || exit 1
if [ "$APEX" = 1 ]; then
  mount --bind "$T/apex" "$T/apex" && mount --make-private "$T/apex" || exit 1
fi
start_zygote() {
  # A zygote's namespace receives the global mounts (slave); each app gets its own.
  unshare -m --propagation slave "$T/bin/$1" -c \
    'unshare -m --propagation slave sleep 600 & unshare -m --propagation slave sleep 600 & wait' &
}
start_zygote zygote64
start_zygote zygote
n=0
while [ "$(pidof zygote zygote64 | wc -w)" -lt 2 ] || [ "$(pgrep -c -x sleep)" -lt 4 ]; do
  n=$((n + 1)); [ $n -lt 100 ] || { echo "fake zygotes did not start"; exit 1; }
  sleep 0.05
done
view() {  # what each zygote and app namespace sees at $1
  for Z in $(pidof zygote zygote64); do
    for P in $Z $(pgrep -P $Z); do
      echo "ns $(cat /proc/$P/comm) $(nsenter --mount=/proc/$P/ns/mnt -- ls "$1" | tr '\n' ' ')"
      echo "mounts $(grep -c "^harness-ca " /proc/$P/mounts || true)"
    done
  done
  echo "global $(ls "$T/system/cacerts" | tr '\n' ' ')"
  echo "global-mounts $(grep -c "^harness-ca " /proc/self/mounts || true)"
}
STORE=$T/system/cacerts; [ "$APEX" = 1 ] && STORE=$T/apex/cacerts
run() { env -i PATH="$T/toybox:$PATH" mksh "$@"; }
echo "== install"; run "$T/install.sh"; echo "rc $?"
echo "== again"; run "$T/install.sh"; echo "rc $?"
view "$STORE"
echo "== cleanup"; run "$T/cleanup.sh"; echo "rc $?"
view "$STORE"
echo "staging $(ls "$T/staging" 2>/dev/null | wc -l)"
"""


def _lab(tmp: Path, apex: bool) -> StorePaths:
    (tmp / "system" / "cacerts").mkdir(parents=True)
    for name in STOCK[:2]:  # the old system store
        (tmp / "system" / "cacerts" / name).write_text(f"system {name}\n")
    if apex:
        (tmp / "apex" / "cacerts").mkdir(parents=True)
        for name in STOCK:  # the APEX's (newer, one more)
            (tmp / "apex" / "cacerts" / name).write_text(f"apex {name}\n")
    (tmp / "staging").mkdir()
    (tmp / "staging" / CA).write_text("-----BEGIN CERTIFICATE-----\n")
    toybox = tmp / "toybox"
    toybox.mkdir()
    for applet in APPLETS:
        (toybox / applet).symlink_to(shutil.which("toybox") or "toybox")
    chcon = toybox / "chcon"
    chcon.write_text(f'#!/bin/sh\necho "$@" >> {tmp}/chcon.log\n')
    chcon.chmod(0o755)
    (tmp / "bin").mkdir()
    for zygote in ("zygote", "zygote64"):  # a shell under zygote's name: pidof finds it
        shutil.copy(shutil.which("mksh") or "mksh", tmp / "bin" / zygote)
    return StorePaths(
        system=str(tmp / "system" / "cacerts"),
        apex=str(tmp / "apex" / "cacerts"),
        staging=str(tmp / "staging"),
    )


def _run(tmp: Path, apex: bool) -> list[str]:
    paths = _lab(tmp, apex)
    (tmp / "install.sh").write_text(system_store_script(CA, paths))
    (tmp / "cleanup.sh").write_text(system_store_cleanup_script(paths))
    (tmp / "driver.sh").write_text(DRIVER)
    done = subprocess.run(
        # Its own PID namespace too: `pidof zygote` finds this test's zygotes only.
        ["unshare", "-m", "-p", "-f", "--mount-proc", "--propagation", "private",
         "sh", str(tmp / "driver.sh"), str(tmp), "1" if apex else "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def _section(lines: list[str], start: str, end: str | None) -> list[str]:
    first = lines.index(start)
    last = lines.index(end) if end else len(lines)
    return lines[first + 1 : last]


def test_android_14_apex_store_in_every_zygote_and_app_namespace(tmp_path: Path) -> None:
    lines = _run(tmp_path, apex=True)
    apex = f"{tmp_path}/apex/cacerts/{CA}"
    assert _section(lines, "== install", "== again") == [apex, "rc 0"]
    installed = _section(lines, "== again", "== cleanup")
    assert installed[:2] == [apex, "rc 0"]  # the second session reuses the mount
    seen = [line for line in installed if line.startswith("ns ")]
    assert len(seen) == 6  # two zygotes, two apps each
    every = " ".join(sorted((*STOCK, CA))) + " "
    assert all(line.split(" ", 2)[2] == every for line in seen), seen
    # One bind per namespace (the global tmpfs shows there too, by propagation): not stacked.
    assert {line for line in installed if line.startswith("mounts ")} == {"mounts 2"}
    assert "global-mounts 2" in installed  # the tmpfs and the APEX bind, once each
    labelled = (tmp_path / "chcon.log").read_text().splitlines()
    assert len(labelled) == 2 and labelled[0].startswith("u:object_r:system_file:s0 ")

    cleaned = _section(lines, "== cleanup", None)
    assert cleaned[0] == "rc 0"
    stock = " ".join(STOCK) + " "
    assert all(line.split(" ", 2)[2] == stock for line in cleaned if line.startswith("ns ")), (
        cleaned
    )
    assert {line for line in cleaned if "mounts" in line} == {"mounts 0", "global-mounts 0"}
    assert f"global {' '.join(STOCK[:2])} " in cleaned
    assert "staging 0" in cleaned


def test_android_13_system_store_without_apex(tmp_path: Path) -> None:
    lines = _run(tmp_path, apex=False)
    system = f"{tmp_path}/system/cacerts/{CA}"
    assert _section(lines, "== install", "== again") == [system, "rc 0"]
    installed = _section(lines, "== again", "== cleanup")
    # Apps see the tmpfs through propagation from the global namespace, no bind needed.
    every = " ".join(sorted((*STOCK[:2], CA))) + " "
    assert all(line.split(" ", 2)[2] == every for line in installed if line.startswith("ns ")), (
        installed
    )
    assert "global-mounts 1" in installed
    cleaned = _section(lines, "== cleanup", None)
    assert cleaned[0] == "rc 0" and "global-mounts 0" in cleaned
    assert f"global {' '.join(STOCK[:2])} " in cleaned
