"""The SDK database: which third-party SDK a Java class or a network host belongs to.

Loaded from the versioned data files under harness/data/ (`sdk-*.json`, built by
tools/build_sdkdb.py from Exodus/ETIP (ODbL-1.0) and AppScan (Apache-2.0), plus the
harness's own curated `sdk-curated.json`). Each file carries its licence and attribution.

Lookups are by index, never by looping over every signature: a class name is cut at its
dots and the longest known package prefix wins (a dict probe per segment); a host is cut at
its dots and each suffix is probed. Signatures that are not plain prefixes (Exodus has a
few unanchored fragments such as `.LigatusManager`) are folded into one compiled regex
that is only consulted when the prefix index finds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.sdk._index import FragmentIndex, HostIndex, PrefixIndex

SCHEMA = 1

# Load order is precedence: when two sources claim the very same prefix or domain, the
# earlier one wins. Exodus is vetted; AppScan names Chinese SDKs precisely; our curated
# file fills gaps; ETIP candidates are unvetted, so they come last.
DATA_FILES: tuple[str, ...] = (
    "sdk-exodus.json",
    "sdk-appscan.json",
    "sdk-curated.json",
    "sdk-etip.json",
)


@dataclass(frozen=True, slots=True)
class Sdk:
    """One SDK or tracker.

    code_prefixes: Java package/class prefixes, dotted, without trailing dot; a leading dot
    marks an unanchored fragment (matches anywhere in the class name, segment-aligned).
    network_patterns: domain suffixes (`adjust.com` matches `adjust.com` and
    `app.adjust.com`), or `re:<regex>` for the few patterns that are not plain domains.
    """

    id: str  # "exodus:52", "etip:<uuid8>", "appscan:<name>", "curated:<slug>"
    name: str
    categories: tuple[str, ...]
    source: str  # "exodus" | "etip" | "appscan" | "curated"
    code_prefixes: tuple[str, ...]
    network_patterns: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str) -> Sdk:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            categories=tuple(str(c) for c in data.get("categories", ())),
            source=source,
            code_prefixes=tuple(str(p) for p in data.get("code_prefixes", ())),
            network_patterns=tuple(str(p) for p in data.get("network_patterns", ())),
        )


@dataclass(frozen=True, slots=True)
class SdkSource:
    """Provenance of one loaded data file, for reports and NOTICE checks."""

    file: str
    source: str
    license: str
    attribution: str
    count: int


class SdkDatabase:
    """Immutable after construction; build one per process and pass it along."""

    def __init__(self, sdks: Sequence[Sdk], sources: Sequence[SdkSource] = ()) -> None:
        self._sdks = tuple(sdks)
        self._sources = tuple(sources)
        self._by_id = {s.id: s for s in self._sdks}
        self._prefixes: PrefixIndex[Sdk] = PrefixIndex()
        self._fragments: FragmentIndex[Sdk] = FragmentIndex()
        self._hosts: HostIndex[Sdk] = HostIndex()
        for sdk in self._sdks:
            for prefix in sdk.code_prefixes:
                if prefix.startswith("."):
                    self._fragments.add(prefix, sdk)
                else:
                    self._prefixes.add(prefix, sdk)
            for pattern in sdk.network_patterns:
                if pattern.startswith("re:"):
                    self._hosts.add_regex(pattern[3:], sdk)
                else:
                    self._hosts.add_suffix(pattern, sdk)
        self._fragments.freeze()

    @classmethod
    def load(cls, files: Iterable[Path] | None = None) -> SdkDatabase:
        """The shipped database, or the given data files (same format), in precedence order."""
        sdks: list[Sdk] = []
        sources: list[SdkSource] = []
        if files is None:
            base = resources.files("harness") / "data"
            texts = [(name, (base / name).read_text(encoding="utf-8")) for name in DATA_FILES]
        else:
            texts = []
            for path in files:
                try:
                    texts.append((str(path), Path(path).read_text(encoding="utf-8")))
                except OSError as exc:
                    raise InputError(path, f"cannot read SDK data file: {exc}") from None
        for name, text in texts:
            loaded, source = _parse_file(name, text)
            sdks.extend(loaded)
            sources.append(source)
        return cls(sdks, sources)

    @property
    def sdks(self) -> tuple[Sdk, ...]:
        return self._sdks

    @property
    def sources(self) -> tuple[SdkSource, ...]:
        return self._sources

    def __len__(self) -> int:
        return len(self._sdks)

    def get(self, sdk_id: str) -> Sdk | None:
        return self._by_id.get(sdk_id)

    def match_class(self, class_name: str) -> Sdk | None:
        """The SDK whose longest code prefix covers `class_name` (dotted or JVM `La/b/C;`)."""
        name = _normalise_class(class_name)
        if not name:
            return None
        hit = self._prefixes.longest(name)
        if hit is not None:
            return hit
        return self._fragments.search(name)

    def match_host(self, host: str) -> tuple[Sdk, ...]:
        """Every SDK whose network pattern covers `host`, most specific suffix first."""
        host = host.strip().lower().rstrip(".")
        if host.startswith("[") or not host:
            return ()
        # A host:port (but not a bare IPv6 address) loses its port.
        if host.count(":") == 1:
            host = host.split(":", 1)[0]
        return self._hosts.match(host)


def _normalise_class(class_name: str) -> str:
    name = class_name.strip()
    if name.startswith("L") and name.endswith(";"):
        name = name[1:-1]
    return name.replace("/", ".")


def _parse_file(name: str, text: str) -> tuple[list[Sdk], SdkSource]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"SDK data is not JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise InputError(name, f"SDK data file with schema {SCHEMA} expected")
    source = str(document.get("source", ""))
    try:
        sdks = [Sdk.from_json(entry, source) for entry in document["sdks"]]
    except (KeyError, TypeError) as exc:
        raise InputError(name, f"malformed SDK entry: {exc}") from None
    return sdks, SdkSource(
        file=Path(name).name,
        source=source,
        license=str(document.get("license", "")),
        attribution=str(document.get("attribution", "")),
        count=len(sdks),
    )
