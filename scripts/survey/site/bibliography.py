"""The bibliography page(s), rendered by sphinxcontrib-bibtex from references.bib."""
from __future__ import annotations

from collections.abc import Sequence

from ..formats import myst
from ..model.paper import Paper
from .addresses import OTHER_GROUP, group_slug, groups
from .split import index_item, parts

BIBLIOGRAPHY_PAGE_LIMIT = 4000  # ~590 bytes of HTML per entry: 2.3 MB


def bibliography_pages(papers: Sequence[Paper], limit: int = BIBLIOGRAPHY_PAGE_LIMIT) -> dict[str, str]:
    """The bibliography: one page, or above `limit` papers an index and a page per first character of the
    key, as the entries are grouped (chapters/bibliography-<group>.md), a group of more than `limit` papers
    in parts of consecutive keys (chapters/bibliography-<group>-part<n>.md, each selecting its key range).
    Each page's labels carry its group, and its part, as a prefix ([S12], [S2-12]), so labels stay unique
    across the pages."""
    intro = ["(bibliography)=", "# Bibliography", "",
             "Download every entry as {download}`BibTeX </downloads/references.bib>` (LaTeX, JabRef, Zotero), "
             "{download}`RIS </downloads/survey.ris>` (Zotero, EndNote, Mendeley) or "
             "{download}`CSL-JSON </downloads/survey.json>` (Zotero, pandoc). Each chapter page links to "
             "a BibTeX file of its own papers.", ""]
    if len(papers) <= limit:
        return {"chapters/bibliography.md": "\n".join(intro + ["```{bibliography}", ":all:", "```", ""])}
    by_group = groups(papers)
    runs = {name: parts(rows, limit) for name, rows in by_group.items()}
    pages = {"chapters/bibliography.md": "\n".join(intro + [
        "By the first character of the citation key: " + " · ".join(
            index_item(name.upper(), f"bibliography-{group_slug(name)}", len(rows), len(runs[name]))
            for name, rows in by_group.items()) + ".", ""])}
    for name in by_group:
        slug, prefix = group_slug(name), "#" if name == OTHER_GROUP else name.upper()
        if len(runs[name]) == 1:
            matches = 'not key % "^[a-z]"' if name == OTHER_GROUP else f'key % "^{name}"'
            pages[f"chapters/bibliography-{slug}.md"] = "\n".join([
                f"(bibliography-{slug})=", f"# Bibliography: {name.upper()}", "",
                "```{bibliography}", f":filter: {matches}",
                f":labelprefix: \"{prefix}\"", "```", ""])  # quoted: # starts a comment
            continue
        for n, run in enumerate(runs[name], 1):
            first, last = papers[run[0]].key, papers[run[-1]].key  # keys are lower-case, as the filter reads them
            pages[f"chapters/bibliography-{slug}-part{n}.md"] = "\n".join([
                f"(bibliography-{slug}-part{n})=", f"# Bibliography: {name.upper()}, part {n} of {len(runs[name])}", "",
                f"Keys {myst.text(first)} to {myst.text(last)}.", "",
                "```{bibliography}", f':filter: key >= "{first}" and key <= "{last}"',
                f":labelprefix: \"{prefix}{n}-\"", "```", ""])
    return pages
