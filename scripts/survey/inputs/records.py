"""Bibliographic exports -> one plain `Record` type.

`read_records(path)` reads one file and returns `Reading(records, skipped)`:

- `.bib`  BibTeX / biblatex (Zotero, JabRef, Google Scholar, arXiv "Export BibTeX") via bibtexparser 2;
          LaTeX in fields is decoded to Unicode with pylatexenc (accents, `\\&`, `\\cdot`, protective braces).
- `.ris`  RIS (Zotero, Mendeley, EndNote) via rispy.
- `.json` CSL-JSON (Zotero "Better CSL JSON"/"CSL JSON", Mendeley), or Hugging Face daily papers
          (a list of `{"paper": {...}}`), told apart by content.
- `.xml` / `.atom`  arXiv API Atom feeds, via the standard library's ElementTree.

An unreadable file (not UTF-8, bad JSON/XML, unknown extension, nothing recognisable) is an InputError
naming the file and line. An entry without a title is not a record: it is listed in `skipped` with where
it is and why. Text from any format other than BibTeX is kept literally (HTML, `$`, `{`, `\\` stay as
they are written); BibTeX fields are LaTeX, so they are decoded, but a LaTeX command that pylatexenc
would drop or turn into a placeholder (`\\input{...}`, `\\cite{...}`, unknown macros) is kept verbatim.
"""
from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..model.paper import normalize_title

# ------------------------------------------------------------------------------------------ model


@dataclass(frozen=True)
class Record:
    """One bibliographic entry, whatever file it came from."""

    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()  # "Given Family" order
    year: int | None = None
    month: int | None = None
    doi: str = ""
    arxiv_id: str = ""  # without version, e.g. "2403.01234" or "hep-th/9901001"
    url: str = ""
    source: str = ""  # file name
    where: str = ""  # "line 12", "entry foo2024", "item 3 (id ...)"
    authors_complete: bool = True  # False when the export says the list goes on ("and others", "et al.")
    date: str = ""  # the listing date ("Mar 12"), for an entry of a listing page


@dataclass
class Reading:
    """What one file gave: its records, and the entries that were skipped (where, why)."""

    records: list[Record] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kind: str = ""  # the format read: "BibTeX", "RIS", "CSL-JSON", "Hugging Face daily papers", ...

    def add(self, record: Record, missing: str = "no title") -> None:
        """Keep `record`, or skip it (`missing` says which field is absent) when it has no title to identify
        the paper by: none, or one without a letter or digit."""
        if not record.title:
            self.skipped.append((record.where, missing))
        elif not normalize_title(record.title):
            self.skipped.append((record.where, f"title {record.title[:60]!r} has no letters or digits"))
        else:
            self.records.append(record)


# ------------------------------------------------------------------------------------ normalising

ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID = re.compile(rf"(?<![\w.])({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?(?![\d])")
ARXIV_IN_URL = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?", re.I)
ARXIV_IN_DOI = re.compile(rf"^10\.48550/arxiv\.({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?$", re.I)
ARXIV_IN_TEXT = re.compile(rf"\barxiv\s*:\s*({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?", re.I)
DOI = re.compile(r"\b(10\.\d{4,9}/\S+)", re.I)
MONTHS = {name: number for number, names in enumerate([
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
    ("nov", "november"), ("dec", "december")], 1) for name in names}


