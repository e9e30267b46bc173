"""Assembling the papers: each listed paper with its facts, metadata, key, themes, contribution and result
sentences, type, training-free flag and attributes, as `Paper`s sorted by key (the order of the table and
of every page)."""
from __future__ import annotations

import logging

from ..inputs.attributes import Attributes, match
from ..inputs.listings import ListedPaper
from ..inputs.metadata import Metadata
from ..model.paper import Paper, normalize_title
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
    meta = [metadata.get(normalize_title(p.title)) for p in listed]
    titles = [display_text(p.title) for p in listed]
    abstracts = [display_text(p.abstract) for p in listed]
    keys = assign_keys([(t, m.authors if m else (), m.year if m else "") for t, m in zip(titles, meta)],
                       since=[m.arxiv_id if m else "" for m in meta])
    vectors = vectorize([paper_text(p.title, p.abstract) for p in listed])
    by_index = {i: overrides[normalize_title(p.title)] for i, p in enumerate(listed) if normalize_title(p.title) in overrides}
    assignments, weak = assign(taxonomy, [p.title for p in listed], [p.abstract for p in listed], vectors, by_index)
    for index, assignment, runner_up in weak:
        log.info("weakly assigned (%s, %.2f vs %.2f) to %s: %s", assignment.method, assignment.evidence,
                 runner_up, assignment.primary, listed[index].title)
    roles.classify(abstracts)  # every sentence of the corpus in one batch; the loop reads the results
    papers = []
    for paper, title, abstract, m, key, a in zip(listed, titles, abstracts, meta, keys, assignments):
        code, project = facts.links(paper.abstract)
        name = facts.short_name(title, abstract)
        summary = _readable_first(abstract, roles.summaries(abstract), name)
        result = _readable_first(abstract, roles.results(abstract), name)
        papers.append(Paper(
            key=key, title=title, abstract=abstract,
            short_name=name, summary=summary, result=result,
            paper_type=roles.paper_type(title, abstract),
            training_free=training_free(title, abstract),
            themes=tuple(a.themes), section=a.section, assignment=a.method,
            code_urls=tuple(code), project_urls=tuple(project),
            arxiv_id=m.arxiv_id if m else "", doi=m.doi if m else "",
            authors=m.authors if m else (),
            authors_complete=m.authors_complete if m and m.authors else None,
            year=int(m.year) if m and m.year else None, month=m.month if m and m.month else None,
            sources=tuple(paper.sources), dates=tuple(paper.dates),
            attributes=tuple(match(attributes, title, abstract).items()),
        ))
    return sorted(papers, key=lambda p: p.key)


def _readable_first(abstract: str, ranked: list[Sentence], name: str) -> str:
    """The best-ranked sentence that reads on its own when quoted (quotes.shown_text), else the best one;
    "" when there is none. Always an exact sentence of the abstract."""
    texts = [abstract[s.start:s.end] for s in ranked]
    return next((t for t in texts if shown_text(t, name) is not None), texts[0] if texts else "")
