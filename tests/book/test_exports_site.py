"""A new field's survey from reference-manager exports alone: no listing page, no data/themes.yml. The
real `survey build` and Jupyter Book build it into a site with a drafted taxonomy and a Sources page, and
every exported paper has its entry."""
from __future__ import annotations

import csv
import html
import shutil

from survey.model.paper import normalize_title

from ..helpers import FIXTURE_BOOK, ROOT, build_html, run_survey

EXPORTS = ROOT / "tests" / "fixtures" / "exports"


def test_a_book_of_exports_only_builds_a_site_with_a_drafted_taxonomy(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(FIXTURE_BOOK, book, symlinks=True)
    for page in (book / "data" / "raw").glob("*.txt"):
        page.unlink()
    (book / "data" / "themes.yml").unlink()
    formats = {p.suffix for p in EXPORTS.iterdir() if p.is_file()}
    assert formats == {".bib", ".ris", ".json", ".xml"}
    for export in EXPORTS.iterdir():
        if export.is_file():
            shutil.copy(export, book / "data" / "raw" / export.name)

    generated = run_survey(book, "build")
    assert generated.returncode == 0, generated.stderr[-2000:]
    assert "themes.draft.yml" in generated.stderr and not (book / "data" / "themes.yml").exists()
    built = build_html(book)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]

    site = book / "_build" / "html"
    with (book / "data" / "papers.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert len({normalize_title(r["title"]) for r in rows}) == len(rows) > 10  # each paper once
    entries = "".join(p.read_text(encoding="utf-8") for p in (site / "papers").glob("*.html"))
    missing = [r["key"] for r in rows if f'id="paper-{r["key"]}"' not in entries]
    assert missing == []
    landing = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    assert "The taxonomy is a draft" in landing and "imported reference lists" in landing
    sources = html.unescape((site / "chapters" / "sources.html").read_text(encoding="utf-8"))
    assert all(name in sources for name in ("zotero.bib", "zotero.ris", "zotero-csl.json", "hf-daily.json",
                                            "arxiv-api.xml"))