def text(value: Any) -> str:
    """Whitespace collapsed to single spaces; control characters (other than whitespace) dropped."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value if v is not None)
    value = "".join(ch for ch in str(value) if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    return " ".join(value.split())


def arxiv_id(value: str) -> str:
    """The arXiv id (no version) in an id, `arXiv:` reference, abs/pdf URL or arXiv DOI; "" if none."""
    value = text(value)
    for pattern in (ARXIV_IN_URL, ARXIV_IN_DOI, ARXIV_IN_TEXT):
        match = pattern.search(value)
        if match:
            return match.group(1)
    match = re.fullmatch(rf"({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?", value)
    return match.group(1) if match else ""


def doi(value: str) -> str:
    """A DOI without its `https://doi.org/` or `doi:` prefix; "" if the value holds none."""
    match = DOI.search(text(value))
    return match.group(1).rstrip(".,;") if match else ""


def year_month(value: Any) -> tuple[int | None, int | None]:
    """Year and month from "2024", "2024-03-01", "2024/03/01/", "2024///", "March 2024", [2024, 3]."""
    if isinstance(value, (list, tuple)):
        parts = [int(p) for p in value if str(p).strip().lstrip("-").isdigit()]
        year = parts[0] if parts else None
        month = parts[1] if len(parts) > 1 and 1 <= parts[1] <= 12 else None
        return year, month
    value = text(value)
    match = re.search(r"(?<!\d)(\d{4})(?:[-/.](\d{1,2}))?", value)
    if not match:
        return None, None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) and 1 <= int(match.group(2)) <= 12 else None
    if month is None:
        month = parse_month(value)
    return year, month


def parse_month(value: Any) -> int | None:
    value = text(value).casefold().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    for word in re.findall(r"[a-z]+", value):
        if word in MONTHS:
            return MONTHS[word]
    return None


def split_top_level(value: str, separator: re.Pattern[str]) -> list[str]:
    """Split `value` at `separator` matches that are outside braces."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(value):
        ch = value[index]
        if ch == "\\":
            index += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = separator.match(value, index)
            if match:
                parts.append(value[start:index])
                start = index = match.end()
                continue
        index += 1
    parts.append(value[start:])
    return parts


AND = re.compile(r"\s+and\s+", re.I)
COMMA = re.compile(r"\s*,\s*")


def given_family(name: str, decode=lambda s: s) -> str:
    """"Family, Given" (or "Family, Jr, Given") -> "Given Family [Jr]"; other names kept as written."""
    parts = [decode(p).strip() for p in split_top_level(name.strip(), COMMA)]
    parts = [p for p in parts if p]
    if len(parts) == 2:
        family, given = parts
        name = f"{given} {family}"
    elif len(parts) >= 3:
        family, junior, given = parts[0], parts[1], ", ".join(parts[2:])
        name = f"{given} {family} {junior}"
    else:
        name = parts[0] if parts else ""
    return text(name)


# --------------------------------------------------------------------------------------- LaTeX

def _latex_decoder():
    from pylatexenc.latex2text import EnvironmentTextSpec, LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    def verbatim(node, l2tobj=None):
        return node.latex_verbatim()

    context = get_default_latex_context_db()
    context.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=verbatim))
    context.set_unknown_environment_spec(EnvironmentTextSpec("", simplify_repl=verbatim))
    # Commands latex2text would drop or replace by a placeholder are kept as written.
    keep = ["cite", "citep", "citet", "citealp", "ref", "eqref", "pageref", "label", "input", "include",
            "usepackage", "documentclass", "write", "immediate", "def", "newcommand", "renewcommand",
            "footnote", "item", "begin", "end", "input", "bibliography", "bibliographystyle", "maketitle"]
    context.add_context_category("survey-keep", prepend=True,
                                 macros=[MacroTextSpec(name, simplify_repl=verbatim) for name in keep])
    # Text-mode symbol commands that Zotero and JabRef write for characters BibTeX would misread.
    symbols = {"textless": "<", "textgreater": ">", "textbackslash": "\\", "textasciitilde": "~",
               "textasciicircum": "^", "textbar": "|", "textunderscore": "_", "textbraceleft": "{",
               "textbraceright": "}", "textquotedbl": '"', "textdollar": "$", "textpercent": "%",
               "textampersand": "&", "textquotesingle": "'", "textasciigrave": "`", "textsterling": "£"}
    context.add_context_category("survey-symbols", prepend=True,
                                 macros=[MacroTextSpec(name, simplify_repl=char) for name, char in symbols.items()])
    return LatexNodes2Text(latex_context=context, math_mode="with-delimiters", keep_comments=True,
                           strict_latex_spaces=False)


_DECODER = None
SIMPLE_ESCAPES = re.compile(r"\\([&%$#_{}])")
HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
URL_MACRO = re.compile(r"\\url\s*\{([^{}]*)\}")
BEGIN = re.compile(r"\\begin\s*\{")
END = re.compile(r"\\end\s*\{")


