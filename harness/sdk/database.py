"""The SDK database: which third-party SDK a Java class or a network host belongs to.

Loaded from the versioned data files under harness/data/:
- `sdk-canonical.json` (the harness's own): the SDKs a lab must get right, each with ONE id,
  name (English, as findings show it; `local_name` the vendor's own), vendor and category,
  all its package roots (core and sub-packages, repackaged copies) and hosts, the source of
  each fact, which reference entries it `merges`, plus `aliases` (reference entries that
  are another entry under a second name) and `excluded` (reference entries left out, each
  with the reason);
- `sdk-exodus.json`, `sdk-appscan.json`, `sdk-etip.json` (built by tools/build_sdkdb.py from
  the Exodus/ETIP (ODbL-1.0) and AppScan (Apache-2.0) reference lists) and `sdk-curated.json`
  (hand-kept gaps). Each file carries its licence and attribution.

Precedence: a canonical package root owns its whole subtree and a canonical host pattern
owns its subdomains, so a reference entry's fact under either is dropped (a reference list
that names `com.igexin.sdk` "个推" cannot outvote the canonical `com.igexin` root). What a
reference entry has left is kept: under its own id, or, when a canonical entry or an alias
merges it, added to that SDK with the entry's id as the fact's source. So every id a
reference list knows still resolves (`resolve`), to one SDK.

Lookups are by index, never by looping over every signature: a class name is cut at its
dots and the longest known package prefix wins (a dict probe per segment), so a sub-package
of an SDK is that SDK and an SDK nested under another's prefix is itself; a host is cut at
its dots and the most specific matching suffix wins. Signatures that are not plain prefixes
(Exodus has a few unanchored fragments such as `.LigatusManager`) are folded into one
compiled regex that is only consulted when the prefix index finds nothing.

Known gaps: package matching cannot see SDKs that an app's obfuscator renamed into its own
namespace (they count as the app's code, and are reported as such by nobody); the
unattributed-collector summary in scoring.json shows the renamed-elsewhere ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.sdk._index import FragmentIndex, HostIndex, PrefixIndex

SCHEMA = 1

CANONICAL_FILE = "sdk-canonical.json"
# Load order of the reference files is precedence among them: when two claim the very same
# prefix or domain, the earlier one wins. Exodus is vetted; AppScan names Chinese SDKs
# precisely; our curated file fills gaps; ETIP candidates are unvetted, so they come last.
REFERENCE_FILES: tuple[str, ...] = (
    "sdk-exodus.json",
    "sdk-appscan.json",
    "sdk-curated.json",
    "sdk-etip.json",
)
DATA_FILES: tuple[str, ...] = (CANONICAL_FILE, *REFERENCE_FILES)

# The category words of the canonical file (reference entries keep their own words).
CATEGORIES = frozenset(
    {
        "push",
        "analytics",
        "crash",
        "ads",
        "maps/location",
        "payments",
        "login",
        "share",
        "oaid",
        "attribution",
        "security",
        "im",
    }
)


@dataclass(frozen=True, slots=True)
class SdkFact:
    """One package root or host pattern of an SDK, and where it comes from."""

    kind: str  # "package" | "host"
    value: str
    # A reference entry's id ("exodus:119", "appscan:个推"), or for a canonical fact the
    # note its data file gives (what was seen where), else "curated".
    source: str


@dataclass(frozen=True, slots=True)
class Sdk:
    """One SDK or tracker.

    code_prefixes: Java package/class prefixes, dotted, without trailing dot; a leading dot
    marks an unanchored fragment (matches anywhere in the class name, segment-aligned).
    network_patterns: domain suffixes (`adjust.com` matches `adjust.com` and
    `app.adjust.com`), or `re:<regex>` for the few patterns that are not plain domains.
    """

    id: str  # "canonical:<slug>", "exodus:52", "etip:<uuid8>", "appscan:<name>", "curated:<slug>"
    name: str
    categories: tuple[str, ...]
    source: str  # "canonical" | "exodus" | "etip" | "appscan" | "curated"
    code_prefixes: tuple[str, ...]
    network_patterns: tuple[str, ...]
    vendor: str = ""
    local_name: str = ""  # the name in the vendor's own language (个推, 友盟统计), if another
    # Reference entries folded into this one (their ids resolve to it).
    merged: tuple[str, ...] = ()
    facts: tuple[SdkFact, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str) -> Sdk:
        codes = tuple(str(p) for p in data.get("code_prefixes", ()))
        hosts = tuple(str(p) for p in data.get("network_patterns", ()))
        notes = data.get("sources") or {}
        default = "curated" if source in ("canonical", "curated") else str(data["id"])
        facts = tuple(SdkFact("package", p, str(notes.get(p, default))) for p in codes) + tuple(
            SdkFact("host", h, str(notes.get(h, default))) for h in hosts
        )
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            categories=tuple(str(c) for c in data.get("categories", ())),
            source=source,
            code_prefixes=codes,
            network_patterns=hosts,
            vendor=str(data.get("vendor", "")),
            local_name=str(data.get("local_name", "")),
            merged=tuple(str(m) for m in data.get("merges", ())),
            facts=facts,
        )

    @property
    def category(self) -> str | None:
        """The main category (the first one), if any."""
        return self.categories[0] if self.categories else None


@dataclass(frozen=True, slots=True)
class SdkSource:
    """Provenance of one loaded data file, for reports and NOTICE checks."""

    file: str
    source: str
    license: str
    attribution: str
    count: int


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A reference entry deliberately left out of the database, and why."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Curation:
    """The canonical file's decisions about the reference entries."""

    aliases: Mapping[str, str]  # reference id -> the id it is folded into
    excluded: tuple[Exclusion, ...]


