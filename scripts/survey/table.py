"""Stage 4: the paper table, data/papers.csv: one row per distinct paper, the single source of truth
for everything generated downstream (chapters, charts, BibTeX)."""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from . import facts
from .ingest import Paper, normalize_title
from .keys import assign_keys
from .metadata import Metadata
from .taxonomy import Override, Taxonomy
from .text import paper_text, vectorize
from .themes import assign

log = logging.getLogger(__name__)

COLUMNS = [
    "key", "title", "short_name", "abstract", "summary", "primary_theme", "themes", "section",
    "assignment", "code_urls", "project_urls", "arxiv_id", "authors", "authors_complete", "year",
    "month", "sources", "dates",
]


def build_table(papers: list[Paper], metadata: dict[str, Metadata], taxonomy: Taxonomy,
                overrides: dict[str, Override]) -> pd.DataFrame:
    """Every paper with its facts, metadata, key and themes, sorted by key."""
    meta = [metadata.get(normalize_title(p.title)) for p in papers]
    keys = assign_keys([(p.title, m.authors if m else (), m.year if m else "") for p, m in zip(papers, meta)],
                       since=[m.arxiv_id if m else "" for m in meta])
    vectors = vectorize([paper_text(p.title, p.abstract) for p in papers])
    by_index = {i: overrides[normalize_title(p.title)] for i, p in enumerate(papers) if normalize_title(p.title) in overrides}
    assignments, weak = assign(taxonomy, [p.title for p in papers], [p.abstract for p in papers], vectors, by_index)
    for index, assignment, runner_up in weak:
        log.info("weakly assigned (%s, %.2f vs %.2f) to %s: %s", assignment.method, assignment.evidence,
                 runner_up, assignment.primary, papers[index].title)
    rows = []
    for paper, m, key, a in zip(papers, meta, keys, assignments):
        code, project = facts.links(paper.abstract)
        rows.append({
            "key": key,
            "title": paper.title,
            "short_name": facts.short_name(paper.title, paper.abstract),
            "abstract": paper.abstract,
            "summary": facts.summary(paper.abstract),
            "primary_theme": a.primary,
            "themes": ";".join(a.themes),
            "section": a.section,
            "assignment": a.method,
            "code_urls": ";".join(code),
            "project_urls": ";".join(project),
            "arxiv_id": m.arxiv_id if m else "",
            "authors": "; ".join(m.authors) if m else "",
            "authors_complete": ("yes" if m.authors_complete else "no") if m and m.authors else "",
            "year": m.year if m else "",
            "month": str(m.month) if m and m.month else "",
            "sources": ";".join(paper.sources),
            "dates": ";".join(paper.dates),
        })
    table = pd.DataFrame(rows, columns=COLUMNS, dtype="string").fillna("")
    return table.sort_values("key", kind="stable").reset_index(drop=True)


def table_to_csv(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n")


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype="string", keep_default_na=False)