def decode_latex(value: str) -> str:
    """A BibTeX field's LaTeX as Unicode text: `{\\"o}` -> ö, `\\&` -> &, `$x\\cdot y$` -> $x· y$."""
    global _DECODER
    if not value or not any(ch in value for ch in "\\{}$~%'`-"):
        return text(value)
    if _DECODER is None:
        _DECODER = _latex_decoder()
    value = HREF.sub(lambda m: f"{m.group(2)} ({m.group(1)})", value)
    value = URL_MACRO.sub(lambda m: m.group(1), value)
    if len(BEGIN.findall(value)) != len(END.findall(value)):  # pylatexenc drops a stray \begin or \end
        return text(SIMPLE_ESCAPES.sub(r"\1", re.sub(r"(?<!\\)[{}]", "", value)))
    try:
        decoded = _DECODER.latex_to_text(value, tolerant_parsing=True)
    except Exception:  # pylatexenc fails on some malformed input: keep the text, minus grouping braces
        decoded = SIMPLE_ESCAPES.sub(r"\1", re.sub(r"(?<!\\)[{}]", "", value))
    return text(decoded)


# ------------------------------------------------------------------------------------------ BibTeX

def read_bibtex(data: str, source: str) -> Reading:
    import logging

    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock

    logger = logging.getLogger("bibtexparser.splitter")
    previous, logger.disabled = logger.disabled, True  # its failures are reported below, with the line
    try:
        library = bibtexparser.parse_string(data)
    finally:
        logger.disabled = previous
    reading = Reading(kind="BibTeX")
    failed = sorted(library.failed_blocks, key=lambda b: b.start_line or 0)
    for block in failed:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            reason = f"duplicate entry key {block.key!r} (the first entry with this key is kept)"
        else:
            first = (block.raw or "").strip().splitlines()[0][:60] if (block.raw or "").strip() else ""
            reason = f"not valid BibTeX ({first!r}); check its braces and commas"
        reading.skipped.append((f"line {line}", reason))
    for entry in library.entries:
        fields = {key.lower(): value.value for key, value in entry.fields_dict.items()}
        where = f"entry {entry.key} (line {(entry.start_line or 0) + 1})"
        record = _bibtex_record(fields, source, where)
        reading.add(record)
    broken = [b for b in failed if not isinstance(b, DuplicateBlockKeyBlock)]
    if not library.entries and broken:
        raise InputError(source, "no BibTeX entry could be read: the entry here is not valid BibTeX",
                         "Fix the entry's braces and commas, or export the library again",
                         (broken[0].start_line or 0) + 1)
    return reading


def _bibtex_record(fields: dict[str, Any], source: str, where: str) -> Record:
    def get(name: str) -> str:
        value = fields.get(name, "")
        return value if isinstance(value, str) else str(value)

    names = [given_family(part, decode_latex) for part in split_top_level(get("author").strip(), AND)]
    authors = tuple(name for name in names if name and name.casefold() != "others")
    year, month = year_month(get("date")) if get("date") else (None, None)
    if get("year"):
        year = year_month(get("year"))[0] or year
    if get("month"):
        month = parse_month(decode_latex(get("month"))) or month
    eprint_type = (get("archiveprefix") or get("eprinttype")).strip().casefold()
    eprint = get("eprint").strip()
    found = ""
    if eprint and eprint_type in ("", "arxiv"):
        found = arxiv_id(eprint)
    for candidate in (get("doi"), get("url"), get("journal"), get("journaltitle"), get("note"),
                      get("howpublished")):
        if not found and candidate:
            found = arxiv_id(candidate)
    url = get("url").strip()
    if not url:
        match = re.search(r"\\url\{([^}]*)\}", get("howpublished"))
        url = match.group(1) if match else ""
    return Record(title=decode_latex(get("title")), abstract=decode_latex(get("abstract")), authors=authors,
                  year=year, month=month, doi=doi(get("doi")), arxiv_id=found, url=text(url),
                  source=source, where=where, authors_complete=len(authors) == len([n for n in names if n]))


# --------------------------------------------------------------------------------------------- RIS

RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")


