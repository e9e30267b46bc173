"""Assembling the papers: each listed paper with its facts, metadata, key, themes, contribution and result
sentences, type, training-free flag and attributes, as `Paper`s sorted by key (the order of the table and
of every page)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from ..inputs.attributes import Attributes, match
from ..inputs.listings import ListedPaper
from ..inputs.metadata import Metadata
from ..model.paper import Paper, arxiv_doi, normalize_title
from ..model.sentence import Sentence
from ..model.taxonomy import Override, Taxonomy
from . import facts
from .display import display_text
from .keys import assign_keys
from .quotes import shown_text
from .roles import RoleModel, training_free
from .text import paper_text, vectorize
from .themes import assign

log = logging.getLogger(__name__)


def build_papers(listed: list[ListedPaper], metadata: dict[str, Metadata], taxonomy: Taxonomy,
                 overrides: dict[str, Override], roles: RoleModel, attributes: Attributes) -> list[Paper]:
    """Every listed paper with its facts, metadata, key, themes, sentence-role facts and attributes, sorted
    by key. Titles and abstracts are readable text from here on: LaTeX residue decoded
    (display.display_text); links are read from the abstract as listed."""
    meta = [bibliographic(p, metadata.get(normalize_title(p.title))) for p in listed]
    titles = [display_text(p.title) for p in listed]
    abstracts = [display_text(p.abstract) for p in listed]
    keys = assign_keys([(t, m.authors, str(m.year or "")) for t, m in zip(titles, meta)],
                       since=[m.arxiv_id for m in meta])
    vectors = vectorize([paper_text(t, a) for t, a in zip(titles, abstracts)])  # the corpus's texts, fitted once
    by_index = {i: overrides[normalize_title(p.title)] for i, p in enumerate(listed) if normalize_title(p.title) in overrides}
    assignments, weak = assign(taxonomy, [p.title for p in listed], [p.abstract for p in listed], vectors, by_index)
    for index, assignment, runner_up in weak:
        log.info("weakly assigned (%s, %.2f vs %.2f) to %s: %s", assignment.method, assignment.evidence,
                 runner_up, assignment.primary, listed[index].title)
    roles.classify(abstracts)  # every sentence of the corpus, in a few large batches; the loop reads the results
    papers = []
    for paper, title, abstract, m, key, a in zip(listed, titles, abstracts, meta, keys, assignments):
        code, project = facts.links(paper.abstract)
        name = facts.short_name(title, abstract)
        summaries = roles.summaries(abstract)
        summary = _readable_first(abstract, summaries, name)
        result = _readable_first(abstract, roles.results(abstract), name)
        papers.append(Paper(
            key=key, title=title, abstract=abstract,
            short_name=name, summary=summary, result=result,
            paper_type=roles.paper_type(title, abstract, summaries),
            training_free=training_free(title, abstract),
            themes=tuple(a.themes), section=a.section, assignment=a.method,
            code_urls=tuple(code), project_urls=tuple(project),
            arxiv_id=m.arxiv_id, doi=m.doi, authors=m.authors,
            authors_complete=m.authors_complete if m.authors else None,
            year=m.year, month=m.month,
            sources=tuple(paper.sources), dates=tuple(paper.dates),
            attributes=tuple(match(attributes, title, abstract).items()),
        ))
    return sorted(papers, key=lambda p: p.key)


@dataclass(frozen=True)
class Bibliographic:
    """A paper's arXiv id, DOI, authors and date, as the curated metadata and the exports give them."""

    arxiv_id: str
    doi: str
    authors: tuple[str, ...]
    authors_complete: bool
    year: int | None
    month: int | None


def bibliographic(paper: ListedPaper, curated: Metadata | None) -> Bibliographic:
    """The curated metadata (data/arxiv_metadata.csv) where it speaks, else the facts of the paper's
    bibliographic exports, else what an arXiv id encodes (its DOI, year and month); never invented."""
    arxiv_id = curated.arxiv_id if curated and curated.arxiv_id else paper.arxiv_id
    doi = paper.doi if paper.doi and not (curated and curated.arxiv_id) else arxiv_doi(arxiv_id)
    if curated and curated.authors:
        authors, complete = curated.authors, curated.authors_complete
    else:
        authors, complete = paper.authors, paper.authors_complete
    if curated and curated.submitted:
        year, month = int(curated.year), curated.month
    elif paper.year:
        year, month = paper.year, paper.month
    elif arxiv_id and arxiv_id[:4].isdigit():  # a new-style id, YYMM.NNNNN
        year, month = 2000 + int(arxiv_id[:2]), int(arxiv_id[2:4])
    else:
        year, month = None, None
    return Bibliographic(arxiv_id, doi, authors, complete, year, month if month and 1 <= month <= 12 else None)


def _readable_first(abstract: str, ranked: list[Sentence], name: str) -> str:
    """The best-ranked sentence that reads on its own when quoted (quotes.shown_text), else the best one;
    "" when there is none. Always an exact sentence of the abstract."""
    texts = [abstract[s.start:s.end] for s in ranked]
    return next((t for t in texts if shown_text(t, name) is not None), texts[0] if texts else "")
