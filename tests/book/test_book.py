"""Integration: the real jupyter-book builds the fixture survey; pages, tables and citations are there."""
import pickle
import re

import pytest

from survey.pipeline import Options, generate, write_outputs
from survey.site.book import PageLimits
from tests.helpers import build_html, published_table, set_sphinx_config

pytestmark = pytest.mark.slow


def page(book, name):
    return (book / "_build" / "html" / "chapters" / f"{name}.html").read_text(encoding="utf-8")


def escaped(title: str) -> str:
    return title.replace("&", "&amp;").replace("'", "&#39;")


def test_every_paper_is_in_its_chapter_table_with_a_citation_link(built_fixture_book):
    table = published_table(built_fixture_book / "data" / "papers.csv")
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


@pytest.mark.parametrize("split", [False, True])
def test_the_speed_up_extensions_change_no_byte_of_the_site(built_fixture_book, tmp_path, split):
    """The speed-ups of survey.sphinxext (citation index, sidebar, incremental rebuilds) only make builds
    faster: the book built with `survey_speedups: false` is the same site, file for file; also with "All
    papers", the bibliography and the entry groups split into nested pages (deeper navigation)."""
    import shutil

    book = built_fixture_book
    if split:
        book = tmp_path / "split"
        shutil.copytree(built_fixture_book, book, symlinks=True, ignore=shutil.ignore_patterns("_build"))
        (book / "data" / "raw" / "003_crowd.txt").write_text(CROWD, encoding="utf-8")
        write_outputs(book, generate(book, Options(PageLimits(entries=2, all_papers=2, bibliography=2, section_table=1))))
        assert build_html(book).returncode == 0
    without = tmp_path / "book"
    shutil.copytree(book, without, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    set_sphinx_config(without, survey_speedups=False)
    built = build_html(without)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    ours, theirs = book / "_build" / "html", without / "_build" / "html"
    names = sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file() and p.name != ".buildinfo")
    assert names == sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*")
                           if p.is_file() and p.name != ".buildinfo")
    assert len([n for n in names if n.endswith(".html")]) > 5
    assert [n for n in names if (ours / n).read_bytes() != (theirs / n).read_bytes()] == []

    def numfig(root):  # figure numbering, which loads every page on every build, is off in ours only
        return pickle.loads((root / "_build" / ".doctrees" / "environment.pickle").read_bytes()).config.numfig
    assert (numfig(book), numfig(without)) == (False, True)


