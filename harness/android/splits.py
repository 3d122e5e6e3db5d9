"""Which split APKs of a bundle fit a device: its ABI, screen density and languages.

A bundle (.apks/.xapk/.apkm) carries config splits for every ABI, density and language;
installing all of them wastes space, and Android refuses some combinations (a split for an
ABI the device cannot run fails with INSTALL_FAILED_NO_MATCHING_ABIS on some releases).
`adb install-multiple` with the splits Play would deliver is what a real install looks like:
the base, the feature splits, and for each of the base and the features one ABI split (the
device's most preferred ABI present), one density split (the nearest bucket at or above
the device's density, else the largest) and the splits of the device's languages.

How: a split's name is its manifest's `split` attribute (`config.arm64_v8a`,
`feature.config.xxhdpi`), else the file name as bundletool (`base-arm64_v8a.apk`) or APK
mirrors (`split_config.arm64_v8a.apk`) write it. The device is read once: `getprop
ro.product.cpu.abilist`, `wm density` (an override wins over the physical density), and
`persist.sys.locale` / `ro.product.locale`.

Known gaps: splits by texture format (`config.astc`), device tier or country are kept
(they cannot be judged from adb); a language split is kept when its language is any of the
device's configured languages, not only the first.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from harness.android.shell import DeviceShell

# bundletool's ABI names (Android ABI names with "-" written "_").
ABIS = ("armeabi", "armeabi_v7a", "arm64_v8a", "x86", "x86_64", "mips", "mips64", "riscv64")
DENSITIES = {
    "ldpi": 120,
    "mdpi": 160,
    "tvdpi": 213,
    "hdpi": 240,
    "xhdpi": 320,
    "xxhdpi": 480,
    "xxxhdpi": 640,
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class DeviceSpec:
    abis: tuple[str, ...]  # most preferred first, bundletool spelling ("arm64_v8a")
    density: int  # dpi
    languages: tuple[str, ...]  # ISO 639 codes, lower case

    def describe(self) -> str:
        return f"{'/'.join(self.abis)}, {self.density} dpi, {'/'.join(self.languages) or '?'}"


@dataclass(frozen=True, slots=True)
class SplitChoice:
    keep: tuple[str, ...]  # entry names to install, in the bundle's order
    skipped: tuple[tuple[str, str], ...]  # (entry name, why it does not fit)


def split_name(entry: str, manifest_split: str | None) -> str:
    """The split's name: the manifest's, else what its file name says."""
    if manifest_split:
        return manifest_split
    stem = posixpath.basename(entry).removesuffix(".apk")
    stem = stem.removeprefix("split_")
    if stem.startswith("base-"):
        qualifier = stem[len("base-") :]
        return "" if qualifier == "master" else f"config.{qualifier}"
    return stem


def _config_part(name: str) -> tuple[str, str] | None:
    """(owner, qualifier) of a config split ("" owner for the base), None for a feature."""
    if name.startswith("config."):
        return "", name[len("config.") :]
    owner, sep, qualifier = name.partition(".config.")
    return (owner, qualifier) if sep else None


def choose(entries: dict[str, str], device: DeviceSpec) -> SplitChoice:
    """entries: entry name -> split name, in bundle order."""
    by_owner: dict[str, dict[str, list[tuple[str, str]]]] = {}
    keep: list[str] = []
    skipped: list[tuple[str, str]] = []
    for entry, name in entries.items():
        config = _config_part(name)
        if config is None:
            keep.append(entry)  # a feature split: always
            continue
        owner, qualifier = config
        kind = (
            "abi"
            if qualifier in ABIS
            else "density"
            if qualifier in DENSITIES
            else "language"
            if _LANGUAGE.match(qualifier)
            else "other"
        )
        by_owner.setdefault(owner, {}).setdefault(kind, []).append((entry, qualifier))
    chosen: set[str] = set()
    for kinds in by_owner.values():
        chosen |= {entry for entry, _q in kinds.get("other", [])}
        abi = kinds.get("abi", [])
        for preferred in device.abis:
            match = [entry for entry, q in abi if q == preferred]
            if match:
                chosen.add(match[0])
                break
        density = kinds.get("density", [])
        if density:
            chosen.add(_nearest_density(density, device.density))
        chosen |= {entry for entry, q in kinds.get("language", []) if q in device.languages}
    for entry, name in entries.items():
        config = _config_part(name)
        if config is None:
            continue
        if entry in chosen:
            keep.append(entry)
        else:
            skipped.append((entry, f"{name} does not fit {device.describe()}"))
    order = list(entries)
    return SplitChoice(tuple(sorted(keep, key=order.index)), tuple(skipped))


def _nearest_density(candidates: list[tuple[str, str]], dpi: int) -> str:
    ranked = sorted(candidates, key=lambda c: DENSITIES[c[1]])
    for entry, qualifier in ranked:
        if DENSITIES[qualifier] >= dpi:
            return entry
    return ranked[-1][0]


_WM_DENSITY = re.compile(r"(Physical|Override) density: (\d+)")


def parse_wm_density(text: str) -> int | None:
    found = dict(_WM_DENSITY.findall(text))
    value = found.get("Override") or found.get("Physical")
    return int(value) if value else None


def read_spec(shell: DeviceShell) -> DeviceSpec:
    abilist = shell.run(["getprop", "ro.product.cpu.abilist"]).strip()
    if not abilist:
        abilist = shell.run(["getprop", "ro.product.cpu.abi"]).strip()
    abis = tuple(a.strip().replace("-", "_") for a in abilist.split(",") if a.strip())
    density = parse_wm_density(shell.run(["wm", "density"]))
    if density is None:
        value = shell.run(["getprop", "ro.sf.lcd_density"]).strip()
        density = int(value) if value.isdigit() else DENSITIES["xxhdpi"]
    languages: list[str] = []
    for prop in ("persist.sys.locale", "ro.product.locale"):
        locale = shell.run(["getprop", prop]).strip()
        language = re.split(r"[-_]", locale)[0].lower() if locale else ""
        if language and language not in languages:
            languages.append(language)
    return DeviceSpec(abis, density, tuple(languages))
