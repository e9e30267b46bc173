"""Stage 5b: citation downloads for readers: the BibTeX file, one BibTeX file per chapter, RIS (for
Zotero, EndNote, Mendeley) and CSL-JSON (for pandoc, Zotero and every CSL processor).

Pure functions of the paper table: the same table always gives byte-identical files. RIS and CSL-JSON
carry the same facts as the BibTeX entries: plain Unicode text (no LaTeX), authors split into family
and given names the way BibTeX reads them, year and month, the arXiv id, the URL, the abstract and the
provenance note. Nothing is invented: a field that is not known is left out.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Mapping

import pandas as pd
import rispy
from pybtex.database import Person

from .bibtex import entry_texts, paper_url, provenance_note
from .latex import title_pieces
from .table import table_to_csv
from .taxonomy import Taxonomy

DOWNLOADS = "downloads"
ARXIV = "arXiv"


def chapter_bibtex(table: pd.DataFrame, slug: str, bibtex: list[str] | None = None) -> str:
    """BibTeX of just the papers of chapter `slug`, entries identical to those of references.bib;
    `bibtex` is `entry_texts(table)` when the caller has it already."""
    bibtex = entry_texts(table) if bibtex is None else bibtex
    return "\n".join(bibtex[i] for i, themes in enumerate(table["themes"]) if slug in themes.split(";"))


def authors(row: Mapping[str, str]) -> list[str]:
    return [a for a in row["authors"].split("; ") if a]


def name_parts(author: str) -> dict[str, str]:
    """A 'First von Last' or 'von Last, First' name split as BibTeX splits it (pybtex's parser):
    CSL name parts, with only the non-empty ones."""
    return dict(_name_parts(author))


@functools.lru_cache(maxsize=1 << 16)
def _name_parts(author: str) -> tuple[tuple[str, str], ...]:
    """name_parts, parsed once per name (authors recur, and RIS and CSL-JSON both need them)."""
    person = Person(author)
    parts = {
        "family": " ".join(person.last_names),
        "given": " ".join(person.first_names + person.middle_names),
        "non-dropping-particle": " ".join(person.prelast_names),
        "suffix": " ".join(person.lineage_names),
    }
    return tuple((k, v) for k, v in parts.items() if v)


def ris_name(author: str) -> str:
    """'von Last, First[, Jr]', the RIS form, which Zotero and EndNote split at the commas."""
    parts = name_parts(author)
    family = " ".join(p for p in (parts.get("non-dropping-particle"), parts.get("family")) if p)
    return ", ".join(p for p in (family, parts.get("given"), parts.get("suffix")) if p)


def csl_title(title: str) -> str:
    """The title with the words whose case matters (those BibTeX braces) in CSL's rich-text markup
    <span class="nocase">, so title-casing styles leave them alone (λ-ECLIPSE stays λ-ECLIPSE)."""
    return "".join(f'<span class="nocase">{text}</span>' if keep else text for text, keep in title_pieces(title))


def csl_item(row: Mapping[str, str]) -> dict:
    """One paper as a CSL-JSON item (CSL 1.0.2 schema): a preprint is of type "article"."""
    item: dict = {"id": row["key"], "type": "article", "title": csl_title(row["title"])}
    names = authors(row)
    if names:
        item["author"] = [name_parts(a) for a in names]
    if row["year"]:
        item["issued"] = {"date-parts": [[int(row["year"])] + ([int(row["month"])] if row["month"] else [])]}
    if row["arxiv_id"]:
        # Zotero's mapping of a preprint: repository -> publisher, archive ID -> number.
        item["number"] = f"arXiv:{row['arxiv_id']}"
        item["publisher"] = ARXIV
    url = paper_url(row)
    if url:
        item["URL"] = url
    if row["abstract"]:
        item["abstract"] = row["abstract"]
    item["note"] = provenance_note(row)
    return item


def to_csl_json(table: pd.DataFrame) -> str:
    items = [csl_item(row) for row in table.to_dict("records")]
    return json.dumps(items, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def ris_record(row: Mapping[str, str]) -> dict:
    """One paper as a rispy record; "UNPB" (unpublished work) is RIS's type for a preprint."""
    record: dict = {"type_of_reference": "UNPB", "id": row["key"], "title": row["title"]}
    names = authors(row)
    if names:
        record["authors"] = [ris_name(a) for a in names]
    if row["year"]:
        record["year"] = row["year"]
        record["date"] = f"{row['year']}/{int(row['month']):02d}//" if row["month"] else f"{row['year']}///"
    if row["arxiv_id"]:
        record["name_of_database"] = ARXIV
        record["accession_number"] = f"arXiv:{row['arxiv_id']}"
    url = paper_url(row)
    if url:
        record["urls"] = [url]
    if row["abstract"]:
        record["abstract"] = row["abstract"]
    record["notes"] = [provenance_note(row)]
    themes = [t for t in row["themes"].split(";") if t]
    if themes:
        record["keywords"] = themes  # Zotero turns them into tags: one per chapter of the survey
    return record


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its '1.', '2.' counter lines, which are not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(table: pd.DataFrame) -> str:
    records = [ris_record(row) for row in table.to_dict("records")]
    return rispy.dumps(records, implementation=_RisWriter)


def download_files(table: pd.DataFrame, taxonomy: Taxonomy, bibtex: list[str] | None = None) -> dict[str, str]:
    """Every citation download, keyed by its path relative to the book's root; `bibtex` is
    `entry_texts(table)` when the caller has it already."""
    bibtex = entry_texts(table) if bibtex is None else bibtex
    files = {
        f"{DOWNLOADS}/references.bib": "\n".join(bibtex),
        f"{DOWNLOADS}/survey.ris": to_ris(table),
        f"{DOWNLOADS}/survey.json": to_csl_json(table),
        f"{DOWNLOADS}/papers.csv": table_to_csv(table),
    }
    for chapter in taxonomy.chapters:
        files[f"{DOWNLOADS}/chapters/{chapter.slug}.bib"] = chapter_bibtex(table, chapter.slug, bibtex)
    return files
