"""Stage 6b: an entry per paper, with a stable address, and the edition facts of the landing page.

Entries are grouped into one page per first character of the BibTeX key (`papers/c.md`), each paper an
anchored section: its address is `papers/<group>.html#paper-<key>`. Keys are stable (keys.py), so the
address survives re-themeing and new papers. A page per paper would be simpler, but the book theme
costs a lot per page: on the real survey (325 papers) a page per paper made the cold HTML build take
86 s of CPU, entries grouped into 26 pages 25 s, the site without entries 15 s.

A group of more than ENTRY_PAGE_LIMIT papers (an entry is ~9 KB of HTML; at 10,000 papers the 's' page
was 10 MiB) is split into parts of consecutive keys (`papers/s-part1.md`, ...), and `papers/s.md`
becomes the group's index: a link to every entry of the group. The address stays
`papers/s.html#paper-<key>`: the site's script follows the index's link to the part that holds the
entry, so addresses do not depend on where the parts happen to split.

An entry holds the title, method name, authors and year where known, a one-line reference, the
abstract, its chapters and sections (linked), links to arXiv, code and project pages, the listing
pages it came from, its BibTeX (byte-identical to its entry in references.bib) with a
copy button in HTML, and its nearest neighbours by TF-IDF similarity, linked.

Index entries (HTML only) for the method name and every author's family name let the site's offline
search land on the entry itself (`CatVTON`, `Chong`) rather than on its page.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import myst
from .errors import InputError
from .latex import escape
from . import yamlfile

if TYPE_CHECKING:  # chapters.py imports this module
    from .chapters import Corpus

PAPERS_DIR = "papers"
RELATED = 5
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OTHER_GROUP = "0-9"
ENTRY_PAGE_LIMIT = 300  # entries per page, ~2.7 MB of HTML at most
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
LISTING_MONTHS = {m[:3]: i for i, m in enumerate(MONTHS, 1)}
TABLE_CLASS = "survey-table"  # tables the site's script (_static/survey/site.js) makes sortable and filterable


# ------------------------------------------------------------------------------------------ addresses


def group(key: str) -> str:
    """The entry page a key belongs to: its first letter, or 0-9 for a key that starts otherwise."""
    first = key[:1]
    return first if "a" <= first <= "z" else OTHER_GROUP


def label(key: str) -> str:
    """The cross-reference label (and HTML id) of a paper's entry."""
    return f"paper-{key}"


def page(key: str) -> str:
    """The document path (no suffix, relative to the book root) of the entry's stable address: its group's
    page, which for a split group is the index that leads to the part holding the entry."""
    return f"{PAPERS_DIR}/{group(key)}"


def href(key: str, depth: int = 1) -> str | None:
    """The entry's URL relative to an HTML page `depth` folders below the site root (chapters/ is 1);
    None for a key that is not a plain identifier (never put in a URL)."""
    if not KEY.match(key):
        return None
    return "../" * depth + f"{page(key)}.html#{label(key)}"


def link(key: str) -> str:
    """A reference to the paper's entry; its text is the entry's heading, the paper's title. (A `{ref}`
    resolves in the standard domain only: much cheaper than a Markdown `[title](#label)` link, which
    MyST looks up in every domain.)"""
    return f"{{ref}}`{label(key)}`"


def groups(table: pd.DataFrame) -> dict[str, list[int]]:
    """Rows of each entry page, pages in order (0-9 first), rows by key."""
    keys = table["key"].tolist()
    out: dict[str, list[int]] = {}
    for i in sorted(range(len(keys)), key=keys.__getitem__):
        out.setdefault(group(keys[i]), []).append(i)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] != OTHER_GROUP, kv[0])))


def group_title(name: str) -> str:
    return f"Papers: {name.upper()}"


# --------------------------------------------------------------------------------------------- pieces


def _split(value: str, sep: str = ";") -> list[str]:
    return [v for v in str(value).split(sep) if v]


def authors(row: Mapping[str, str]) -> list[str]:
    return [a.strip() for a in str(row["authors"]).split("; ") if a.strip()]


