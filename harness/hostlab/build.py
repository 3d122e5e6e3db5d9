"""Compiles a lab app (the lab runtime and the app's sources) with javac, once per content.

The classes go to `<cache>/lab/<sha256 of the sources>/`, where the cache is `$HARNESS_CACHE`
or `~/.cache/harness`. javac writes into a staging folder beside it that is renamed into place
when complete, so a folder under its final name is always a whole build, and two builders
racing on the same sources both end up with the one that won the rename.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness import paths
from harness.errors import InfrastructureError, InputError
from harness.hostlab.labapp import LabApp

JAVA_RELEASE = "17"
_JAVAC_TIMEOUT_S = 300


@dataclass(frozen=True, slots=True)
class BuildResult:
    classpath: Path  # one folder of .class files
    digest: str  # sha256 of the sources (and the javac release)
    compiled: bool  # False when the classes came from the cache


def find_javac() -> str:
    found = shutil.which("javac")
    if found is None:
        raise InfrastructureError(
            "javac not found on PATH: the host lab compiles lab apps with a JDK 17 "
            "(e.g. apt-get install openjdk-17-jdk-headless)"
        )
    return found


def collect_sources(source_dirs: Sequence[Path]) -> list[tuple[int, str, Path]]:
    """Every .java file as (index of its source folder, relative path, path), in stable order."""
    found: list[tuple[int, str, Path]] = []
    for index, root in enumerate(source_dirs):
        files = sorted(p for p in root.rglob("*.java") if p.is_file())
        if not files:
            raise InputError(root, "no Java sources (*.java) in this folder")
        found.extend((index, p.relative_to(root).as_posix(), p) for p in files)
    return found


def source_digest(sources: Sequence[tuple[int, str, Path]]) -> str:
    digest = hashlib.sha256(f"javac --release {JAVA_RELEASE}\n".encode())
    for index, relative, path in sources:
        data = path.read_bytes()
        digest.update(f"{index}\0{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def build_classes(
    source_dirs: Sequence[Path], *, cache_root: Path | None = None, javac: str | None = None
) -> BuildResult:
    """Compile the sources of all folders together, or reuse the cached classes."""
    sources = collect_sources(source_dirs)
    digest = source_digest(sources)
    lab_cache = (cache_root or paths.cache_root()) / "lab"
    final = lab_cache / digest
    if final.is_dir():
        return BuildResult(classpath=final, digest=digest, compiled=False)
    javac_path = javac or find_javac()
    try:
        lab_cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{digest[:16]}.", suffix=".tmp", dir=lab_cache))
    except OSError as exc:
        raise InfrastructureError(f"cannot write the lab build cache {lab_cache}: {exc}") from exc
    try:
        _run_javac(javac_path, [path for _i, _r, path in sources], staging)
        _publish(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(classpath=final, digest=digest, compiled=True)


def build_lab_app(
    app: LabApp, *, cache_root: Path | None = None, javac: str | None = None
) -> BuildResult:
    return build_classes(app.source_dirs, cache_root=cache_root, javac=javac)


def _publish(staging: Path, final: Path) -> None:
    try:
        os.rename(staging, final)
    except OSError as exc:
        # Another builder renamed the same classes into place first: use theirs.
        if not final.is_dir():
            raise InfrastructureError(f"cannot move the lab build into {final}: {exc}") from exc


def _run_javac(javac: str, files: Sequence[Path], out_dir: Path) -> None:
    # An argument file keeps the command line short however many sources there are; it sits
    # beside the staging folder, not in it, so the cache holds only classes.
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", prefix=f"{out_dir.name}.", suffix=".args", dir=out_dir.parent
    ) as argfile:
        for path in files:
            quoted = str(path.resolve()).replace("\\", "\\\\").replace('"', '\\"')
            argfile.write(f'"{quoted}"\n')
        argfile.flush()
        command = [javac, "--release", JAVA_RELEASE, "-encoding", "UTF-8", "-d", str(out_dir)]
        try:
            done = subprocess.run(
                [*command, f"@{argfile.name}"],
                capture_output=True,
                text=True,
                timeout=_JAVAC_TIMEOUT_S,
                check=False,
            )
        except OSError as exc:
            raise InfrastructureError(f"cannot run javac ({javac}): {exc}") from exc
        except subprocess.TimeoutExpired:
            raise InfrastructureError(f"javac took over {_JAVAC_TIMEOUT_S} s") from None
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise InfrastructureError(f"javac failed (exit {done.returncode}):\n{output}")
