"""Stage 5: references.bib from the paper table, written with bibtexparser 2."""
from __future__ import annotations

import re
from collections.abc import Mapping

import bibtexparser
import pandas as pd
from bibtexparser import middlewares, model

from .latex import escape, escape_title


def provenance_note(row: Mapping[str, str]) -> str:
    pages = ", ".join(f"{source} ({date})" for source, date in zip(row["sources"].split(";"), row["dates"].split(";")))
    note = f"Listed in {pages}"
    if not row["authors"]:
        note += "; authors not yet known"
    elif row["authors_complete"] == "no":
        note += "; author list incomplete"
    return note


def paper_url(row: Mapping[str, str]) -> str:
    """The paper's arXiv page when known, else its first code or project page."""
    if row["arxiv_id"]:
        return f"https://arxiv.org/abs/{row['arxiv_id']}"
    links = [u for u in (row["code_urls"].split(";") + row["project_urls"].split(";")) if u]
    return links[0] if links else ""


# arXiv abstracts have at most 1,920 characters. A runaway one (hundreds of KB) is cut in the BibTeX file,
# not in data/papers.csv: biber decodes LaTeX in quadratic time and would stall for minutes on it.
ABSTRACT_MAX_CHARS = 5000


def clip(text: str, limit: int) -> str:
    """`text`, or its first words up to `limit` characters followed by ' […]'."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " […]"


def entry(row: Mapping[str, str]) -> model.Entry:
    fields = [model.Field("title", escape_title(row["title"]))]
    if row["authors"]:
        names = [escape(a) for a in row["authors"].split("; ")]
        if row["authors_complete"] == "no":
            names.append("others")
        fields.append(model.Field("author", " and ".join(names)))
    if row["year"]:
        fields.append(model.Field("year", row["year"]))
    if row["month"]:
        fields.append(model.Field("month", int(row["month"])))
    if row["arxiv_id"]:
        fields += [model.Field("eprint", row["arxiv_id"]), model.Field("archivePrefix", "arXiv")]
    url = paper_url(row)
    if url:
        fields.append(model.Field("url", escape_url(url)))
    if row["abstract"]:
        fields.append(model.Field("abstract", escape(clip(row["abstract"], ABSTRACT_MAX_CHARS))))
    fields.append(model.Field("note", escape(provenance_note(row))))
    return model.Entry("misc", row["key"], fields)


# Characters a URL field cannot hold as they are: BibTeX counts braces, and a backslash or a space is
# never part of a URL. They are percent-encoded, which every consumer reads back as the same URL.
URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def escape_url(url: str) -> str:
    """A URL as a BibTeX field: verbatim, because biber, pybtex, pandoc and the url package read it
    verbatim (`%` and `#` stay as they are: `\\%` would turn into a literal backslash in the link)."""
    return "".join(URL_UNSAFE.get(char, char) for char in url)


def to_bibtex(table: pd.DataFrame) -> str:
    library = bibtexparser.Library([entry(row) for row in table.to_dict("records")])
    library = middlewares.MonthAbbreviationMiddleware(allow_inplace_modification=True).transform(library)
    bibtex_format = bibtexparser.BibtexFormat()
    bibtex_format.indent = "  "
    bibtex_format.block_separator = "\n"
    # The library is made for this write only: the writer may change it in place instead of deep-copying
    # every entry (bibtexparser warns about the copy for large libraries; it is most of the write's time).
    return bibtexparser.write_string(library, bibtex_format=bibtex_format,
                                     unparse_stack=middlewares.default_unparse_stack(allow_inplace_modification=True))


def entry_texts(table: pd.DataFrame) -> list[str]:
    """Each paper's entry exactly as `to_bibtex(table)` writes it, in table order, from one write: the
    file split before every line that starts with '@' (every field is one line, and an '@' of the text is
    written {@}). `"\n".join` of any of them is the file of just those papers."""
    whole = to_bibtex(table)
    texts = re.split(r"\n(?=@)", whole) if whole else []
    if len(texts) != len(table):
        raise AssertionError(f"{len(texts)} BibTeX entries written for {len(table)} papers")
    return texts
