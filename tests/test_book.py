"""Integration: the real jupyter-book builds the fixture survey; pages, tables and citations are there."""
import re

import pytest

from survey.table import read_table

pytestmark = pytest.mark.slow


def page(book, name):
    return (book / "_build" / "html" / "chapters" / f"{name}.html").read_text(encoding="utf-8")


def escaped(title: str) -> str:
    return title.replace("&", "&amp;").replace("'", "&#39;")


def test_every_paper_is_in_its_chapter_table_with_a_citation_link(built_fixture_book):
    table = read_table(built_fixture_book / "data" / "papers.csv")
    bibliography = page(built_fixture_book, "bibliography")
    for _, row in table.iterrows():
        html = page(built_fixture_book, row["primary_theme"])
        assert escaped(row["title"]) in html
        assert f'href="bibliography.html#cite-{row["key"]}"' in html
        assert f'id="cite-{row["key"]}"' in bibliography
        assert page(built_fixture_book, "all-papers").count(escaped(row["title"])) == 1
    assert bibliography.count('role="doc-biblioentry"') == len(table)


def test_chapter_page_has_overview_sections_and_tables(built_fixture_book):
    html = page(built_fixture_book, "diffusion")
    assert "Distinctive terms" in html and "link to code" in html
    assert 'id="section-diffusion-try-on"' in html and 'id="section-diffusion-video"' in html
    assert html.count("<table") == 2
    assert '<a class="reference external" href="https://github.com/example/catdiff">code</a>' in html
    assert 'id="related-chapters"' in html and 'href="federated-learning.html"' in html


def test_landing_page_links_every_chapter(built_fixture_book):
    html = (built_fixture_book / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    for slug in ["federated-learning", "diffusion", "other"]:
        assert f'href="chapters/{slug}.html"' in html
