"""The book's pages (survey.site): paper entries with stable addresses, what an entry holds, its BibTeX, related papers, index
entries for search, the landing page's edition facts; on a tiny synthetic corpus and on the real one."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import bibtexparser
import pytest
from markdown_it import MarkdownIt

from survey.analysis.corpus import RELATED_FLOOR, RELATED_PAPERS, Corpus
from survey.core.errors import InputError
from survey.formats import myst
from survey.formats.bibtex import entry_texts, to_bibtex
from survey.model.paper import ListingPage
from survey.model.taxonomy import Chapter, Section, Taxonomy
from survey.site import addresses, charts, edition, entries, split
from survey.site.all_papers import all_papers_pages
from survey.site.book import book_pages
from survey.site.chapter import chapter_pages
from survey.site.landing import landing_page
from survey.site.toc import toc
from tests.builders import corpus as build_corpus
from tests.builders import paper as build_paper
from tests.builders import real_corpus, role_model

ROOT = Path(__file__).resolve().parents[2]

EVIL = "Evil `code` <b>bold</b> {cite}`x` $x$ ``` fence | pipe"


def taxonomy() -> Taxonomy:
    def section(slug):
        return Section(slug, slug.title(), "Intro.", {})

    return Taxonomy("other", 1.0, 0.08, (
        Chapter("graphs", "Graph learning", "Graphs.", {}, (section("gnn"), section("links"))),
        Chapter("diffusion", "Diffusion models", "Diffusion.", {}, (section("images"),)),
        Chapter("other", "Other topics", "Rest.", {}, (section("misc"),)),
    ))


def paper(key, title, abstract, themes, section, **extra):
    return build_paper(key, title, abstract, **{"summary": abstract[:40], "themes": themes, "section": section,
                                                "sources": "001_a.txt", "dates": "Mar 12", **extra})


@pytest.fixture(scope="module")
def small() -> Corpus:
    rows = [
        paper("chong2024catvton", "CatVTON: Concatenation Is All You Need for Virtual Try-On",
              "We propose CatVTON, a diffusion model that concatenates garment and person images.", "diffusion", "images",
              short_name="CatVTON", authors="Zheng Chong; Xiao Dong", authors_complete="no", year="2024", month="7",
              arxiv_id="2407.15886", doi="10.48550/arXiv.2407.15886", code_urls="https://github.com/a/catvton", project_urls="https://a.example/p",
              sources="001_a.txt;002_b.txt", dates="Mar 12;Mar 20"),
        paper("gnn2023message", "Message passing graph neural networks", "Graph neural networks pass messages on nodes.",
              "graphs;diffusion", "gnn", year="2023", authors="Ana Müller; Bo Chen; Cy Diaz; Di Ek", authors_complete="yes"),
        paper("links2021", "Link prediction on graphs", "Predict links between nodes of a graph neural network.",
              "graphs", "links", year="2021"),
        paper("3dgs2024fast", "Fast 3D Gaussian splatting", "Gaussian splatting renders 3D scenes fast with diffusion priors.",
              "diffusion", "images", dates="Feb 2"),
        paper("evil2024", EVIL, "An abstract with ``` backticks ```` and {ref}`x` roles.", "other", "misc",
              short_name="!Evil;Name", authors="Zoë O'Neil; ; Ann Lee", authors_complete="yes", year="2024"),
        paper("video2024", "Video diffusion models", "Diffusion models generate video frames from noise.", "diffusion",
              "images", year="2024"),
    ]
    pages = {"001_a.txt": ListingPage("Mar 12", "Hugging Face Daily Papers", datetime.date(2025, 3, 12),
                                      "https://huggingface.co/papers"),
             "002_b.txt": ListingPage("Mar 20")}
    return Corpus.build(rows, taxonomy(), role_model(), pages=pages)


@pytest.fixture(scope="module")
def pages(small) -> dict[str, str]:
    return entries.entry_pages(small, entry_texts(small.papers))


def entry_of(pages: dict[str, str], key: str) -> str:
    page = pages[f"papers/{addresses.group(key)}.md"]
    start = page.index(f"({addresses.label(key)})=")
    following = page.find("\n(paper-", start + 1)
    return page[start:following if following > 0 else len(page)]


# ----------------------------------------------------------------------------------------- addresses


def test_addresses_are_stable_functions_of_the_key():
    assert addresses.group("chong2024catvton") == "c" and addresses.group("3dgs2024fast") == "0-9"
    assert addresses.label("chong2024catvton") == "paper-chong2024catvton"
    assert addresses.href("chong2024catvton") == "../papers/c.html#paper-chong2024catvton"
    assert addresses.href("chong2024catvton", depth=0) == "papers/c.html#paper-chong2024catvton"
    assert addresses.href("a-b1") == "../papers/a.html#paper-a-b1"
    for bad in ["javascript:alert(1)", "A", "", "a b", "a\"b", "../x"]:
        assert addresses.href(bad) is None


def test_one_page_per_first_character_with_every_paper_once(small, pages):
    assert sorted(pages) == ["papers/0-9.md", "papers/c.md", "papers/e.md", "papers/g.md", "papers/l.md", "papers/v.md"]
    labels = [m for page in pages.values() for m in re.findall(r"^\(paper-([^)]+)\)=$", page, flags=re.MULTILINE)]
    assert sorted(labels) == sorted(p.key for p in small.papers)
    assert list(addresses.groups(small.papers)) == ["0-9", "c", "e", "g", "l", "v"]  # digits first, then letters


def test_parts_are_the_fewest_nearly_equal_runs_in_order():
    for size in range(1, 40):
        for limit in range(1, 12):
            rows = list(range(100, 100 + size))
            runs = split.parts(rows, limit)
            assert [r for run in runs for r in run] == rows
            assert len(runs) == -(-size // limit) and all(len(run) <= limit for run in runs)
            assert max(map(len, runs)) - min(map(len, runs)) <= len(runs)  # balanced, not 300 + 300 + 1


def test_a_group_over_the_limit_becomes_an_index_and_parts_that_keep_every_entry_once(small):
    extra = [paper(f"c{n}2024crowded", f"Crowded paper {n}", "Diffusion models crowd the letter c.", "diffusion",
                   "images", year="2024") for n in range(4)]
    crowded = build_corpus([*small.papers, *extra], taxonomy())
    pages = entries.entry_pages(crowded, entry_texts(crowded.papers), limit=2)
    c_keys = sorted(p.key for p in crowded.papers if p.key.startswith("c"))
    assert [name for name in pages if name.startswith("papers/c")] == [
        "papers/c.md", "papers/c-part1.md", "papers/c-part2.md", "papers/c-part3.md"]
    index = pages["papers/c.md"]
    assert "(paper-" not in index  # the entries themselves are in the parts
    assert re.findall(r"^- \{ref\}`paper-([^`]+)`$", index, flags=re.MULTILINE) == c_keys
    assert all(f"{{ref}}`part {n} <papers-c-part{n}>`" in index for n in (1, 2, 3))
    in_parts = [re.findall(r"^\(paper-([^)]+)\)=$", pages[f"papers/c-part{n}.md"], flags=re.MULTILINE) for n in (1, 2, 3)]
    assert [len(keys) for keys in in_parts] == [2, 2, 1] and sum(in_parts, []) == c_keys
    assert pages["papers/c-part2.md"].startswith("(papers-c-part2)=\n# Papers: C, part 2 of 3\n")
    assert "papers/0-9-part1.md" not in pages and "(paper-3dgs2024fast)=" in pages["papers/0-9.md"]  # not split
    assert addresses.href(c_keys[0]) == f"../papers/c.html#paper-{c_keys[0]}"  # the address the index forwards


def test_toc_nests_the_entry_pages_under_the_paper_index_under_all_papers(pages, small):
    document = toc(small.taxonomy, [], [], list(pages), entries.PAPER_INDEX, "chapters/whats-new.md")
    assert ("- file: chapters/all-papers\n  sections:\n  - file: papers/index\n    sections:\n"
            "    - file: papers/0-9\n    - file: papers/c\n") in document
    assert document.index("papers/v") < document.index("chapters/bibliography") < document.index("chapters/whats-new")
    assert document.rstrip().endswith("- file: chapters/whats-new")
    index = entries.paper_index(small)
    assert index.startswith("(paper-index)=\n# Paper index\n")
    assert "- {ref}`Papers: C <papers-c>`: 1 paper, chong2024catvton" in index


# ------------------------------------------------------------------------------------------ contents


def test_an_entry_holds_the_facts_links_and_listings(pages):
    text = entry_of(pages, "chong2024catvton")
    assert "## CatVTON\\: Concatenation Is All You Need for Virtual Try\\-On" in text
    assert "- **Method:** CatVTON" in text
    assert "- **Authors:** Zheng Chong\\, Xiao Dong\\, and others \\(list incomplete\\)" in text
    assert "- **Date:** July 2024" in text
    assert ("**Filed under:** {ref}`chapter-diffusion` › {ref}`section-diffusion-images` · code available"
            in text)
    assert "[arXiv\\:2407\\.15886](<https://arxiv.org/abs/2407.15886>)" in text
    assert "[code](<https://github.com/a/catvton>)" in text and "[project page](<https://a.example/p>)" in text
    assert "[DOI 10\\.48550\\/arXiv\\.2407\\.15886](<https://doi.org/10.48550/arXiv.2407.15886>)" in text
    # Where it was listed, in words (data/sources.yml), never the file name of data/raw
    assert ("- **Found in:** [Hugging Face Daily Papers\\, 12 March 2025](<https://huggingface.co/papers>); "
            "the listing of Mar 20") in text
    assert ".txt" not in "".join(pages.values())
    assert "**Abstract.** We propose CatVTON" in text
    also = entry_of(pages, "gnn2023message")
    assert "**Filed under:** {ref}`chapter-graphs` › {ref}`section-graphs-gnn` · also {ref}`chapter-diffusion`" in also
    unknown = entry_of(pages, "links2021")
    assert "- **Authors:** not yet known" in unknown and "- **Links:** none known" in unknown
    assert "· no code linked" in unknown


def test_an_entry_leads_with_the_point(small, pages):
    """Title, then what the paper does, then what a reader filters by, then the facts, then the abstract."""
    text = entry_of(pages, "chong2024catvton")
    order = [text.index(part) for part in ("## CatVTON", "**In one sentence:** We propose CatVTON", "**Filed under:**",
                                           "- **Authors:**", "- **Links:**", "**Abstract.**", "{dropdown} BibTeX")]
    assert order == sorted(order)
    assert entries.lead(small.papers[0]) == myst.lines("**In one sentence:** " + myst.text(small.papers[0].summary)) + [""]
    assert entries.lead(build_paper("x2024", "X")) == []  # no summary: no empty line of bold text
    found = build_paper("x2024", "X", summary="It does <b>x</b>.", result="It wins by 3%.")
    assert entries.lead(found) == ["**In one sentence:** It does \\<b\\>x\\<\\/b\\>\\.", "",
                                   "**Headline result:** It wins by 3\\%\\.", ""]
    kinds = build_paper("x2024", "X", type="dataset-benchmark", training_free="yes", code_urls="https://g.example/x")
    assert entries.tags(small, kinds).endswith("a dataset or benchmark · training-free · code available")

def test_the_bibtex_is_the_one_of_references_bib_and_html_only(small, pages):
    for paper in small.papers:
        key = paper.key
        text = entry_of(pages, key)
        block = re.search(r"(`{5,})\{only\} html\n(`{4,})\{dropdown\} BibTeX\n(`{3,})bibtex\n(.*?)\n\3\n\2\n\1\n",
                          text, flags=re.S)
        assert block and len(block.group(1)) > len(block.group(2)) > len(block.group(3)), key
        assert block.group(4) + "\n" == to_bibtex([paper])
        assert block.group(4) in to_bibtex(small.papers)  # byte-identical to the entry of references.bib
        assert [e.key for e in bibtexparser.parse_string(block.group(4)).entries] == [key]


def test_a_fence_is_longer_than_any_backtick_run_inside():
    assert myst.fence("a ``` b ```` c", "bibtex") == ["`````bibtex", "a ``` b ```` c", "`````"]
    assert myst.fence("plain\n") == ["```", "plain", "```"]


def test_related_papers_are_the_nearest_by_tfidf_and_link_to_their_entries(small, pages):
    for i, paper in enumerate(small.papers):
        related = small.neighbours[i]
        similarity = (small.vectors.matrix @ small.vectors.matrix[i].T).toarray().ravel()
        others = sorted((j for j in range(len(similarity)) if j != i), key=lambda j: (-round(similarity[j], 12), j))
        assert [j for j, _ in related] == [j for j in others[:RELATED_PAPERS] if similarity[j] > 0]
        assert i not in [j for j, _ in related] and len(related) <= RELATED_PAPERS
        text = entry_of(pages, paper.key)
        listed = small.related[i]
        assert listed == [(j, s) for j, s in related if s >= RELATED_FLOOR and j not in small.versions[i]]
        for j, score in listed:
            other = small.papers[j]
            assert (f"- {{ref}}`paper-{other.key}`" in text and f", in {{ref}}`chapter-{other.primary_theme}`" in text
                    and f"similarity {score:.2f}" in text)
        for j, score in related:
            if score < RELATED_FLOOR:
                assert f"{{ref}}`paper-{small.papers[j].key}`" not in text


def test_index_entries_let_search_find_method_and_authors_and_stay_out_of_the_pdf(pages):
    text = entry_of(pages, "chong2024catvton")
    block = re.search(r"````\{only\} html\n((?:```\{index\} [^\n]+\n```\n)+)````", text).group(1)
    assert re.findall(r"\{index\} ([^\n]+)", block) == [
        "!single: CatVTON", "!single: Chong; Zheng Chong", "!single: Dong; Xiao Dong"]
    evil = re.findall(r"\{index\} ([^\n]+)", entry_of(pages, "evil2024"))
    assert evil == ["!single: Evil,Name", "!single: O'Neil; Zoë O'Neil", "!single: Lee; Ann Lee"]  # no ';', no '!'


def test_corpus_text_renders_literally(pages):
    """Hostile titles and abstracts stay text: no role, HTML, math or code fence gets through."""
    text = entry_of(pages, "evil2024")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<b>" not in html and "<code>" not in html.split("<pre>")[0]
    assert "{cite}`x`" not in text and "\\{cite\\}\\`x\\`" in text


# ------------------------------------------------------------------------------------- other pages


def test_tables_link_to_entries_and_carry_the_filter_columns(small):
    chapter = chapter_pages(small, small.taxonomy.chapter("diffusion"), [])["chapters/diffusion.md"]
    assert ":class: longtable survey-table" in chapter
    assert "| Paper | Year | What it does (quoted) | Type | Training-free | Datasets and metrics | Headline result (quoted) | Code |" in chapter
    assert "| Paper | Year | Type | Training-free | Datasets and metrics |" in chapter  # the PDF's narrower table
    assert "**Comparison.** Training\\-free by their own account\\: 0 of 3" in chapter
    assert "{ref}`paper-chong2024catvton` {cite:p}`chong2024catvton`" in chapter
    everything = all_papers_pages(small)["chapters/all-papers.md"]
    assert "| Paper | Method | Chapter | Section | Year | Code |" in everything
    assert "| {ref}`chapter-diffusion` | {ref}`section-diffusion-images` | 2024 |" in everything
    assert "{ref}`paper-index`" in everything and "<papers-c>" not in everything  # one index, not 26 links


def test_a_section_over_the_limit_has_its_table_in_parts_on_pages_of_their_own(small):
    extra = [paper(f"c{n}2024crowded", f"Crowded paper {n}", "Diffusion models crowd the images section.", "diffusion",
                   "images", year="2024") for n in range(4)]
    crowded = build_corpus([*small.papers, *extra], taxonomy())
    diffusion = crowded.taxonomy.chapter("diffusion")
    assert list(chapter_pages(crowded, diffusion, [])) == ["chapters/diffusion.md"]  # under the limit: one page
    members = [p.key for p in crowded.papers if p.primary_theme == "diffusion" and p.section == "images"]
    pages = chapter_pages(crowded, diffusion, [], limit=2)
    parts = [f"chapters/diffusion/images-part{n}.md" for n in (1, 2, 3, 4)][:-(-len(members) // 2)]
    assert list(pages) == ["chapters/diffusion.md", *parts]
    chapter = pages["chapters/diffusion.md"]
    assert "| Paper | Year |" not in chapter and "**Comparison.** " in chapter  # the statement stays, the table moves
    assert f"**Comparison table** of the section's {len(members)} papers, in {len(parts)} parts by citation key: " \
           f"{{ref}}`part 1 <table-diffusion-images-part1>` ({myst.text(members[0])} to {myst.text(members[1])})" in chapter
    for key in members:  # each paper on exactly one part, in its html and its PDF table
        holders = [name for name in parts if f"paper-{key}`" in pages[name]]
        assert len(holders) == 1 and pages[holders[0]].count(f"{{ref}}`paper-{key}`") == 2, key
    assert pages[parts[1]].startswith(f"(table-diffusion-images-part2)=\n# Images: comparison table, part 2 of {len(parts)}\n")
    assert "{ref}`section-diffusion-images`, in {ref}`chapter-diffusion`" in pages[parts[1]]
    document = toc(crowded.taxonomy, section_tables={"diffusion": parts})
    assert "- file: chapters/diffusion\n  sections:\n  - file: chapters/diffusion/images-part1\n" in document


def test_a_long_also_relevant_list_names_the_most_recent_and_counts_them_all(small, monkeypatch):
    from survey.site import cells
    also = [paper(f"also{n}2024", f"Graph paper {n}", "Graph neural networks also diffuse.", "graphs;diffusion", "gnn",
                  year=str(2020 + n)) for n in range(3)]
    crowded = build_corpus([*small.papers, *also], taxonomy())
    monkeypatch.setattr(cells, "LISTED_PAPERS", 2)
    page = chapter_pages(crowded, crowded.taxonomy.chapter("diffusion"), [])["chapters/diffusion.md"]
    listed = page.split("## Also relevant", 1)[1].split("## Related chapters", 1)[0]
    assert "4 papers have their main chapter elsewhere but also belong here; the 2 most recent:" in listed
    shown = re.findall(r"^- \{ref\}`paper-([^`]+)`", listed, flags=re.MULTILINE)
    assert sorted(shown) == ["also22024", "gnn2023message"]  # 2022 and 2023; the others are of 2020 and 2021


def test_all_papers_splits_by_title_initial_above_the_limit(small, tmp_path):
    assert list(all_papers_pages(small)) == ["chapters/all-papers.md"]  # 6 papers: one page
    pages = all_papers_pages(small, limit=3)
    assert list(pages) == ["chapters/all-papers.md", "chapters/all-papers-c.md", "chapters/all-papers-e.md",
                           "chapters/all-papers-f.md", "chapters/all-papers-l.md", "chapters/all-papers-m.md",
                           "chapters/all-papers-v.md"]
    index = pages["chapters/all-papers.md"]
    assert "| Paper |" not in index and "{ref}`C <all-papers-c>` (1)" in index and "{ref}`V <all-papers-v>` (1)" in index
    rows = [line for name, page in pages.items() if name != "chapters/all-papers.md"
            for line in page.splitlines() if line.startswith("| {ref}`paper-")]
    assert sorted(re.findall(r"\{ref\}`paper-([^`]+)`", "\n".join(rows))) == sorted(p.key for p in small.papers)
    assert pages["chapters/all-papers-f.md"].startswith("(all-papers-f)=\n# Papers: titles starting with F\n")


def test_an_initial_of_more_papers_than_the_limit_is_split_into_parts_by_title(small):
    extra = [paper(f"c{n}2024crowded", f"Crowded paper {n}", "Diffusion models crowd the letter c.", "diffusion",
                   "images", year="2024") for n in range(4)]
    crowded = build_corpus([*small.papers, *extra], taxonomy())
    pages = all_papers_pages(crowded, limit=2)
    assert "chapters/all-papers-c.md" not in pages
    names = [f"chapters/all-papers-c-part{n}.md" for n in (1, 2, 3)]
    assert [name for name in pages if name.startswith("chapters/all-papers-c")] == names
    assert "C (5: {ref}`part 1 <all-papers-c-part1>`, {ref}`part 2 <all-papers-c-part2>`, " \
           "{ref}`part 3 <all-papers-c-part3>`)" in pages["chapters/all-papers.md"]
    assert "{ref}`F <all-papers-f>` (1)" in pages["chapters/all-papers.md"]  # a small initial keeps one page
    titles = [re.findall(r"^\| \{ref\}`paper-([^`]+)`", pages[name], flags=re.MULTILINE) for name in names]
    assert [len(t) for t in titles] == [2, 2, 1]
    by_key = {p.key: p for p in crowded.papers}
    in_order = sorted((p for p in crowded.papers if p.title.casefold().startswith("c")), key=lambda p: (p.title.casefold(), p.key))
    assert sum(titles, []) == [p.key for p in in_order]
    assert pages[names[1]].startswith("(all-papers-c-part2)=\n# Papers: titles starting with C, part 2 of 3\n\nFrom “")
    assert by_key[titles[1][0]].title in pages[names[1]]


def test_a_bibliography_group_of_more_papers_than_the_limit_is_split_into_key_ranges(small):
    from survey.site.bibliography import bibliography_pages
    extra = [paper(f"c{n}2024crowded", f"Crowded paper {n}", "Diffusion models crowd the letter c.", "diffusion",
                   "images", year="2024") for n in range(4)]
    crowded = build_corpus([*small.papers, *extra], taxonomy())
    pages = bibliography_pages(crowded.papers, limit=2)
    keys = sorted(p.key for p in crowded.papers)
    c_keys = [k for k in keys if k.startswith("c")]
    names = [f"chapters/bibliography-c-part{n}.md" for n in (1, 2, 3)]
    assert [name for name in pages if name.startswith("chapters/bibliography-c")] == names
    assert "C (5: {ref}`part 1 <bibliography-c-part1>`, {ref}`part 2 <bibliography-c-part2>`, " \
           "{ref}`part 3 <bibliography-c-part3>`)" in pages["chapters/bibliography.md"]
    assert "{ref}`V <bibliography-v>` (1)" in pages["chapters/bibliography.md"]
    selected, prefixes = [], []
    for name in names:
        first, last = re.search(r'^:filter: key >= "([^"]+)" and key <= "([^"]+)"$', pages[name], flags=re.MULTILINE).groups()
        selected.append([k for k in keys if first <= k <= last])  # what sphinxcontrib-bibtex's filter selects
        prefixes.append(re.search(r'^:labelprefix: "([^"]+)"$', pages[name], flags=re.MULTILINE).group(1))
    assert [len(run) for run in selected] == [2, 2, 1] and sum(selected, []) == c_keys
    assert prefixes == ["C1-", "C2-", "C3-"]
    assert pages[names[1]].startswith("(bibliography-c-part2)=\n# Bibliography: C, part 2 of 3\n")


def test_chart_points_open_the_entry(small):
    point = next(v for v in charts.corpus_map(small).spec["data"]["values"] if v["title"].startswith("CatVTON"))
    assert point["url"] == "../papers/c.html#paper-chong2024catvton"


def test_edition_is_deterministic_and_from_the_inputs(small, tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "001_a.txt").write_bytes(b"new\n")
    (tmp_path / "_config.yml").write_text('title: "My survey"\nauthor: Me & co\ncopyright: "2026"\n', encoding="utf-8")
    first = edition.edition(tmp_path, small.papers)
    assert first == edition.edition(tmp_path, small.papers)
    assert (first.latest_listing, first.listing_pages, first.title, first.year) == ("Mar 20", 2, "My survey", "2026")
    (raw / "001_a.txt").write_bytes(b"new\n\n")
    assert edition.edition(tmp_path, small.papers).version != first.version
    citation = edition.survey_bibtex(first)
    parsed = bibtexparser.parse_string(citation)
    assert not parsed.failed_blocks and parsed.entries[0]["author"] == "{Me \\& co}"
    dated = [build_paper(dates=dates) for dates in ("Mar 9;Feb 28", "Mar 12, 2023", "Jan 3, 2024")]
    assert edition.latest_listing(dated) == "Jan 3, 2024"


def test_a_book_without_a_title_is_a_clear_error(small, tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("author: Me\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"_config.yml: the book has no title\. Add a line such as"):
        edition.edition(tmp_path, small.papers)


def test_a_missing_or_broken_book_config_is_a_clear_error(small, tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    with pytest.raises(InputError, match=r"_config.yml: the file does not exist"):
        edition.edition(tmp_path, small.papers)
    (tmp_path / "_config.yml").write_text('title: "unclosed\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"_config.yml:2: invalid YAML"):
        edition.edition(tmp_path, small.papers)


def edition_of(small, tmp_path, title="A *tiny* survey <b>") -> edition.Edition:
    (tmp_path / "data" / "raw").mkdir(parents=True, exist_ok=True)
    (tmp_path / "_config.yml").write_text(f"title: {title!r}\n", encoding="utf-8")
    return edition.edition(tmp_path, small.papers)


def test_landing_page_covers_reading_citing_and_downloads(small, tmp_path):
    this = edition_of(small, tmp_path)
    page = landing_page(small, this)
    assert page.startswith("# A \\*tiny\\* survey \\<b\\>\n")  # the title is text
    headings = re.findall(r"^## (.+)$", page, flags=re.MULTILINE)
    assert headings == ["Chapters", "The corpus in numbers", "How to read it", "How to cite it", "Downloads"]
    for name in ["survey.pdf", "references.bib", "survey.ris", "survey.json", "papers.csv"]:
        assert f'href="downloads/{name}"' in page
    assert f"Corpus version `{this.version}`, latest listing Mar 20" in page
    assert "```bibtex\n@misc{survey-" in page
    assert 'href="feed.xml" type="application/atom+xml"' in page
    # First screen: the edition in words, what it covers, how the papers were chosen (pages and dates in words)
    first = page[:page.index("## Chapters")]
    assert "**Working edition, not yet recorded: 6 papers.**" in first
    # named and dated in words as data/sources.yml describes each page (the second page has no entry)
    assert ("**How the papers were chosen.** Every paper comes from one of 2 listing pages\\: Hugging Face Daily "
            "Papers of 12 March 2025\\; the listings of Mar 20\\.") in first


def test_landing_page_gives_each_chapter_its_scope_count_and_papers_to_start_with(small, tmp_path):
    page = landing_page(small, edition_of(small, tmp_path))
    chapters = page[page.index("## Chapters"):page.index("## The corpus in numbers")]
    assert "- **{ref}`chapter-diffusion`** (3 papers). Diffusion\\." in chapters
    assert "- **{ref}`chapter-graphs`** (2 papers). Graphs\\." in chapters
    start = re.search(r"- \*\*\{ref\}`chapter-diffusion`\*\*.*?\n\n  \*Start with:\* (.*?)\.\n", chapters, flags=re.S).group(1)
    keys = re.findall(r"\{ref\}`paper-([^`]+)`", start)
    assert len(keys) == 3 and all(small.papers[[p.key for p in small.papers].index(k)].primary_theme == "diffusion"
                                  for k in keys)


def test_book_pages_include_every_entry_page(small, tmp_path):
    figures = charts.book_charts(small)
    bibtex = entry_texts(small.papers)
    pages = book_pages(small, bibtex, figures, edition_of(small, tmp_path))
    assert {name for name in pages if name.startswith("papers/")} == {*entries.entry_pages(small, bibtex), "papers/index.md"}
    assert "papers/c" in pages["_toc.yml"] and "chapters/whats-new" in pages["_toc.yml"]
    assert isinstance(pages["_extra/feed.xml"], bytes)


# ---------------------------------------------------------------------------------------- real corpus


def test_real_corpus_every_paper_has_an_entry_with_related_papers_above_the_floor():
    real = real_corpus()
    pages = entries.entry_pages(real, entry_texts(real.papers))
    assert len(pages) <= 27  # a page per first character, whatever the corpus size
    for i, paper in enumerate(real.papers):
        text = entry_of(pages, paper.key)
        related = text[text.index("**Related papers**"):] if "**Related papers**" in text else ""
        lines = re.findall(r"^- \{ref\}`paper-.*similarity (\d\.\d\d)$", related, flags=re.MULTILINE)
        assert len(lines) == len(real.related[i]) <= RELATED_PAPERS, paper.key
        assert all(float(s) >= RELATED_FLOOR for s in lines), paper.key
    assert sum(1 for row in real.related if row) >= len(real) - 3  # nearly every paper has a related paper
    catvton = entry_of(pages, "chong2024catvtonconcatenation")
    assert "!single: CatVTON" in catvton and "!single: Chong; Zheng Chong" in catvton
