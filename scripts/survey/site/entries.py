"""An entry per paper, with a stable address (site.addresses).

Entries are grouped into one page per first character of the BibTeX key (`papers/c.md`), each paper an
anchored section: its address is `papers/<group>.html#paper-<key>`. Keys are stable (analysis.keys), so the
address survives re-themeing and new papers. A page per paper would be simpler, but the book theme
costs a lot per page: on the real survey (325 papers) a page per paper made the cold HTML build take
86 s of CPU, entries grouped into 26 pages 25 s, the site without entries 15 s.

A group of more than ENTRY_PAGE_LIMIT papers (an entry is ~9 KB of HTML; at 10,000 papers the 's' page
was 10 MiB) is split into parts of consecutive keys (`papers/s-part1.md`, ...), and `papers/s.md`
becomes the group's index: a link to every entry of the group. The address stays
`papers/s.html#paper-<key>`: the site's script follows the index's link to the part that holds the
entry, so addresses do not depend on where the parts happen to split.

An entry leads with the point: the title, what the paper does in one sentence (lead), then what a reader
filters by (chapter and section, other chapters, code: tags), the method name, authors, date, links to
arXiv, code and project pages and the listing pages it came from, the abstract, its BibTeX in a collapsed
block (byte-identical to its entry in references.bib) with a copy button in HTML, the other versions of
the same work, and its nearest neighbours by TF-IDF similarity above analysis.corpus.RELATED_FLOOR, each
with its chapter, linked.

Index entries (HTML only) for the method name and every author's family name let the site's offline
search land on the entry itself (`CatVTON`, `Chong`) rather than on its page.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..analysis.corpus import Corpus
from ..formats import myst
from ..model.paper import ListingPage, Paper, family_name, listings
from .addresses import PAPERS_DIR, chapter_label, group_label, group_title, groups, label, link, section_label
from .split import parts

ENTRY_PAGE_LIMIT = 300  # entries per page, ~2.7 MB of HTML at most


def index_term(value: str) -> str:
    """Text safe as one part of a Sphinx `single:` index entry: no `;` (separates parts), no leading `!`
    (marks a main entry), one line."""
    return " ".join(value.replace(";", ",").split()).lstrip("!").strip()


def author_line(paper: Paper) -> str:
    if not paper.authors:
        return "not yet known"
    line = ", ".join(paper.authors)
    if paper.authors_truncated:
        line += ", and others (list incomplete)"
    return line


def links_line(paper: Paper) -> str:
    out = []
    if paper.arxiv_id:
        out.append(myst.link(f"arXiv:{paper.arxiv_id}", paper.arxiv_url))
        out.append(myst.link("PDF", paper.pdf_url))
    if paper.doi:
        out.append(myst.link(f"DOI {paper.doi}", f"https://doi.org/{paper.doi}"))
    codes = paper.code_urls
    out += [myst.link("code" if len(codes) == 1 else f"code {n}", u) for n, u in enumerate(codes, 1)]
    projects = paper.project_urls
    out += [myst.link("project page" if len(projects) == 1 else f"project page {n}", u) for n, u in enumerate(projects, 1)]
    return " · ".join(out)


def listings_line(paper: Paper, pages: Mapping[str, ListingPage]) -> str:
    """Where the paper was found, in words (data/sources.yml): its listing pages, linked when a page has an
    address, and its imported files."""
    return "; ".join(myst.link(text, url) if url else myst.text(text) for text, url in listings(paper, pages))


def lead(paper: Paper) -> list[str]:
    """The entry's first words, under its title: what the paper does (its contribution sentence) and what it
    found (its headline result sentence), each when the abstract has one."""
    out = []
    if paper.summary:
        out += myst.lines("**In one sentence:** " + myst.text(paper.summary)) + [""]
    if paper.result:
        out += myst.lines("**Headline result:** " + myst.text(paper.result)) + [""]
    return out


PAPER_TYPE_WORDS = {"method": "a method", "dataset-benchmark": "a dataset or benchmark", "survey": "a survey",
                    "analysis": "an analysis", "theory": "theory", "system": "a system"}  # model.sentence.PAPER_TYPES


def tags(corpus: Corpus, paper: Paper) -> str:
    """What a reader filters by: the main chapter and section, the other chapters, the kind of paper, whether
    it needs no training, whether there is code."""
    taxonomy = corpus.taxonomy
    primary, section = paper.primary_theme, paper.section
    out = []
    if taxonomy.has_chapter(primary):
        place = f"{{ref}}`{chapter_label(primary)}`"
        if taxonomy.has_section(primary, section):
            place += f" › {{ref}}`{section_label(primary, section)}`"
        out.append(place)
    others = [s for s in paper.other_themes if taxonomy.has_chapter(s)]
    if others:
        out.append("also " + ", ".join(f"{{ref}}`{chapter_label(s)}`" for s in others))
    if paper.paper_type:
        out.append(myst.text(PAPER_TYPE_WORDS.get(paper.paper_type, paper.paper_type)))
    if paper.training_free == "yes":
        out.append("training-free")
    out.append("code available" if paper.code_urls else "no code linked")
    return "**Filed under:** " + " · ".join(out)


def chapter_of(corpus: Corpus, paper: Paper) -> str:
    """', in <chapter>' for a paper whose main chapter is known."""
    return f", in {{ref}}`{chapter_label(paper.primary_theme)}`" if corpus.taxonomy.has_chapter(paper.primary_theme) else ""


def entry(corpus: Corpus, bibtex: Sequence[str], i: int) -> str:
    """The MyST of one paper's entry: an anchored section (a heading of the page's second level). It leads
    with the point (what the paper does), then what a reader filters by, the facts and links, the abstract,
    the BibTeX (collapsed), other versions of the paper and related papers."""
    paper = corpus.papers[i]
    key = paper.key
    out = [f"({label(key)})=", f"## {myst.text(paper.title)}", ""]
    # Main entries ("!"): the search lists them first, with the entry's address.
    terms = ([f"!single: {index_term(paper.short_name)}"] if index_term(paper.short_name) else [])
    seen = set()
    for name in paper.authors:
        family, full = index_term(family_name(name)), index_term(name)
        if family and (family, full) not in seen:
            seen.add((family, full))
            terms.append(f"!single: {family}; {full}" if full != family else f"!single: {family}")
    if terms:  # HTML only: the PDF gets no index (and needs no xindy)
        out += ["````{only} html", *[line for term in terms for line in ("```{index} " + term, "```")], "````", ""]
    out += lead(paper)  # after the index entries: a search result for the method or an author shows this line
    out += [tags(corpus, paper), ""]
    facts = []
    if paper.short_name:
        facts.append(f"- **Method:** {myst.text(paper.short_name)}")
    facts.append(f"- **Authors:** {myst.text(author_line(paper))}")
    facts.append(f"- **Date:** {myst.text(paper.date_text) or 'not yet known'}")
    links = links_line(paper)
    facts.append(f"- **Links:** {links}" if links else "- **Links:** none known")
    facts.append(f"- **Found in:** {listings_line(paper, corpus.pages)}")
    out += facts + [""]
    if paper.abstract:
        out += myst.lines("**Abstract.** " + myst.text(paper.abstract)) + [""]
    else:
        out += ["*No abstract is known.*", ""]
    # The BibTeX in a collapsed block (sphinx-design's dropdown, a <details> element), with its copy button.
    block = myst.fence(bibtex[i], "bibtex")
    inner = "`" * (len(block[-1]) + 1)  # each fence longer than the one it holds
    outer = inner + "`"
    out += [outer + "{only} html", inner + "{dropdown} BibTeX", *block, inner, outer, ""]
    versions = corpus.versions[i]
    if versions:
        out += ["**Other versions of this work** (same method name or near-identical text):", ""]
        out += [f"- {link(corpus.papers[j].key)}{chapter_of(corpus, corpus.papers[j])}" for j in versions] + [""]
    related = corpus.related[i]
    if related:
        out += ["**Related papers** (most similar wording):", ""]
        for j, score in related:
            other = corpus.papers[j]
            method = f" ({myst.text(other.short_name)})" if other.short_name else ""
            out.append(f"- {link(other.key)}{method}{chapter_of(corpus, other)}, similarity {score:.2f}")
        out.append("")
    return "\n".join(out)


def entry_page(corpus: Corpus, bibtex: Sequence[str], name: str, rows: list[int]) -> str:
    out = [f"({group_label(name)})=", f"# {group_title(name)}", "",
           f"The {len(rows)} paper{'s' if len(rows) != 1 else ''} whose citation key starts with "
           f"**{myst.text(name.upper())}**, by key. Each entry gives the paper's facts, abstract, BibTeX and "
           "related papers; {ref}`all-papers` lists them all.", ""]
    return "\n".join(out + [entry(corpus, bibtex, i) for i in rows])


def key_range(corpus: Corpus, rows: list[int]) -> str:
    return f"{myst.text(corpus.papers[rows[0]].key)} to {myst.text(corpus.papers[rows[-1]].key)}"


def part_page(corpus: Corpus, bibtex: Sequence[str], name: str, rows: list[int], part: int, count: int) -> str:
    out = [f"({group_label(name, part)})=", f"# {group_title(name)}, part {part} of {count}", "",
           f"Keys {key_range(corpus, rows)}: {len(rows)} of the papers whose citation key starts with "
           f"**{myst.text(name.upper())}** ({{ref}}`all of them <{group_label(name)}>`). Each entry gives the "
           "paper's facts, abstract, BibTeX and related papers.", ""]
    return "\n".join(out + [entry(corpus, bibtex, i) for i in rows])


def group_index(corpus: Corpus, name: str, rows: list[int], runs: list[list[int]]) -> str:
    """The page of a split group: its parts, and (on the site) a link to every entry, which the site's
    script follows when the page is opened at an entry's address."""
    listing = [f"- {link(corpus.papers[i].key)}" for i in rows]
    return "\n".join([
        f"({group_label(name)})=", f"# {group_title(name)}", "",
        f"The {len(rows)} papers whose citation key starts with **{myst.text(name.upper())}**, in "
        f"{len(runs)} parts by key: " + " · ".join(
            f"{{ref}}`part {n} <{group_label(name, n)}>` ({key_range(corpus, run)})" for n, run in enumerate(runs, 1))
        + ". {ref}`all-papers` lists every paper of the survey.", "",
        "````{only} html", *listing, "````", ""])


