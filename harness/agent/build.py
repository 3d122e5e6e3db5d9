"""Compiles the TypeScript agent in hooks/ with Frida's own compiler, cached by content.

frida-java-bridge and the Frida typings come from the npm registry through Frida's package
manager, so no Node.js is needed. Frida 17.26's installer fails on a fresh folder unless each
package already has a `package.json`; a 0.0.0 placeholder is enough and is replaced.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import frida

from harness.errors import InfrastructureError
from harness.paths import HOOKS_DIR, cache_root

ENTRYPOINT = "src/index.ts"


def source_digest(hooks_dir: Path = HOOKS_DIR) -> str:
    """Hash of everything the bundle depends on: sources, manifests and the Frida version."""
    digest = hashlib.sha256(f"frida={frida.__version__}\n".encode())
    inputs = sorted((hooks_dir / "src").rglob("*.ts"))
    inputs += [hooks_dir / name for name in ("package.json", "package-lock.json", "tsconfig.json")]
    for path in inputs:
        if path.exists():
            digest.update(path.relative_to(hooks_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Serialises installs and builds between concurrent harness processes."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _install_dependencies(hooks_dir: Path) -> None:
    manifest = json.loads((hooks_dir / "package.json").read_text(encoding="utf-8"))
    names = list(manifest.get("dependencies", {})) + list(manifest.get("devDependencies", {}))
    missing = [
        n
        for n in names
        if not (hooks_dir / "node_modules" / n / "index.d.ts").exists()
        and not (hooks_dir / "node_modules" / n / "index.js").exists()
    ]
    if not missing:
        return
    for name in missing:
        placeholder = hooks_dir / "node_modules" / name / "package.json"
        if not placeholder.exists():
            placeholder.parent.mkdir(parents=True, exist_ok=True)
            placeholder.write_text(json.dumps({"name": name, "version": "0.0.0"}))
    try:
        frida.PackageManager().install(project_root=str(hooks_dir))
    except frida.InvalidArgumentError as exc:
        raise InfrastructureError(f"installing the agent's npm packages failed: {exc}") from exc


def _compile(hooks_dir: Path) -> str:
    diagnostics: list[str] = []

    def on_diagnostics(items: list[frida.CompilerDiagnostic]) -> None:
        for item in items:
            diagnostics.append(json.dumps(item, ensure_ascii=False))

    compiler = frida.Compiler()
    compiler.on("diagnostics", on_diagnostics)
    try:
        bundle = compiler.build(ENTRYPOINT, project_root=str(hooks_dir), type_check="full")
    except Exception as exc:  # frida raises a variety of its own error types here
        detail = "\n".join(diagnostics)
        raise InfrastructureError(f"compiling the agent failed: {exc}\n{detail}") from exc
    if diagnostics:
        raise InfrastructureError("the agent does not type-check:\n" + "\n".join(diagnostics))
    return bundle


def build_agent(hooks_dir: Path = HOOKS_DIR) -> str:
    """The agent's JavaScript bundle, compiled once per source digest."""
    digest = source_digest(hooks_dir)
    out_dir = cache_root() / "agent"
    bundle_path = out_dir / f"{digest}.js"
    if bundle_path.exists():
        return bundle_path.read_text(encoding="utf-8")
    with _locked(out_dir / ".lock"):
        if bundle_path.exists():
            return bundle_path.read_text(encoding="utf-8")
        _install_dependencies(hooks_dir)
        bundle = _compile(hooks_dir)
        tmp = bundle_path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(bundle, encoding="utf-8")
        tmp.replace(bundle_path)
        return bundle