class SdkDatabase:
    """Immutable after construction; build one per process and pass it along."""

    def __init__(
        self,
        sdks: Sequence[Sdk],
        sources: Sequence[SdkSource] = (),
        aliases: Mapping[str, str] | None = None,
        excluded: Sequence[Exclusion] = (),
        names: Mapping[str, str] | None = None,
    ) -> None:
        self._sdks = tuple(sdks)
        self._sources = tuple(sources)
        self._by_id = {s.id: s for s in self._sdks}
        self._aliases = dict(aliases or {})
        self._excluded = tuple(excluded)
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
        # Every name an SDK goes by (casefolded) -> its id: its name and local name, and the
        # names the reference lists gave the entries folded into it (`names`).
        self._names: dict[str, str] = {}
        for sdk in self._sdks:
            for name in (sdk.name, sdk.local_name):
                if name:
                    self._names.setdefault(name.casefold(), sdk.id)
        for name, sdk_id in (names or {}).items():
            self._names.setdefault(name.casefold(), sdk_id)

    @classmethod
    def load(cls, files: Iterable[Path] | None = None) -> SdkDatabase:
        """The shipped database, or the given data files (same format), in precedence order.

        A file whose `source` is "canonical" is the curation layer wherever it is listed."""
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
        canonical: list[Sdk] = []
        reference: list[Sdk] = []
        sources: list[SdkSource] = []
        curation = Curation({}, ())
        for name, text in texts:
            document = _parse_document(name, text)
            loaded, source = _parse_sdks(name, document)
            sources.append(source)
            if source.source == "canonical":
                canonical.extend(loaded)
                curation = _parse_curation(name, document, loaded)
            else:
                reference.extend(loaded)
        sdks, aliases = assemble(canonical, reference, curation)
        names = {
            name: _final(sdk.id, aliases)
            for sdk in reference
            for name in (sdk.name, sdk.local_name)
            if name
        }
        return cls(sdks, sources, aliases, curation.excluded, names)

    @property
    def sdks(self) -> tuple[Sdk, ...]:
        return self._sdks

    @property
    def sources(self) -> tuple[SdkSource, ...]:
        return self._sources

    @property
    def excluded(self) -> tuple[Exclusion, ...]:
        return self._excluded

    def __len__(self) -> int:
        return len(self._sdks)

    def get(self, sdk_id: str) -> Sdk | None:
        return self._by_id.get(sdk_id)

    def resolve(self, sdk_id: str) -> Sdk | None:
        """The SDK an id stands for now: itself, or the SDK it was merged into."""
        seen: set[str] = set()
        while sdk_id in self._aliases and sdk_id not in seen:
            seen.add(sdk_id)
            sdk_id = self._aliases[sdk_id]
        return self._by_id.get(sdk_id)

    def named(self) -> Iterator[tuple[str, Sdk]]:
        """Every name an SDK goes by (casefolded) with the SDK: its name, its local name and
        the names reference lists gave the entries folded into it."""
        for name, sdk_id in self._names.items():
            sdk = self._by_id.get(sdk_id)
            if sdk is not None:
                yield name, sdk

    def same_sdk(self, a: str, b: str) -> bool:
        """Whether two collector names name one SDK: its name, its local name (个推 and
        Getui Push), or a name a reference list gave an entry folded into it."""
        if a == b:
            return True
        first = self._names.get(a.casefold())
        return first is not None and first == self._names.get(b.casefold())

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
        """The SDKs whose network pattern covers `host` most specifically (several when they
        share that pattern, e.g. one vendor's SDKs on its bare domain)."""
        host = host.strip().lower().rstrip(".")
        if host.startswith("[") or not host:
            return ()
        # A host:port (but not a bare IPv6 address) loses its port.
        if host.count(":") == 1:
            host = host.split(":", 1)[0]
        return self._hosts.match(host)


