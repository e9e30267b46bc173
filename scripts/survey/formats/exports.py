"""Stage 5b: citation downloads for readers: the BibTeX file, one BibTeX file per chapter, RIS (for
Zotero, EndNote, Mendeley) and CSL-JSON (for pandoc, Zotero and every CSL processor).

Pure functions of the papers: the same papers always give byte-identical files. RIS and CSL-JSON
carry the same facts as the BibTeX entries: plain Unicode text (no LaTeX), authors split into family
and given names the way BibTeX reads them, year and month, the arXiv id and DOI, the URL and the abstract;
RIS also says in words where each paper was listed (a note, which Zotero keeps beside the item, never in a
reference list). Nothing is invented: a field that is not known is left out, and no file name of data/raw
is written.

Each file is made as the UTF-8 bytes it is written as, in one buffer: not as text that is then encoded, nor
as a StringIO's value, nor with a final line break added by concatenation. At 100,000 papers a file is
about 200 MB, and each such extra copy cost seconds: once the process held a few GB, this machine's
kernel took 32-41 us to hand it each fresh 4 KB page (about 1 us while the process was small), and a copy
of a file touches 50,000 of them.
"""
from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Mapping, Sequence

import orjson
import rispy

from ..core.files import utf8_written
from ..model import table
from ..model.paper import ListingPage, Paper, listings
from ..model.sentence import Sentence
from ..model.taxonomy import Taxonomy
from .bibtex import entry_texts, name_parts, paper_url
from .latex import title_pieces

DOWNLOADS = "downloads"
ARXIV = "arXiv"


def encoded_entries(papers: Sequence[Paper], texts: Sequence[str] | None = None) -> list[bytes]:
    """Each paper's BibTeX entry (formats.bibtex.entry_texts, or `texts` when the caller has them already)
    as UTF-8 bytes: references.bib and the chapters' files are joined from them."""
    return [entry.encode("utf-8") for entry in (entry_texts(papers) if texts is None else texts)]


def chapter_bibtex(papers: Sequence[Paper], slug: str, entries: Sequence[bytes] | None = None) -> bytes:
    """BibTeX of just the papers of chapter `slug`, entries identical to those of references.bib;
    `entries` is `encoded_entries(papers)` when the caller has it already."""
    entries = encoded_entries(papers) if entries is None else entries
    return b"\n".join(entries[i] for i, paper in enumerate(papers) if slug in paper.themes)


def ris_name(author: str) -> str:
    """'von Last, First[, Jr]', the RIS form, which Zotero and EndNote split at the commas."""
    parts = name_parts(author)
    family = " ".join(p for p in (parts.get("non-dropping-particle"), parts.get("family")) if p)
    return ", ".join(p for p in (family, parts.get("given"), parts.get("suffix")) if p)


def csl_title(title: str) -> str:
    """The title with the words whose case matters (those BibTeX braces) in CSL's rich-text markup
    <span class="nocase">, so title-casing styles leave them alone (λ-ECLIPSE stays λ-ECLIPSE)."""
    return "".join(f'<span class="nocase">{text}</span>' if keep else text for text, keep in title_pieces(title))


def csl_item(paper: Paper) -> dict:
    """One paper as a CSL-JSON item (CSL 1.0.2 schema): a preprint is of type "article"."""
    item: dict = {"id": paper.key, "type": "article", "title": csl_title(paper.title)}
    if paper.authors:
        item["author"] = [name_parts(a) for a in paper.authors]
    if paper.year is not None:
        item["issued"] = {"date-parts": [[paper.year] + ([paper.month] if paper.month else [])]}
    if paper.arxiv_id:
        # Zotero's mapping of a preprint: repository -> publisher, archive ID -> number.
        item["number"] = f"arXiv:{paper.arxiv_id}"
        item["publisher"] = ARXIV
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper_url(paper)
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def to_csl_json(papers: Sequence[Paper]) -> bytes:
    return json_file(csl_item(paper) for paper in papers)