def read_ris(data: str, source: str) -> Reading:
    import rispy

    lines = data.splitlines()
    starts: list[int] = []
    open_at: int | None = None
    for number, line in enumerate(lines, 1):
        match = RIS_TAG.match(line)
        if not match:
            continue
        if match.group(1) == "TY":
            if open_at is not None:
                raise InputError(source, f"the record that starts on line {open_at} has no end ('ER  - ')",
                                 "End every RIS record with a line 'ER  - '", number - 1)
            open_at = number
            starts.append(number)
        elif match.group(1) == "ER":
            if open_at is None:
                raise InputError(source, "'ER  - ' without a record ('TY  - ') before it",
                                 "Start every RIS record with a line 'TY  - <type>'", number)
            open_at = None
    if open_at is not None:
        raise InputError(source, f"the record that starts on line {open_at} has no end ('ER  - ')",
                         "End every RIS record with a line 'ER  - '", len(lines))
    if not starts:
        if data.strip():
            raise InputError(source, "no RIS record found (no line starts with 'TY  - ')",
                             "Export the references as RIS (tags such as 'TY  - JOUR' ... 'ER  - ')", 1)
        return Reading(kind="RIS")
    try:
        entries = rispy.loads(data)
    except Exception as error:  # rispy raises on lines it cannot place
        raise InputError(source, f"not valid RIS ({error})", "Export the references as RIS again") from None
    if len(entries) != len(starts):
        raise InputError(source, f"found {len(starts)} records but could read {len(entries)}",
                         "Check that every record has one 'TY  - ' and one 'ER  - ' line", starts[0])
    reading = Reading(kind="RIS")
    for line, entry in zip(starts, entries):
        where = f"line {line}"
        record = _ris_record(entry, source, where)
        reading.add(record, "no title (TI or T1)")
    return reading


def _first(entry: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = entry.get(key)
        if value:
            return value
    return ""


def _ris_record(entry: dict[str, Any], source: str, where: str) -> Record:
    authors = tuple(name for name in (given_family(a) for a in (entry.get("authors") or entry.get("first_authors") or []))
                    if name)
    year, month = year_month(_first(entry, "date", "year", "publication_year"))
    if year is None:
        year = year_month(_first(entry, "year", "publication_year"))[0]
    urls = entry.get("urls") or []
    urls = [text(u) for u in (urls if isinstance(urls, list) else [urls]) if text(u)]
    notes = entry.get("notes") or []
    found = ""
    for candidate in [entry.get("doi", ""), *urls, text(entry.get("number", "")), *notes,
                      text(entry.get("journal_name", "")), text(entry.get("secondary_title", ""))]:
        found = found or arxiv_id(text(candidate))
    return Record(title=text(_first(entry, "title", "primary_title")),
                  abstract=text(_first(entry, "abstract", "notes_abstract")), authors=authors, year=year,
                  month=month, doi=doi(entry.get("doi", "")), arxiv_id=found, url=urls[0] if urls else "",
                  source=source, where=where)


# -------------------------------------------------------------------------------------------- JSON

def read_json(data: str, source: str) -> Reading:
    try:
        items = json.loads(data)
    except json.JSONDecodeError as error:
        raise InputError(source, f"not valid JSON ({error.msg}, column {error.colno})",
                         "Export the file again as CSL-JSON, or fix the JSON syntax", error.lineno) from None
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]  # CSL-JSON wrapped in an object
    elif isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise InputError(source, f"expected a list of items, found a JSON {type(items).__name__}",
                         "Export CSL-JSON (a list of items) or Hugging Face daily papers (a list of papers)", 1)
    if is_hf_daily(items):
        return _read_items(items, source, _hf_record, "Hugging Face daily papers")
    return _read_items(items, source, _csl_record, "CSL-JSON")


def is_hf_daily(items: list[Any]) -> bool:
    """Hugging Face daily papers: items are `{"paper": {...}}`, or bare papers with `summary` and `id`."""
    dicts = [item for item in items if isinstance(item, dict)]
    if not dicts:
        return False
    return all(isinstance(item.get("paper"), dict) or ("summary" in item and "id" in item and "abstract" not in item)
               for item in dicts)


def _read_items(items: list[Any], source: str, convert, kind: str) -> Reading:
    reading = Reading(kind=kind)
    for index, item in enumerate(items, 1):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(item, dict) and isinstance(item.get("paper"), dict):
            ident = item["paper"].get("id", ident)
        where = f"item {index}" + (f" (id {text(ident)[:80]})" if ident else "")
        if not isinstance(item, dict):
            reading.skipped.append((where, f"not an object but a JSON {type(item).__name__}"))
            continue
        record = convert(item, source, where)
        reading.add(record)
    return reading


def _csl_name(person: Any) -> str:
    if isinstance(person, str):
        return text(person)
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return text(person["literal"])
    parts = [person.get("given"), person.get("non-dropping-particle"), person.get("family"), person.get("suffix")]
    return text([p for p in parts if p])


def _csl_date(value: Any) -> tuple[int | None, int | None]:
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            return year_month(parts[0])
        for key in ("raw", "literal"):
            if value.get(key):
                return year_month(value[key])
        return None, None
    return year_month(value) if value else (None, None)


