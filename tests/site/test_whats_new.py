"""What's new (site.whats_new): per recorded edition, newest first, the papers it added by chapter; papers
of listing pages no edition covers yet first; the Atom feed of the latest editions' papers."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import feedparser
import pytest

from survey.analysis.corpus import Corpus
from survey.inputs.editions import RecordedEdition
from survey.site import edition as site_edition
from survey.site.landing import landing_page
from survey.site.whats_new import feed_xml, whats_new_page
from tests.builders import corpus as corpus_of
from tests.builders import paper, taxonomy

E1 = RecordedEdition(dt.date(2026, 3, 12), "aaaa00000001", ("001_a.txt",))
E2 = RecordedEdition(dt.date(2026, 3, 20), "bbbb00000002", ("001_a.txt", "002_b.txt"))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    chapters = taxonomy(("vision", "Vision", ("s",)), ("graphs", "Graphs", ("t",)))
    rows = [paper("ada2024one", "One <b>", "Vision transformers see.", themes="vision", section="s", summary="One sees.",
                  sources="001_a.txt", dates="Mar 12", authors="Ada Lee"),
            paper("bob2024two", "Two", "Graph networks pass.", themes="graphs", section="t", summary="Two passes.",
                  sources="002_b.txt;001_a.txt", dates="Mar 20;Mar 12"),
            paper("cy2024three", "Three", "Vision models segment.", themes="vision", section="s",
                  sources="002_b.txt", dates="Mar 20"),
            paper("di2024four", "Four", "Graphs and vision.", themes="graphs", section="t",
                  sources="003_c.txt", dates="Mar 25")]
    return corpus_of(rows, chapters)


def edition_with(corpus, *recorded, version="cccc00000003") -> site_edition.Edition:
    return site_edition.Edition(version, "Mar 25", 3, "A survey", "Editors", "2026", tuple(recorded))


def test_newest_edition_first_with_its_papers_by_chapter_and_unrecorded_papers_on_top(corpus):
    page = whats_new_page(corpus, edition_with(corpus, E1, E2))
    headings = re.findall(r"^## (.+)$", page, flags=re.MULTILINE)
    assert headings == ["Not yet in an edition", "Edition of 20 March 2026: 1 new paper",
                        "Edition of 12 March 2026: 2 new papers"]
    newest = page[page.index("## Edition of 20 March"):page.index("## Edition of 12 March")]
    assert "- {ref}`chapter-vision` (1):\n  - {ref}`paper-cy2024three`" in newest
    assert "adds 1 listing page of Mar 20 (2 in all)" in newest
    oldest = page[page.index("## Edition of 12 March"):]
    assert oldest.index("chapter-vision") < oldest.index("chapter-graphs")  # the book's chapter order
    assert "{ref}`paper-ada2024one`" in oldest and "{ref}`paper-bob2024two`" in oldest  # listed on both: the first
    unrecorded = page[page.index("## Not yet in an edition"):page.index("## Edition of 20")]
    assert "{ref}`paper-di2024four`" in unrecorded and "`make edition`" in unrecorded
    assert '<a href="../feed.xml" type="application/atom+xml">' in page


def test_no_edition_yet_says_how_to_record_one(corpus):
    page = whats_new_page(corpus, edition_with(corpus))
    assert "No edition is recorded yet" in page and "## Not yet in an edition" in page


def test_the_feed_lists_the_newest_editions_papers_first_linking_to_their_entries(corpus):
    parsed = feedparser.parse(feed_xml(corpus, edition_with(corpus, E1, E2)))
    assert parsed.bozo == 0
    assert [e.link for e in parsed.entries] == ["papers/c.html#paper-cy2024three", "papers/b.html#paper-bob2024two",
                                                "papers/a.html#paper-ada2024one"]  # within an edition: newest listed first
    three, two, one = parsed.entries
    assert one.title == "One <b>" and one.summary == "One sees." and one.authors == [{"name": "Ada Lee"}]
    assert [t["term"] for t in one.tags] == ["Vision"] and one.updated_parsed[:3] == (2026, 3, 12)
    assert three.updated_parsed[:3] == (2026, 3, 20)
    assert "paper-di2024four" not in str(parsed.entries)  # not yet in an edition: not announced


def test_the_landing_page_states_the_edition_in_words(corpus):
    recorded = edition_with(corpus, E1, E2, version=E2.version)
    assert "**Edition of 20 March 2026, 4 papers.**" in landing_page(corpus, recorded)
    later = dataclasses.replace(recorded, version="dddd")
    assert "**Edition of 20 March 2026, with listing pages added since: 4 papers" in landing_page(corpus, later)


def test_papers_are_grouped_by_main_chapter_in_the_books_order_and_the_keys_order():
    """chapters_of groups the keys in one pass: the same as filtering the keys once per chapter, on the real
    survey, for keys in several orders (and a paper whose main chapter the taxonomy does not know)."""
    import random

    from survey.site.whats_new import chapters_of
    from tests.builders import real_papers, real_taxonomy

    papers = list(real_papers()) + [paper("zed2024lost", "Lost", "Nowhere.", themes="nowhere", section="x")]
    real = corpus_of(papers, real_taxonomy())
    position = {p.key: i for i, p in enumerate(real.papers)}
    for seed in range(3):
        keys = [p.key for p in real.papers]
        random.Random(seed).shuffle(keys)
        keys = tuple(keys[:200])
        expected = [(c.slug, rows) for c in real.taxonomy.chapters
                    if (rows := [position[k] for k in keys if real.papers[position[k]].primary_theme == c.slug])]
        assert chapters_of(real, keys) == expected
        assert len(expected) > 5