def entry_pages(corpus: Corpus, bibtex: Sequence[str], limit: int = ENTRY_PAGE_LIMIT) -> dict[str, str]:
    """Every entry page keyed by its path relative to the book root (papers/<group>.md), a group of more
    than `limit` papers as an index and its parts (papers/<group>-part<n>.md). `bibtex` holds each
    paper's BibTeX entry as references.bib does (formats.bibtex.entry_texts)."""
    pages = {}
    for name, rows in groups(corpus.papers).items():
        if len(rows) <= limit:
            pages[f"{PAPERS_DIR}/{name}.md"] = entry_page(corpus, bibtex, name, rows)
            continue
        runs = parts(rows, limit)
        pages[f"{PAPERS_DIR}/{name}.md"] = group_index(corpus, name, rows, runs)
        for n, run in enumerate(runs, 1):
            pages[f"{PAPERS_DIR}/{name}-part{n}.md"] = part_page(corpus, bibtex, name, run, n, len(runs))
    return pages


PAPER_INDEX = "papers/index.md"
PAPER_INDEX_LABEL = "paper-index"


def paper_index(corpus: Corpus) -> str:
    """The one page that leads to every entry page: the groups by first character of the citation key, each
    with its number of papers and its first and last key (the entry pages are not in the sidebar)."""
    out = [f"({PAPER_INDEX_LABEL})=", "# Paper index", "",
           f"Every one of the {len(corpus)} papers has an entry: what it does, where it is filed, its authors, date, "
           "links, abstract, BibTeX and related papers. Entries share a page per first character of the paper's "
           "citation key (the first author's family name, or the title's first word when the authors are not "
           "known), so an entry's address never changes. To find a paper by its title, chapter, year or code, use "
           "{ref}`all-papers`, or the search box.", ""]
    for name, rows in groups(corpus.papers).items():
        first, last = corpus.papers[rows[0]].key, corpus.papers[rows[-1]].key
        span = myst.text(first) if first == last else f"{myst.text(first)} to {myst.text(last)}"
        out.append(f"- {{ref}}`{group_title(name)} <{group_label(name)}>`: {len(rows)} "
                   f"paper{'s' if len(rows) != 1 else ''}, {span}")
    return "\n".join(out + [""])
