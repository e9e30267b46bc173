"""A section's synthesis and a chapter's connections as MyST: `analysis.synthesis` computes them as data;
this module only renders that data (quotes literally, between quotation marks, next to their citation)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..analysis.corpus import Corpus
from ..analysis.synthesis import Quote, SectionSynthesis, bridge_papers, shared_vocabulary
from ..formats import myst
from ..model.paper import Paper
from . import cells
from .addresses import chapter_label


def quote_cell(quote: Quote) -> str:
    return f"“{myst.text(quote.shown)}”"


def _paper(paper: Paper) -> str:
    return f"{myst.text(paper.title)} {myst.cite(paper.key)}"


def _source(papers: Mapping[str, Paper], key: str) -> str:
    """The cited paper of a quotation: its method's short name (or its title) and the citation."""
    paper = papers[key]
    return f"{myst.text(paper.short_name or paper.title)} {myst.cite(key)}"


def _cited(papers: Sequence[Paper], rows: Sequence[int]) -> str:
    """One parenthetical citation (`{cite:p}`a,b``) of the papers at `rows`, or of the LISTED_PAPERS most
    recent of them and how many more there are."""
    shown = cells.most_recent(papers, rows)
    cited = myst.cite(",".join(papers[i].key for i in shown))
    return cited if len(shown) == len(rows) else f"{cited} and {len(rows) - len(shown):,} more"


def _papers(count: int) -> str:
    return f"{count} shared paper" + ("" if count == 1 else "s")


def section_synthesis_md(papers: Sequence[Paper], synthesis: SectionSynthesis) -> str:
    """The MyST block of one section: shared vocabulary, most representative papers, key findings,
    challenges and open problems quoted from the abstracts, and the datasets, benchmarks and metrics the
    papers name."""
    if not synthesis.rows:
        return ""
    n = len(synthesis.rows)
    by_key = {papers[i].key: papers[i] for i in synthesis.rows}
    out: list[str] = []
    if synthesis.terms:
        out += [f"**Shared vocabulary.** Terms used by at least two of the {n} papers and weighted more here than "
                f"in the chapter and in the whole corpus: {myst.text(', '.join(synthesis.terms))}.", ""]
    if synthesis.representative:
        out += ["**Most representative papers** (closest to the centroid of the section's TF-IDF vectors): "
                + "; ".join(_paper(papers[i]) for i in synthesis.representative) + ".", ""]
    if synthesis.findings:
        out += ["**Key findings.** Results as the authors state them, measured or qualitative, quoted from the "
                "abstracts (a bracketed name stands for the paper's \"It\" or \"this method\"):", "",
                myst.table(["Finding (quoted)", "Paper"],
                           [[quote_cell(q), _source(by_key, q.key)] for q in synthesis.findings], [72, 28]), ""]
    else:
        out += [f"**Key findings.** None of the {n} abstracts has a result sentence that reads on its own.", ""]
    if synthesis.challenges:
        out += ["**Challenges the papers address.** Problems and limitations of prior work or of the field, as "
                "the authors state them:", "",
                myst.table(["Challenge (quoted)", "Paper"],
                           [[quote_cell(q), _source(by_key, q.key)] for q in synthesis.challenges], [72, 28]), ""]
    if synthesis.future:
        out += ["**Open problems and future work**, as the authors state them (future work, or limitations of "
                "their own approach):", "",
                myst.table(["Open problem (quoted)", "Paper"],
                           [[quote_cell(q), _source(by_key, q.key)] for q in synthesis.future], [72, 28]), ""]
    if synthesis.usage:
        row = {papers[i].key: i for i in synthesis.rows}
        most = cells.LISTED_PAPERS
        capped = any(len(u.keys) > most for u in synthesis.usage)
        out += ["**Datasets, benchmarks and metrics** named in the titles and abstracts (from the survey's lexicon)"
                + (f"; of more than {most} papers naming one, the {most} most recent are cited" if capped else "")
                + ":", "",
                myst.table(["Name", "Kind", "Papers"],
                           [[myst.text(u.entry.name), u.entry.kind, _cited(papers, [row[k] for k in u.keys])]
                            for u in synthesis.usage], [30, 14, 56]), ""]
    elif synthesis.lexicon_size:
        out += ["**Datasets, benchmarks and metrics:** none of the lexicon's names appears in these titles and "
                "abstracts.", ""]
    return "\n".join(out)




def chapter_bridges_md(corpus: Corpus, slug: str, related: list[tuple[str, int, float]]) -> str:
    """The MyST body of a chapter's "Related chapters" part: its bridge papers (in several chapters) and
    its nearest chapters (`related`, as computed by site.chapter.related_chapters: slug, shared papers,
    vocabulary similarity) with the shared papers cited and the terms that make them similar."""
    def ref(other: str) -> str:
        return f"{{ref}}`{chapter_label(other)}`"

    papers = corpus.papers
    members = corpus.members(slug)
    bridges = bridge_papers(papers, members)
    shown = cells.most_recent(papers, bridges)
    out: list[str] = []
    if bridges:
        rows = []
        for i in shown:
            themes = papers[i].themes
            chapters = [f"{ref(t)} (main)" if n == 0 else ref(t) for n, t in enumerate(themes) if t != slug]
            rows.append([_paper(papers[i]), "main chapter" if themes[0] == slug else "also relevant",
                          ", ".join(chapters)])
        out += [f"**Bridge papers.** {len(bridges)} of the chapter's papers also belong to other chapters"
                + ("" if len(shown) == len(bridges) else f"; the {len(shown)} most recent") + ":", "",
                myst.table(["Paper", "Here", "Other chapters"], rows, [50, 16, 34]), ""]
    else:
        out += ["**Bridge papers.** No paper of this chapter belongs to another chapter.", ""]
    if related:
        out += ["**Nearest chapters**, by shared papers and then by vocabulary similarity (cosine of the chapters' "
                "mean TF-IDF vectors), with the terms both chapters use more than the corpus average that add most "
                "to that similarity:", ""]
        for other, shared, similarity in related:
            theirs = corpus.members(other)
            common = sorted(set(members) & set(theirs), key=lambda i: papers[i].key)
            cited = f"{_papers(shared)} {_cited(papers, common)}" if common else _papers(shared)
            terms = shared_vocabulary(corpus.vectors, members, theirs, noise=corpus.noise)
            out.append(f"- {ref(other)}: {cited}; vocabulary similarity {similarity:.2f}"
                       + (f"; shared distinctive terms: {myst.text(', '.join(terms))}" if terms else "") + ".")
        out.append("")
    return "\n".join(out)