def _csl_record(item: dict[str, Any], source: str, where: str) -> Record:
    year, month = _csl_date(item.get("issued"))
    if year is None:
        year, month = _csl_date(item.get("published-online") or item.get("created"))
    found = ""
    for key in ("number", "archive_location", "URL", "DOI", "id", "note", "container-title"):
        value = item.get(key)
        if isinstance(value, str):
            found = found or arxiv_id(value)
    return Record(title=text(item.get("title")), abstract=text(item.get("abstract")),
                  authors=tuple(n for n in (_csl_name(p) for p in item.get("author") or []) if n),
                  year=year, month=month, doi=doi(item.get("DOI") or ""), arxiv_id=found,
                  url=text(item.get("URL")), source=source, where=where)


def _hf_record(item: dict[str, Any], source: str, where: str) -> Record:
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
    ident = text(paper.get("id"))
    year, month = year_month(paper.get("publishedAt") or item.get("publishedAt") or "")
    authors = tuple(n for n in (text(a.get("name")) if isinstance(a, dict) else text(a)
                                for a in paper.get("authors") or []) if n)
    found = arxiv_id(ident)
    return Record(title=text(paper.get("title") or item.get("title")),
                  abstract=text(paper.get("summary") or item.get("summary")), authors=authors, year=year,
                  month=month, arxiv_id=found,
                  url=f"https://huggingface.co/papers/{ident}" if ident else "", source=source, where=where)


# -------------------------------------------------------------------------------------- arXiv Atom

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"


def read_atom(data: str, source: str) -> Reading:
    if re.search(r"<!(DOCTYPE|ENTITY)", data):
        line = data[: re.search(r"<!(DOCTYPE|ENTITY)", data).start()].count("\n") + 1
        raise InputError(source, "the feed declares a DTD or entities, which arXiv feeds never do",
                         "Save the arXiv API answer as it came", line)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise InputError(source, f"not well-formed XML (column {column + 1})",
                         "Save the arXiv API answer again, complete", line) from None
    if root.tag != f"{ATOM}feed":
        raise InputError(source, f"expected an Atom <feed>, found <{root.tag.split('}')[-1]}>",
                         "Give an arXiv API answer (export.arxiv.org/api/query)", 1)
    reading = Reading(kind="arXiv Atom")
    for index, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        ident = text(entry.findtext(f"{ATOM}id"))
        where = f"entry {index}" + (f" (id {ident})" if ident else "")
        if "/api/errors" in ident:
            raise InputError(source, f"the feed is an arXiv API error: {text(entry.findtext(f'{ATOM}summary'))}",
                             "Repeat the query with valid parameters")
        links = {link.get("title") or link.get("rel"): link.get("href", "") for link in entry.findall(f"{ATOM}link")}
        year, month = year_month(entry.findtext(f"{ATOM}published") or "")
        record = Record(
            title=text(entry.findtext(f"{ATOM}title")), abstract=text(entry.findtext(f"{ATOM}summary")),
            authors=tuple(n for n in (text(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")) if n),
            year=year, month=month, doi=doi(entry.findtext(f"{ARXIV_NS}doi") or links.get("doi", "")),
            arxiv_id=arxiv_id(ident), url=text(links.get("alternate") or ident), source=source, where=where)
        reading.add(record)
    return reading


# ---------------------------------------------------------------------------------------- dispatch

READERS = {".bib": read_bibtex, ".bibtex": read_bibtex, ".ris": read_ris, ".json": read_json,
           ".xml": read_atom, ".atom": read_atom}


def read_records(path: Path | str) -> Reading:
    """Read one export file; raise InputError if the file as a whole cannot be read."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(path, f"unknown file type {path.suffix or '(no extension)'!r}",
                         "Give a .bib (BibTeX), .ris (RIS), .json (CSL-JSON or Hugging Face daily papers) "
                         "or .xml (arXiv API Atom) file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})", "Check the path and permissions") from None
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"byte {error.start} is not valid UTF-8", "Save the file as UTF-8", line) from None
    decoded = decoded.removeprefix("\ufeff")
    try:
        return reader(decoded, path.name)
    except InputError as error:
        raise InputError(path, error.message, error.fix, error.line) from None


def read_all(paths: Iterable[Path | str]) -> list[tuple[str, Reading]]:
    """Every file's reading, in the given order, named by file name (input for `merge.merge`)."""
    return [(Path(p).name, read_records(p)) for p in paths]