def family_name(author: str) -> str:
    """The family name of 'First Middle Last' or 'Last, First' (index entries only, so kept simple)."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split()
    return parts[-1] if parts else ""


def index_term(value: str) -> str:
    """Text safe as one part of a Sphinx `single:` index entry: no `;` (separates parts), no leading `!`
    (marks a main entry), one line."""
    return " ".join(value.replace(";", ",").split()).lstrip("!").strip()


def author_line(row: Mapping[str, str]) -> str:
    names = authors(row)
    if not names:
        return "not yet known"
    line = ", ".join(names)
    if row["authors_complete"] == "no":
        line += ", and others (list incomplete)"
    return line


def short_authors(row: Mapping[str, str]) -> str:
    """'Chong, Dong, Li, et al.' style, for the one-line reference."""
    names = [family_name(a) for a in authors(row)]
    if not names:
        return ""
    if len(names) > 3 or row["authors_complete"] == "no":
        return ", ".join(names[:3]) + ", et al."
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]


def date_text(row: Mapping[str, str]) -> str:
    if not row["year"]:
        return ""
    month = str(row["month"])
    return f"{MONTHS[int(month) - 1]} {row['year']}" if month.isdigit() and 1 <= int(month) <= 12 else str(row["year"])


def reference_line(row: Mapping[str, str]) -> str:
    """A readable reference: authors (year). Title. arXiv:id."""
    parts = []
    who = short_authors(row)
    if who:
        parts.append(myst.text(who) + (f" ({row['year']})." if row["year"] else "."))
    elif row["year"]:
        parts.append(f"({row['year']}).")
    parts.append(f"{myst.text(row['title'])}.")  # upright: FreeSerif Italic, the PDF's italic, lacks Arabic
    if row["arxiv_id"]:
        parts.append(myst.text(f"arXiv:{row['arxiv_id']}") + ".")
    return " ".join(parts)


def links_line(row: Mapping[str, str]) -> str:
    out = []
    if row["arxiv_id"]:
        out.append(myst.link(f"arXiv:{row['arxiv_id']}", f"https://arxiv.org/abs/{row['arxiv_id']}"))
        out.append(myst.link("PDF", f"https://arxiv.org/pdf/{row['arxiv_id']}"))
    codes = _split(row["code_urls"])
    out += [myst.link("code" if len(codes) == 1 else f"code {n}", u) for n, u in enumerate(codes, 1)]
    projects = _split(row["project_urls"])
    out += [myst.link("project page" if len(projects) == 1 else f"project page {n}", u) for n, u in enumerate(projects, 1)]
    return " · ".join(out)


def listings_line(row: Mapping[str, str]) -> str:
    return ", ".join(myst.text(f"{s} ({d})") for s, d in zip(_split(row["sources"]), _split(row["dates"])))


def fence(text: str, language: str = "") -> list[str]:
    """A fenced code block holding `text` verbatim: the fence is longer than any backtick run in it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return [f"{marks}{language}", *text.rstrip("\n").split("\n"), marks]


def related(corpus: Corpus, row: int) -> list[tuple[int, float]]:
    """The RELATED papers most similar to `row` by TF-IDF (cosine), with their similarity."""
    return corpus.neighbours[row]


# ---------------------------------------------------------------------------------------------- pages


def entry(corpus: Corpus, i: int) -> str:
    """The MyST of one paper's entry: an anchored section (a heading of the page's second level)."""
    from .chapters import chapter_label, section_label  # chapters.py imports this module

    taxonomy = corpus.taxonomy
    row = corpus.records[i]
    key = row["key"]
    out = [f"({label(key)})=", f"## {myst.text(row['title'])}", ""]
    # Main entries ("!"): the search lists them first, with the entry's address.
    terms = ([f"!single: {index_term(row['short_name'])}"] if index_term(row["short_name"]) else [])
    seen = set()
    for name in authors(row):
        family, full = index_term(family_name(name)), index_term(name)
        if family and (family, full) not in seen:
            seen.add((family, full))
            terms.append(f"!single: {family}; {full}" if full != family else f"!single: {family}")
    if terms:  # HTML only: the PDF gets no index (and needs no xindy)
        out += ["````{only} html", *[line for term in terms for line in ("```{index} " + term, "```")], "````", ""]
    out += [reference_line(row), ""]
    facts = []
    if row["short_name"]:
        facts.append(f"- **Method:** {myst.text(row['short_name'])}")
    facts.append(f"- **Authors:** {myst.text(author_line(row))}")
    facts.append(f"- **Date:** {myst.text(date_text(row)) or 'not yet known'}")
    primary, section = row["primary_theme"], row["section"]
    if taxonomy.has_chapter(primary):
        place = f"{{ref}}`{chapter_label(primary)}`"
        if taxonomy.has_section(primary, section):
            place += f", section {{ref}}`{section_label(primary, section)}`"
        facts.append(f"- **Main chapter:** {place}")
    others = [s for s in _split(row["themes"])[1:] if taxonomy.has_chapter(s)]
    if others:
        facts.append("- **Also relevant to:** " + ", ".join(f"{{ref}}`{chapter_label(s)}`" for s in others))
    links = links_line(row)
    facts.append(f"- **Links:** {links}" if links else "- **Links:** none known")
    facts.append(f"- **Listed on:** {listings_line(row)}")
    out += facts + [""]
    if row["abstract"]:
        out += myst.lines("**Abstract.** " + myst.text(row["abstract"])) + [""]
    else:
        out += ["*No abstract is known.*", ""]
    bibtex = fence(corpus.bibtex[i], "bibtex")
    outer = "`" * (len(bibtex[-1]) + 1)  # the {only} fence is longer than the code block's
    out += [outer + "{only} html", "**BibTeX**", "", *bibtex, outer, ""]
    neighbours = related(corpus, i)
    if neighbours:
        out += ["**Related papers** (most similar wording):", ""]
        for j, score in neighbours:
            other = corpus.records[j]
            method = f" ({myst.text(other['short_name'])})" if other["short_name"] else ""
            out.append(f"- {link(other['key'])}{method}, similarity {score:.2f}")
        out.append("")
    return "\n".join(out)


