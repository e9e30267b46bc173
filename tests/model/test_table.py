"""The one conversion between the published table (data/papers.csv) and `Paper`: typed values, and a
round trip that gives the same bytes."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from survey.model.paper import Paper
from survey.model.table import COLUMNS, paper_row, read_csv, row_paper, to_csv
from tests.builders import real_papers
from tests.helpers import ROOT


def test_the_real_table_round_trips_to_the_same_bytes():
    path = ROOT / "data" / "papers.csv"
    papers = read_csv(path)
    assert len(papers) == 325
    assert to_csv(papers) == path.read_bytes()


def test_values_are_typed():
    papers = real_papers()
    assert all(isinstance(p.year, int) or p.year is None for p in papers)
    assert all(p.authors_complete is None for p in papers if not p.authors)
    assert any(p.authors_complete is False for p in papers) and any(p.authors_complete is True for p in papers)
    assert all(p.primary_theme == p.themes[0] for p in papers)
    multi = next(p for p in papers if len(p.authors) > 2)
    assert all(a == a.strip() and a for a in multi.authors)


WORD = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=";"), min_size=1,
               max_size=12).map(str.strip).filter(bool)


@given(key=WORD, title=WORD, themes=st.lists(WORD, min_size=1, max_size=3), authors=st.lists(WORD, max_size=4),
       complete=st.booleans(), year=st.none() | st.integers(1990, 2030), month=st.none() | st.integers(1, 12),
       urls=st.lists(WORD, max_size=3))
def test_paper_to_row_and_back_is_the_same_paper(key, title, themes, authors, complete, year, month, urls):
    paper = Paper(key=key, title=title, abstract="An abstract; with a semicolon.", themes=tuple(themes),
                  authors=tuple(authors), authors_complete=complete if authors else None, year=year,
                  month=month if year else None, code_urls=tuple(urls), sources=("001.txt",), dates=("Mar 12",))
    row = paper_row(paper)
    assert list(row) == COLUMNS and all(isinstance(v, str) for v in row.values())
    assert row_paper(row) == paper