def json_file(items: Iterable[dict]) -> bytes:
    """`json.dumps(list(items), sort_keys=True, ensure_ascii=False, indent=2) + "\\n"` in UTF-8, written by
    orjson: the same text (tested on arbitrary values), but json indents in Python, which took about 1 s
    of a 10,000-paper build, and makes a list of every piece of the text before joining them (3.4 GB at
    100,000 papers). Integers must fit in 64 bits (CSL-JSON holds only years and months)."""
    return orjson.dumps(list(items), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def listed_note(paper: Paper, pages: Mapping[str, ListingPage]) -> str:
    """Where the paper was found, in words: 'Found in Hugging Face Daily Papers, 11 March 2025' (a listing
    page), 'Found in an imported BibTeX file' (an export)."""
    return "Found in " + "; ".join(text for text, _ in listings(paper, pages))


def ris_record(paper: Paper, pages: Mapping[str, ListingPage] | None = None) -> dict:
    """One paper as a rispy record; "UNPB" (unpublished work) is RIS's type for a preprint."""
    record: dict = {"type_of_reference": "UNPB", "id": paper.key, "title": paper.title}
    if paper.authors:
        record["authors"] = [ris_name(a) for a in paper.authors]
    if paper.year is not None:
        record["year"] = str(paper.year)
        record["date"] = f"{paper.year}/{paper.month:02d}//" if paper.month else f"{paper.year}///"
    if paper.arxiv_id:
        record["name_of_database"] = ARXIV
        record["accession_number"] = f"arXiv:{paper.arxiv_id}"
    if paper.doi:
        record["doi"] = paper.doi
    url = paper_url(paper)
    if url:
        record["urls"] = [url]
    if paper.abstract:
        record["abstract"] = paper.abstract
    if paper.sources:
        record["notes"] = [listed_note(paper, pages or {})]
    if paper.themes:
        record["keywords"] = list(paper.themes)  # Zotero turns them into tags: one per chapter of the survey
    return record


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its '1.', '2.' counter lines, which are not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(papers: Sequence[Paper], pages: Mapping[str, ListingPage] | None = None) -> bytes:
    """The RIS file: what rispy.dumps gives, written line by line into UTF-8 bytes (rispy.dump)."""
    records = [ris_record(paper, pages) for paper in papers]
    return utf8_written(lambda stream: rispy.dump(records, stream, implementation=_RisWriter))


SENTENCE_COLUMNS = ("key", "index", "start", "end", "role", "text")


def sentences_csv(papers: Sequence[Paper], sentences: Sequence[Sequence[Sentence]]) -> bytes:
    """data/sentences.csv: every sentence of every abstract with its role; `text == abstract[start:end]`,
    so each quoted statement of the survey can be checked against the abstract by machine."""
    def write(stream: io.TextIOBase) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(SENTENCE_COLUMNS)
        for paper, spans in zip(papers, sentences):
            writer.writerows([paper.key, s.index, s.start, s.end, s.role, paper.abstract[s.start:s.end]] for s in spans)

    return utf8_written(write)


def reader_table(papers: Sequence[Paper], pages: Mapping[str, ListingPage] | None = None) -> bytes:
    """The paper table as readers download it: data/papers.csv with the listing pages in words (the file
    names of data/raw are the editors' record, in data/papers.csv only)."""
    return table.to_csv([dataclasses.replace(p, sources=tuple(text for text, _ in listings(p, pages or {})))
                         for p in papers])


def download_files(papers: Sequence[Paper], taxonomy: Taxonomy, sentences: Sequence[Sequence[Sentence]],
                   bibtex: Sequence[str] | None = None, pages: Mapping[str, ListingPage] | None = None) -> dict[str, bytes]:
    """Every citation download's bytes, keyed by its path relative to the book's root; `sentences` are each
    paper's sentences with their roles; `bibtex` is `entry_texts(papers)` when the caller has it already,
    `pages` describes the listing pages."""
    entries = encoded_entries(papers, bibtex)
    files = {
        f"{DOWNLOADS}/references.bib": b"\n".join(entries),
        f"{DOWNLOADS}/survey.ris": to_ris(papers, pages),
        f"{DOWNLOADS}/survey.json": to_csl_json(papers),
        f"{DOWNLOADS}/papers.csv": reader_table(papers, pages),
        f"{DOWNLOADS}/sentences.csv": sentences_csv(papers, sentences),
    }
    for chapter in taxonomy.chapters:
        files[f"{DOWNLOADS}/chapters/{chapter.slug}.bib"] = chapter_bibtex(papers, chapter.slug, entries)
    return files