def entry_page(corpus: Corpus, name: str, rows: list[int]) -> str:
    out = [f"({group_label(name)})=", f"# {group_title(name)}", "",
           f"The {len(rows)} paper{'s' if len(rows) != 1 else ''} whose citation key starts with "
           f"**{myst.text(name.upper())}**, by key. Each entry gives the paper's facts, abstract, BibTeX and "
           "related papers; {ref}`all-papers` lists them all.", ""]
    return "\n".join(out + [entry(corpus, i) for i in rows])


def parts(rows: list[int], limit: int) -> list[list[int]]:
    """`rows` cut into the fewest runs of at most `limit`, of (nearly) equal size, in order."""
    count = -(-len(rows) // limit)
    size = -(-len(rows) // count)
    return [rows[start:start + size] for start in range(0, len(rows), size)]


def key_range(corpus: Corpus, rows: list[int]) -> str:
    return f"{myst.text(corpus.records[rows[0]]['key'])} to {myst.text(corpus.records[rows[-1]]['key'])}"


def part_page(corpus: Corpus, name: str, rows: list[int], part: int, count: int) -> str:
    out = [f"({group_label(name, part)})=", f"# {group_title(name)}, part {part} of {count}", "",
           f"Keys {key_range(corpus, rows)}: {len(rows)} of the papers whose citation key starts with "
           f"**{myst.text(name.upper())}** ({{ref}}`all of them <{group_label(name)}>`). Each entry gives the "
           "paper's facts, abstract, BibTeX and related papers.", ""]
    return "\n".join(out + [entry(corpus, i) for i in rows])


def group_index(corpus: Corpus, name: str, rows: list[int], runs: list[list[int]]) -> str:
    """The page of a split group: its parts, and (on the site) a link to every entry, which the site's
    script follows when the page is opened at an entry's address."""
    listing = [f"- {link(corpus.records[i]['key'])}" for i in rows]
    return "\n".join([
        f"({group_label(name)})=", f"# {group_title(name)}", "",
        f"The {len(rows)} papers whose citation key starts with **{myst.text(name.upper())}**, in "
        f"{len(runs)} parts by key: " + " · ".join(
            f"{{ref}}`part {n} <{group_label(name, n)}>` ({key_range(corpus, run)})" for n, run in enumerate(runs, 1))
        + ". {ref}`all-papers` lists every paper of the survey.", "",
        "````{only} html", *listing, "````", ""])


def entry_pages(corpus: Corpus, limit: int | None = None) -> dict[str, str]:
    """Every entry page keyed by its path relative to the book root (papers/<group>.md), a group of more
    than `limit` papers (ENTRY_PAGE_LIMIT) as an index and its parts (papers/<group>-part<n>.md)."""
    limit = ENTRY_PAGE_LIMIT if limit is None else limit
    pages = {}
    for name, rows in groups(corpus.table).items():
        if len(rows) <= limit:
            pages[f"{PAPERS_DIR}/{name}.md"] = entry_page(corpus, name, rows)
            continue
        runs = parts(rows, limit)
        pages[f"{PAPERS_DIR}/{name}.md"] = group_index(corpus, name, rows, runs)
        for n, run in enumerate(runs, 1):
            pages[f"{PAPERS_DIR}/{name}-part{n}.md"] = part_page(corpus, name, run, n, len(runs))
    return pages


def group_slug(name: str) -> str:
    """The group's name in labels and file names ("digits" for 0-9)."""
    return "digits" if name == OTHER_GROUP else name


def group_label(name: str, part: int | None = None) -> str:
    base = f"{PAPERS_DIR}-{group_slug(name)}"
    return base if part is None else f"{base}-part{part}"


def jump_list(table: pd.DataFrame) -> str:
    """'A (14) · B (4) · …': a link to every entry page with its number of papers."""
    return " · ".join(f"{{ref}}`{name.upper()} <{group_label(name)}>` ({len(rows)})"
                      for name, rows in groups(table).items())


# -------------------------------------------------------------------------------------------- edition


@dataclass(frozen=True)
class Edition:
    """What identifies this build of the survey, all from the inputs (never the clock)."""

    version: str  # first 12 hex digits of the SHA-256 of data/raw (file names and bytes)
    latest_listing: str  # the latest listing date, as written on the page ("Mar 20")
    listing_pages: int
    title: str
    author: str
    year: str


def corpus_version(raw: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in raw.glob("*.txt") if p.is_file()):  # the pages ingest.py reads
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode("utf-8"))
        digest.update(content)
    return digest.hexdigest()[:12]


def listing_order(date: str) -> tuple[int, int, int]:
    """Sort key of a listing date 'Mar 12' or 'Mar 12, 2024' (a date without a year sorts as year 0)."""
    match = re.match(r"^([A-Z][a-z]{2})[a-z]* (\d{1,2})(?:, (\d{4}))?$", date.strip())
    if not match:
        return (0, 0, 0)
    return (int(match.group(3) or 0), LISTING_MONTHS.get(match.group(1), 0), int(match.group(2)))


def latest_listing(table: pd.DataFrame) -> str:
    dates = {d for value in table["dates"] for d in _split(value)}
    return max(dates, key=lambda d: (listing_order(d), d)) if dates else ""


def edition(root: Path, table: pd.DataFrame) -> Edition:
    """The edition of the survey built from `root`: its title, author and year come from the book's
    _config.yml (the one place the survey's title is written, shown by the site, the PDF and here)."""
    path = root / "_config.yml"
    config = yamlfile.load_yaml(path)
    if not isinstance(config, dict) or not isinstance(config.get("title"), str) or not config["title"].strip():
        raise InputError(path, "the book has no title", 'Add a line such as `title: "A survey of ..."`',
                         config.line_of("title") if isinstance(config, yamlfile.Mapping) and "title" in config else None)
    pages = {s for value in table["sources"] for s in _split(value)}
    return Edition(corpus_version(root / "data" / "raw"), latest_listing(table), len(pages),
                   " ".join(config["title"].split()),
                   str(config.get("author") or "The survey editors"), str(config.get("copyright") or ""))


def survey_bibtex(e: Edition) -> str:
    """A BibTeX entry for citing the survey itself."""
    fields = [("title", "{" + escape(e.title) + "}"), ("author", "{" + escape(e.author) + "}")]  # a body, not a person
    if e.year:
        fields.append(("year", e.year))
    fields.append(("note", f"Corpus version {e.version}, listings up to {e.latest_listing}"
                           if e.latest_listing else f"Corpus version {e.version}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{survey-{e.version},\n{body}\n}}\n"


def corpus_numbers(corpus: Corpus, e: Edition) -> list[tuple[str, str]]:
    table = corpus.table
    years = sorted({int(y) for y in table["year"] if str(y).isdigit()})
    return [
        ("Papers", str(len(table))),
        ("Listing pages", str(e.listing_pages)),
        ("Chapters", str(len(corpus.taxonomy.chapters))),
        ("Sections", str(sum(len(c.sections) for c in corpus.taxonomy.chapters))),
        ("With a named method", str(int((table["short_name"] != "").sum()))),
        ("With an arXiv identifier", str(int((table["arxiv_id"] != "").sum()))),
        ("With a link to code", str(int((table["code_urls"] != "").sum()))),
        ("Years covered", f"{years[0]}–{years[-1]}" if years else "unknown"),
    ]