def test_a_large_survey_splits_all_papers_and_the_bibliography_into_pages_that_build(book):
    """Above its limit of papers "All papers" becomes an index and a page per title initial, the
    bibliography an index and a page per key initial, and a section's comparison table pages of its own
    under its chapter; the book builds with them (labels, table of contents, citations), and every paper
    is in exactly one of each page of "All papers" and of the bibliography."""
    (book / "data" / "raw" / "003_digits.txt").write_text(CROWD.replace("Crowded Federated Clients", "3D Gaussian Clients"),
                                                         encoding="utf-8")  # a key that starts with a digit
    (book / "data" / "raw" / "004_crowd.txt").write_text(CROWD, encoding="utf-8")  # three keys and titles with C
    write_outputs(book, generate(book, Options(PageLimits(all_papers=2, bibliography=2, section_table=1))))  # 5 papers
    built = build_html(book)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    html = book / "_build" / "html" / "chapters"
    tables = sorted(p.relative_to(html).as_posix() for p in html.glob("*/*-part*.html"))
    assert tables, "no section was split"
    for name in tables:  # each part of a section's table is linked from its chapter's page
        chapter, part = name.split("/")
        assert f'href="{name}' in (html / f"{chapter}.html").read_text(encoding="utf-8"), name
        assert "<table" in (html / name).read_text(encoding="utf-8") and part.endswith(".html")
    split = sorted(html.glob("all-papers-*.html"))
    assert len(split) > 3
    table = published_table(book / "data" / "papers.csv")
    tables = [page[page.index("<table"):] for page in (p.read_text(encoding="utf-8") for p in split)]
    assert any("-part" in p.name for p in split)  # the three titles with C, in parts of at most 2
    for title in table["title"]:
        assert sum(page.count(escaped(title)) for page in tables) == 1, title
    assert "<table" not in (html / "all-papers.html").read_text(encoding="utf-8")

    parts = {p.name: p.read_text(encoding="utf-8") for p in sorted(html.glob("bibliography-*.html"))}
    assert len(parts) > 3 and 'id="cite-' not in (html / "bibliography.html").read_text(encoding="utf-8")
    assert any(key[0].isdigit() for key in table["key"])
    assert any("-part" in name for name in parts)  # a group of more than 2 keys, in key ranges
    labels = []
    for key in table["key"]:
        group, prefix = ("digits", "#") if key[0].isdigit() else (key[0], key[0].upper())
        holders = [name for name, page in parts.items() if f'id="cite-{key}"' in page]
        assert len(holders) == 1 and re.fullmatch(rf"bibliography-{group}(-part\d+)?\.html", holders[0]), key
        label = re.search(rf'id="cite-{key}"[^>]*>\s*<span class="label">.*?\[</span>([^<]*)<', parts[holders[0]])
        part = re.search(r"-part(\d+)", holders[0])
        assert label and re.fullmatch(rf"{re.escape(prefix)}{part.group(1) + '-' if part else ''}\d+", label.group(1)), key
        labels.append(label.group(1))
        chapter = table.loc[table['key'] == key, 'primary_theme'].iloc[0]
        cited = [(html / f"{chapter}.html").read_text(encoding="utf-8")] + \
            [p.read_text(encoding="utf-8").replace('href="../', 'href="') for p in html.glob(f"{chapter}/*.html")]
        assert any(f'href="{holders[0]}#cite-{key}"' in page for page in cited), key
    assert len(set(labels)) == len(labels)  # [C1], [#1], [C2-1]: unique labels


def test_a_rebuild_that_reads_no_page_keeps_the_formatted_citations_until_an_input_changes(book):
    """survey.sphinxext.citation_index reuses the last build's formatted bibliography only while no page,
    no .bib file and no bibtex_* setting changed; any of those formats it again, and the site shows it."""
    from tests.helpers import run_survey

    kept = "citations kept from the last build"
    bibliography = book / "_build" / "html" / "chapters" / "bibliography.html"

    def build() -> str:
        built = build_html(book)
        assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
        return built.stdout

    assert run_survey(book, "build").returncode == 0
    assert kept not in build()
    cold = bibliography.read_bytes()
    again = build()
    assert kept in again and "0 added, 0 changed, 0 removed" in again
    assert bibliography.read_bytes() == cold

    references = book / "references.bib"
    title = re.search(r"title = \{([^{}]+)\}", references.read_text(encoding="utf-8")).group(1)
    references.write_text(references.read_text(encoding="utf-8").replace(title, "Edited title here"), encoding="utf-8")
    assert kept not in build()
    assert "Edited title here" in bibliography.read_text(encoding="utf-8")

    config = book / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("bibtex_default_style: plain",
                                                                 "bibtex_default_style: alpha"), encoding="utf-8")
    assert kept not in build()
    assert bibliography.read_bytes() != cold


CROWD = """new

Get trending papers in your email inbox!

Subscribe

byAK and the research community

Mar 13

Crowded Federated Clients: a first study

We study federated clients in crowds. We propose a method. It works well.

Crowded Diffusion Priors for Video

We study diffusion priors for video. We propose a method. It works well.
"""


