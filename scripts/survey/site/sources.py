"""The Sources page: per input file of data/raw, what it gave the survey (entries read, new papers,
entries merged into which paper, entries skipped and why, disagreements between sources)."""
from __future__ import annotations

from ..analysis.corpus import Corpus
from ..formats import myst
from ..inputs.merge import FileReport, Report
from ..model.paper import normalize_title
from .addresses import link

SOURCES_PAGE = "chapters/sources.md"
SOURCES_LABEL = "sources"
SHOWN = 100  # lines per file and kind of event; the rest is counted, so the page does not grow with the corpus


def sources_page(corpus: Corpus, report: Report) -> str:
    keys = {normalize_title(p.title): p.key for p in corpus.papers}
    totals = [sum(x) for x in zip(*[(f.read, len(f.new), len(f.merged), len(f.skipped)) for f in report.files])] \
        or [0, 0, 0, 0]
    out = [f"({SOURCES_LABEL})=", "# Sources", "",
           *myst.lines(f"The survey was built from {len(report.files)} files of `data/raw`: listing pages first, then "
                       "bibliographic exports, each in name order. The same paper from several files is one paper "
                       "(matched by DOI, then by arXiv id without version, then by title ignoring case and "
                       "punctuation) that keeps every file as a source; the first file wins its title and abstract, "
                       "later ones fill what it lacks, and data/arxiv_metadata.csv wins over the exports' authors "
                       f"and dates. In all: {totals[0]} entries read, {totals[1]} papers, {totals[2]} entries merged "
                       f"into a paper listed before, {totals[3]} skipped."), "",
           myst.table(["File", "Format", "Entries read", "New papers", "Merged", "Without abstract", "Skipped",
                       "Conflicts"],
                      [[myst.text(f.source), myst.text(f.kind), str(f.read), str(len(f.new)), str(len(f.merged)),
                        str(f.without_abstract), str(len(f.skipped)), str(len(f.conflicts))] for f in report.files],
                      [32, 14, 9, 9, 9, 9, 9, 9]), ""]
    for f in report.files:
        details = _details(f, keys)
        if details:
            out += [f"## {myst.text(f.source)}", "", *details]
    return "\n".join(out) + "\n"


def _details(f: FileReport, keys: dict[str, str]) -> list[str]:
    def paper(title: str) -> str:
        key = keys.get(normalize_title(title))
        return link(key) if key else myst.text(title)

    parts = [("Merged into a paper read before", [f"{myst.text(where)}: into {paper(title)} (same {myst.text(by)}, "
                                                   f"first read at {myst.text(first)})"
                                                   for where, title, first, by in f.merged]),
             ("Skipped", [f"{myst.text(where)}: {myst.text(reason)}" for where, reason in f.skipped]),
             ("Sources that disagree (the first is kept)",
              [f"{paper(c.paper)}: {myst.text(c.field)} {myst.text(repr(c.kept))} ({myst.text(c.kept_from)}), "
               f"here {myst.text(repr(c.other))} ({myst.text(c.other_from)})" for c in f.conflicts]),
             ("Kept apart", [f"{myst.text(where)}: {myst.text(why)}" for where, why in f.kept_apart])]
    out: list[str] = []
    for heading, items in parts:
        if not items:
            continue
        out += [f"{heading}:", ""] + [f"- {item}" for item in items[:SHOWN]]
        if len(items) > SHOWN:
            out.append(f"- and {len(items) - SHOWN} more")
        out.append("")
    return out