def assemble(
    canonical: Sequence[Sdk], reference: Sequence[Sdk], curation: Curation
) -> tuple[list[Sdk], dict[str, str]]:
    """The SDKs in precedence order, and every folded id -> the id it now resolves to."""
    aliases: dict[str, str] = {}
    for sdk in canonical:
        for merged in sdk.merged:
            aliases[merged] = sdk.id
    aliases.update(curation.aliases)
    known = {s.id for s in [*canonical, *reference]}
    strays = sorted(
        [i for i in aliases if i not in known]
        + [t for t in aliases.values() if t not in known]
        + [e.id for e in curation.excluded if e.id not in known]
    )
    if strays and reference:
        # A typo would silently merge or exclude nothing: name it.
        raise InputError(
            CANONICAL_FILE, f"merges, aliases or exclusions name unknown ids: {strays}"
        )
    owned_prefixes: PrefixIndex[str] = PrefixIndex()
    owned_hosts: HostIndex[str] = HostIndex()
    for sdk in canonical:
        for prefix in sdk.code_prefixes:
            if not prefix.startswith("."):
                owned_prefixes.add(prefix, sdk.id)
        for pattern in sdk.network_patterns:
            if not pattern.startswith("re:"):
                owned_hosts.add_suffix(pattern, sdk.id)
    excluded = {e.id for e in curation.excluded}
    residual: dict[str, list[SdkFact]] = {}
    kept: list[Sdk] = []
    for sdk in reference:
        if sdk.id in excluded:
            continue
        facts = [
            fact
            for fact in sdk.facts
            if not (
                fact.kind == "package"
                and not fact.value.startswith(".")
                and owned_prefixes.longest(fact.value) is not None
            )
            and not (
                fact.kind == "host"
                and not fact.value.startswith("re:")
                and owned_hosts.match(fact.value)
            )
        ]
        if sdk.id in aliases:
            residual.setdefault(sdk.id, []).extend(facts)
        elif facts:
            kept.append(_with_facts(sdk, facts))
    # Fold merged entries' remaining facts into their targets (an alias may point at a
    # reference entry that is itself kept, or at a canonical one).
    by_id: dict[str, Sdk] = {s.id: s for s in [*canonical, *kept]}
    order = [s.id for s in [*canonical, *kept]]
    for merged_id, facts in residual.items():
        target = _final(merged_id, aliases)
        if target not in by_id:
            if target == merged_id or not facts:
                continue
            raise InputError(
                CANONICAL_FILE, f"{merged_id} is merged into {target}, which nothing kept"
            )
        base = by_id[target]
        by_id[target] = _with_facts(base, [*base.facts, *facts], merged=(*base.merged, merged_id))
    return [by_id[i] for i in order], aliases


def _final(sdk_id: str, aliases: Mapping[str, str]) -> str:
    seen: set[str] = set()
    while sdk_id in aliases and sdk_id not in seen:
        seen.add(sdk_id)
        sdk_id = aliases[sdk_id]
    return sdk_id


def _with_facts(sdk: Sdk, facts: Sequence[SdkFact], merged: tuple[str, ...] | None = None) -> Sdk:
    codes = tuple(dict.fromkeys(f.value for f in facts if f.kind == "package"))
    hosts = tuple(dict.fromkeys(f.value for f in facts if f.kind == "host"))
    return replace(
        sdk,
        code_prefixes=codes,
        network_patterns=hosts,
        facts=tuple(facts),
        merged=sdk.merged if merged is None else tuple(dict.fromkeys(merged)),
    )


def _normalise_class(class_name: str) -> str:
    name = class_name.strip()
    if name.startswith("L") and name.endswith(";"):
        name = name[1:-1]
    return name.replace("/", ".")


def _parse_document(name: str, text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"SDK data is not JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise InputError(name, f"SDK data file with schema {SCHEMA} expected")
    return document


def _parse_sdks(name: str, document: dict[str, Any]) -> tuple[list[Sdk], SdkSource]:
    source = str(document.get("source", ""))
    try:
        sdks = [Sdk.from_json(entry, source) for entry in document["sdks"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(name, f"malformed SDK entry: {exc!r}") from None
    if source == "canonical":
        for sdk in sdks:
            bad = [c for c in sdk.categories if c not in CATEGORIES]
            if not sdk.vendor or not sdk.categories or bad:
                raise InputError(
                    name,
                    f"{sdk.id}: a vendor and categories from {sorted(CATEGORIES)} expected"
                    + (f", not {bad}" if bad else ""),
                )
    return sdks, SdkSource(
        file=Path(name).name,
        source=source,
        license=str(document.get("license", "")),
        attribution=str(document.get("attribution", "")),
        count=len(sdks),
    )


def _parse_curation(name: str, document: dict[str, Any], canonical: list[Sdk]) -> Curation:
    try:
        aliases = {str(a["id"]): str(a["into"]) for a in document.get("aliases", ())}
        excluded = tuple(
            Exclusion(str(e["id"]), str(e["reason"])) for e in document.get("excluded", ())
        )
    except (KeyError, TypeError) as exc:
        raise InputError(name, f"malformed alias or exclusion: {exc!r}") from None
    ids = [s.id for s in canonical]
    if len(ids) != len(set(ids)):
        raise InputError(name, "canonical SDK ids must be unique")
    for item in excluded:
        if not item.reason.strip():
            raise InputError(name, f"excluded {item.id}: a reason expected")
    return Curation(aliases, excluded)