def test_a_crowded_entry_group_splits_into_parts_and_the_entry_address_still_lands_on_the_entry(book):
    """Above ENTRY_PAGE_LIMIT papers a group's page becomes an index and parts; the book builds, and in a
    browser the entry's address (papers/c.html#paper-KEY) goes on to the part that holds the entry."""
    import shutil

    from tests.browser import THEME_NOISE, browser_page, serve
    from tests.helpers import ROOT

    (book / "data" / "raw" / "003_crowd.txt").write_text(CROWD, encoding="utf-8")
    shutil.copytree(ROOT / "_static", book / "_static")  # the site's script (the fixture book has none)
    write_outputs(book, generate(book, Options(PageLimits(entries=2))))  # the fixture's 'c' group now holds 3 papers
    assert sorted(p.name for p in (book / "papers").glob("c*.md")) == ["c-part1.md", "c-part2.md", "c.md"]
    built = build_html(book)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    html = book / "_build" / "html" / "papers"
    holder = next(p for p in html.glob("c-part*.html") if 'id="paper-crowdedfederated"' in p.read_text(encoding="utf-8"))
    assert 'id="paper-crowdedfederated"' not in (html / "c.html").read_text(encoding="utf-8")

    with serve(book / "_build" / "html") as base, browser_page(base) as (page, watch):
        page.goto(base + "/papers/c.html#paper-crowdedfederated", wait_until="load")
        page.wait_for_url(lambda url: url.endswith(f"/papers/{holder.name}#paper-crowdedfederated"), timeout=10_000)
        page.wait_for_timeout(300)
        target = page.locator("#paper-crowdedfederated")
        assert target.count() == 1
        assert page.evaluate("() => { const r = document.getElementById('paper-crowdedfederated')"
                             ".parentElement.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }")
        heading_link = page.locator("section:has(> #paper-crowdedfederated) > h2 > a.headerlink")
        assert heading_link.get_attribute("href") == "c.html#paper-crowdedfederated"  # the stable address
        page.goto(base + "/papers/c.html", wait_until="load")  # no entry named: the index stays
        page.wait_for_timeout(300)
        assert page.url.endswith("/papers/c.html")
        assert [p for p in watch.problems() if not any(noise in p for noise in THEME_NOISE)] == []


def test_an_entry_moving_to_an_earlier_part_rebuilds_incrementally(book):
    """Adding papers shifts the parts of a split group: an entry moves to the part before, which Sphinx reads
    first. survey.sphinxext.incremental forgets every page to be read before reading any, so the rebuild
    (warnings are errors) passes; the entry is in its new part only."""

    def parts() -> dict[str, list[str]]:
        return {p.name: re.findall(r"^\(paper-([^)]+)\)=$", p.read_text(encoding="utf-8"), flags=re.MULTILINE)
                for p in sorted((book / "papers").glob("c-part*.md"))}

    limits = Options(PageLimits(entries=3))
    raw = book / "data" / "raw"
    (raw / "003_crowd.txt").write_text(CROWD.replace("Crowded Diffusion Priors", "Crowded Graph Priors") + "\n"
                                       + CROWD.split("Mar 13\n\n", 1)[1], encoding="utf-8")  # 'c' holds 4: 2 + 2
    write_outputs(book, generate(book, limits))
    before = parts()
    assert [len(keys) for keys in before.values()] == [2, 2]
    assert build_html(book).returncode == 0
    (raw / "004_more.txt").write_text(CROWD.replace("Crowded Federated Clients: a first study", "Cubic Clients")
                                      .replace("Crowded Diffusion Priors for Video", "Cubic Priors for Video"),
                                      encoding="utf-8")  # two keys after the others: 6 papers, 3 + 3
    write_outputs(book, generate(book, limits))
    after = parts()
    moved = before["c-part2.md"][0]
    assert [len(keys) for keys in after.values()] == [3, 3] and moved in after["c-part1.md"]
    rebuilt = build_html(book)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-2000:]
    assert "duplicate label" not in rebuilt.stdout + rebuilt.stderr
    html = book / "_build" / "html" / "papers"
    assert f'id="paper-{moved}"' in (html / "c-part1.html").read_text(encoding="utf-8")
    assert f'id="paper-{moved}"' not in (html / "c-part2.html").read_text(encoding="utf-8")
