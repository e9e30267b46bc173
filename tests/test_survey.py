"""The real survey in this repository: complete, current, and building without warnings."""
import shutil

import bibtexparser
import pytest

from conftest import ROOT, build_html
from survey.cli import generate
from survey.table import read_table
from survey.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def outputs():
    return generate(ROOT)


def test_committed_outputs_are_current_and_deterministic(outputs):
    """The generated files in the repository are exactly what the generator makes from data/."""
    assert outputs == generate(ROOT)
    for name, content in outputs.items():
        assert (ROOT / name).read_text(encoding="utf-8") == content, f"{name} is stale: run `make generate`"


def test_table_and_bibliography_hold_all_325_papers(outputs):
    table = read_table(ROOT / "data" / "papers.csv")
    assert len(table) == 325 and table["key"].is_unique
    library = bibtexparser.parse_string(outputs["references.bib"])
    assert not library.failed_blocks and [e.key for e in library.entries] == list(table["key"])


def test_every_paper_appears_in_a_chapter_page_and_other_is_small(outputs):
    table = read_table(ROOT / "data" / "papers.csv")
    taxonomy = load_taxonomy(ROOT / "data" / "themes.yml")
    for _, row in table.iterrows():
        assert f"`{row['key']}`" in outputs[f"chapters/{row['primary_theme']}.md"]
    assert (table["primary_theme"] == taxonomy.fallback).sum() <= 0.05 * len(table)
    assert set(table["primary_theme"]) == {c.slug for c in taxonomy.chapters}


@pytest.mark.slow
def test_real_site_builds_with_zero_warnings(tmp_path):
    book = tmp_path / "survey"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "tests"))
    result = build_html(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (book / "_build" / "html" / "chapters" / "virtual-try-on.html").read_text(encoding="utf-8")
    assert "CatVTON" in html and 'href="bibliography.html#cite-' in html
