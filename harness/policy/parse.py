"""Reading a privacy policy: declared categories with their sentences and purposes, the SDK list.

How, over the policy's lines (harness.policy.text):
- tables (lines of cells): a header naming an SDK column makes an SDK table, each row an
  SDK (name, company, purpose, data, link, package); any other table's rows are read as
  sentences, the purpose column (if the header has one) being the row's purpose;
- labelled prose entries ("SDK名称：…" / "使用目的：…" lines, or an SDK's name on a line of
  its own in the SDK-list section followed by labelled lines) are SDK rows too;
- every other line is cut into sentences (。！？; and ". " in English); a category term
  (harness/data/policy-terms.yaml, found by harness.policy.lexicon) in a sentence declares
  that category unless a denial (不会收集 …) precedes it in the same clause; the purposes are
  the sentence's clauses holding a purpose cue (用于, 为了, "to provide" …), else those of
  the next sentence when it opens on the same data (该信息用于…), else, for a list item,
  those of the lead-in line ending in a colon above it;
- an SDK row's data declares its categories too, with the row's purpose.
Known gaps: purposes are clauses, not normalised to a purpose taxonomy; a denial phrased
without a cue word (我们无需您的通讯录) is read as a declaration; SDKs named only in running
prose ("we embed X") are not listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from harness.model import DataCategory
from harness.policy.lexicon import Lexicon, fold, has_cjk
from harness.policy.sdk_match import SdkMatcher
from harness.policy.text import CELL_SEPARATOR
from harness.profile import DeclaredPolicy, PolicyDeclaration, PolicySdk, PolicySource

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+(?=[A-Z\"'(])")
_CLAUSE = re.compile(r"[，,；;：:]")
_LIST_MARK = re.compile(
    r"^\s*(?:[(（]?\d{1,2}[.、)）]|[(（]?[一二三四五六七八九十]{1,3}[、.)）]|[-•·*]|[a-z][.)])\s*"
)
_LABEL = re.compile(r"^\s*([^：:|]{1,16}?)\s*[：:]\s*(.*)$")
_FIELDS = ("name", "company", "purpose", "data", "link", "package")
# A header cell is matched against fields in this order: 隐私政策链接 is a link before it is
# anything else, 公司名称 a company before a name.
_HEADER_ORDER = ("link", "package", "company", "purpose", "data", "name")
_MAX_ITEM = 80  # a list item longer than this is a sentence of its own, not under a lead-in


@dataclass(slots=True)
class _Row:
    fields: dict[str, str]
    where: str


class PolicyParser:
    """Reads policies with one lexicon and SDK database (build once, reuse)."""

    def __init__(self, lexicon: Lexicon, sdk_matcher: SdkMatcher) -> None:
        self.lexicon = lexicon
        self.matcher = sdk_matcher
        terms = lexicon.terms
        self._column_words = {
            f: tuple(fold(w) for w in getattr(terms.sdk_columns, f)) for f in _FIELDS
        }
        self._label_words = {
            f: tuple(fold(w) for w in getattr(terms.sdk_labels, f)) for f in _FIELDS
        }
        self._headings = tuple(fold(h) for h in terms.sdk_list_headings)

    def parse(self, lines: Sequence[str], source: PolicySource | None = None) -> DeclaredPolicy:
        declarations: dict[tuple[DataCategory, str], PolicyDeclaration] = {}
        rows: list[_Row] = []
        lead_purposes: tuple[str, ...] = ()
        in_sdk_section = False
        header: dict[int, str] | None = None  # column -> field of the current table
        entry: _Row | None = None
        previous = ""
        for number, line in enumerate(lines, start=1):
            where = f"line {number}"
            cells = (
                [c.strip() for c in line.split(CELL_SEPARATOR)] if CELL_SEPARATOR in line else []
            )
            if len(cells) >= 2:
                entry = None
                if header is None:
                    found = self._header(cells)
                    if found is not None:
                        header = found
                        continue
                    header = {}
                fields = {header[i]: c for i, c in enumerate(cells) if i in header and c}
                if "name" in fields and (
                    "company" in fields or "data" in fields or "purpose" in fields
                ):
                    rows.append(_Row(fields, f"{where} (SDK table)"))
                    continue
                stated = fields.get("purpose")
                purpose: tuple[str, ...] = (stated,) if stated else ()
                for declaration in self._sentence(line, where, purpose):
                    declarations.setdefault(
                        (declaration.category, declaration.sentence), declaration
                    )
                continue
            header = None
            folded = fold(line)
            if len(line) <= 40 and any(h in folded for h in self._headings):
                in_sdk_section = True
            label = self._label(line)
            if label is not None:
                field, value = label
                if field == "name" or (
                    in_sdk_section
                    and field != "name"
                    and (entry is None or field in entry.fields)
                    and _name_line(previous)
                ):
                    name = value if field == "name" else _strip_mark(previous)
                    entry = _Row({"name": name}, f"{where} (SDK entry)")
                    rows.append(entry)
                    if field == "name":
                        previous = line
                        continue
                if entry is not None and field not in entry.fields and value:
                    entry.fields[field] = value
                    previous = line
                    continue
            elif entry is not None:
                entry = None  # a line without a label ends the entry
            # Prose: sentences; a lead-in ending in a colon lends its purposes to its items.
            is_item = bool(_LIST_MARK.match(line)) and len(line) <= _MAX_ITEM
            inherited = lead_purposes if is_item else ()
            for declaration in self._sentence(line, where, inherited):
                declarations.setdefault((declaration.category, declaration.sentence), declaration)
            if line.rstrip().endswith(("：", ":")):
                lead_purposes = self._purposes(fold(line), line)
            elif not is_item:
                lead_purposes = ()
            previous = line
        # A name alone ("User name: …") is no SDK row: a row says something about it.
        sdks = tuple(
            self._sdk(row) for row in rows if row.fields.get("name") and len(row.fields) >= 2
        )
        for sdk in sdks:
            for category in sdk.categories:
                sentence = f"{sdk.name}: {sdk.data}"
                purposes = (sdk.purpose,) if sdk.purpose else ()
                declarations.setdefault(
                    (category, sentence),
                    PolicyDeclaration(
                        category=category,
                        sentence=sentence,
                        terms=(),
                        purposes=purposes,
                        where=sdk.where,
                    ),
                )
        text = "".join(lines)
        language = "zh" if len(re.findall(r"[\u4e00-\u9fff]", text)) * 4 > len(text) else "en"
        return DeclaredPolicy(
            source=source,
            language=language,
            terms_version=self.lexicon.terms.version,
            declarations=tuple(declarations.values()),
            sdks=sdks,
        )

    # -- tables and labelled entries

    def _header(self, cells: list[str]) -> dict[int, str] | None:
        columns: dict[int, str] = {}
        for index, cell in enumerate(cells):
            folded = fold(cell)
            if len(folded) > 24:
                return None  # a header cell is a few words, not a sentence
            for field in _HEADER_ORDER:
                if field not in columns.values() and any(
                    w in folded for w in self._column_words[field]
                ):
                    columns[index] = field
                    break
        fields = set(columns.values())
        if "name" in fields and len(fields) >= 2:
            return columns
        if "purpose" in fields:
            return columns  # a collection list: information | purpose | scene
        return None

    def _label(self, line: str) -> tuple[str, str] | None:
        match = _LABEL.match(_strip_mark(line))
        if match is None:
            return None
        key = fold(match.group(1)).strip()
        for field in _HEADER_ORDER:
            if any(w in key for w in self._label_words[field]):
                return field, match.group(2).strip()
        return None

    def _sdk(self, row: _Row) -> PolicySdk:
        f = row.fields
        name = f["name"]
        data = f.get("data")
        categories: list[DataCategory] = []
        if data:
            for hit in self.lexicon.hits(fold(data)):
                for category in hit.categories:
                    if category not in categories:
                        categories.append(category)
        link = f.get("link")
        if link:
            url = re.search(r"https?://\S+", link)
            link = url.group(0).rstrip("）)。，,") if url else link
        return PolicySdk(
            name=name,
            company=f.get("company"),
            purpose=f.get("purpose"),
            data=data,
            link=link,
            package=f.get("package"),
            categories=tuple(categories),
            sdk_ids=self.matcher.match(name, f.get("package"), link),
            where=row.where,
        )

    # -- prose

    def _sentence(
        self, line: str, where: str, inherited: tuple[str, ...]
    ) -> list[PolicyDeclaration]:
        found: list[PolicyDeclaration] = []
        sentences = _sentences(line)
        for index, sentence in enumerate(sentences):
            folded = fold(sentence)
            hits = self.lexicon.hits(folded)
            if not hits:
                continue
            denied = self._denied_spans(folded)
            purposes = (
                self._purposes(folded, sentence)
                or self._following_purposes(sentences[index + 1 : index + 2])
                or inherited
            )
            seen: set[DataCategory] = set()
            for hit in hits:
                if any(a <= hit.start < b for a, b in denied):
                    continue
                for category in hit.categories:
                    if category in seen:
                        continue
                    seen.add(category)
                    found.append(
                        PolicyDeclaration(
                            category=category,
                            sentence=sentence.strip(),
                            terms=tuple(h.term for h in hits if category in h.categories),
                            purposes=purposes,
                            where=where,
                        )
                    )
        return found

    def _following_purposes(self, following: list[str]) -> tuple[str, ...]:
        """The purposes of the next sentence when it speaks of the same data (该信息用于…;
        "We use this information to …")."""
        openers = tuple(fold(w) for w in self.lexicon.terms.purpose_followers)
        if not following or not openers:
            return ()
        folded = fold(following[0]).lstrip()
        return self._purposes(folded, following[0].lstrip()) if folded.startswith(openers) else ()

    def _denied_spans(self, folded: str) -> list[tuple[int, int]]:
        """Spans a denial covers: from its cue through the clauses that follow, until one
        opens with a contrast or says the app does collect (`denial_ends`)."""
        terms = self.lexicon.terms
        cues = sorted(set(self.lexicon.cue(folded, terms.negation_cues)))
        if not cues:
            return []
        ends = tuple(fold(e) for e in terms.denial_ends)
        spans: list[tuple[int, int]] = []
        clauses = _clause_spans(folded)
        for cue in cues:
            end = len(folded)
            for a, b in clauses:
                if a > cue:
                    clause = folded[a:b].strip()
                    if clause.startswith(ends) or any(e in clause for e in ends if len(e) > 2):
                        end = a
                        break
            spans.append((cue, end))
        return spans

    def _purposes(self, folded: str, original: str) -> tuple[str, ...]:
        terms = self.lexicon.terms
        spans = _clause_spans(folded)
        openers = tuple(fold(w) for w in terms.purpose_clause_starts)
        starts = set(self.lexicon.cue(folded, terms.purpose_cues))
        starts.update(a for a, b in spans if folded[a:b].lstrip().startswith(openers))
        if not starts:
            return ()
        clauses: list[str] = []
        for start in sorted(starts):
            for a, b in spans:
                if a <= start < b:
                    clause = original[a:b].strip(" ，,；;：:。.")
                    if clause and clause not in clauses:
                        clauses.append(clause)
                    break
        return tuple(clauses)


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(line) if s and s.strip()]


def _clause_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _strip_mark(line: str) -> str:
    return _LIST_MARK.sub("", line, count=1).strip()


def _name_line(line: str) -> bool:
    """A line that can be an SDK's name above its labelled fields: short, not a sentence."""
    text = _strip_mark(line)
    return (
        0 < len(text) <= 40
        and not text.endswith(("。", ".", "：", ":"))
        and ("sdk" in fold(text) or has_cjk(text) or text[:1].isupper())
    )
