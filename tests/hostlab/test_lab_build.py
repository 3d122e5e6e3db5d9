"""Compiling lab apps with javac into the content-addressed cache."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from harness.errors import InfrastructureError, InputError
from harness.hostlab import BuildResult, build_classes, build_lab_app, find_lab_app
from harness.hostlab.build import collect_sources, source_digest

needs_javac = pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH")
RUNTIME = find_lab_app("calibration").runtime_sources


def class_files(result: BuildResult) -> dict[str, int]:
    """Every class file of a build with its modification time in ns."""
    return {
        p.relative_to(result.classpath).as_posix(): p.stat().st_mtime_ns
        for p in result.classpath.rglob("*.class")
    }


def write_app(folder: Path, body: str) -> Path:
    source = folder / "com" / "example" / "Probe.java"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(body, encoding="utf-8")
    return folder


def test_digest_is_stable_and_follows_the_content(tmp_path: Path) -> None:
    src = write_app(tmp_path / "src", "package com.example; class Probe {}\n")
    first = source_digest(collect_sources([RUNTIME, src]))
    assert first == source_digest(collect_sources([RUNTIME, src]))
    write_app(src, "package com.example; class Probe { int x; }\n")
    assert source_digest(collect_sources([RUNTIME, src])) != first


def test_empty_source_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no Java sources"):
        build_classes([tmp_path], cache_root=tmp_path / "cache")


def test_missing_javac_is_a_clear_infrastructure_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(InfrastructureError, match="javac not found on PATH"):
        build_lab_app(find_lab_app("calibration"), cache_root=tmp_path)
    assert not (tmp_path / "lab").exists()


@pytest.mark.hostlab
@needs_javac
def test_build_then_reuse_from_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARNESS_CACHE", str(tmp_path / "cache"))
    app = find_lab_app("calibration")
    first = build_lab_app(app)
    assert first.compiled
    assert first.classpath == tmp_path / "cache" / "lab" / first.digest
    classes = class_files(first)
    for name in (
        "com/harnesslab/calibration/CalibrationApp.class",
        "com/harnesslab/calibration/DeviceInfo.class",
        "com/umeng/analytics/MobclickAgent.class",
        "android/telephony/TelephonyManager.class",
        "android/provider/Settings$Secure.class",
        "harness/lab/LabLauncher.class",
    ):
        assert name in classes
    # Only the finished build is left: no staging folder, no argument file.
    assert [p.name for p in (tmp_path / "cache" / "lab").iterdir()] == [first.digest]

    second = build_lab_app(app)
    assert second == BuildResult(classpath=first.classpath, digest=first.digest, compiled=False)
    assert class_files(second) == classes  # not one file rewritten


@pytest.mark.hostlab
@needs_javac
def test_javac_failure_reports_javac_output(tmp_path: Path) -> None:
    src = write_app(tmp_path / "src", "package com.example;\nclass Probe { int x = ; }\n")
    with pytest.raises(InfrastructureError) as caught:
        build_classes([RUNTIME, src], cache_root=tmp_path / "cache")
    message = str(caught.value)
    assert "javac failed" in message
    assert "Probe.java:2: error" in message
    assert list((tmp_path / "cache" / "lab").iterdir()) == []


@pytest.mark.hostlab
@needs_javac
def test_concurrent_builders_agree(tmp_path: Path) -> None:
    src = write_app(tmp_path / "src", "package com.example; public class Probe {}\n")
    results: list[BuildResult] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            results.append(build_classes([RUNTIME, src], cache_root=tmp_path / "cache"))
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({r.classpath for r in results}) == 1
    assert (results[0].classpath / "com" / "example" / "Probe.class").is_file()
    assert [p.name for p in (tmp_path / "cache" / "lab").iterdir()] == [results[0].digest]
