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


def pandas_table(papers: list[Paper]) -> bytes:
    """The table as pandas wrote it before to_csv used the csv module directly (the reference)."""
    import io

    import pandas as pd

    from survey.model.table import paper_row

    attributes = [name for name, _ in papers[0].attributes] if papers else []
    frame = pd.DataFrame([paper_row(p) for p in papers], columns=COLUMNS + attributes, dtype="string").fillna("")
    buffer = io.BytesIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", encoding="utf-8")
    return buffer.getvalue()


FIELD = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8) | st.sampled_from(
    ["", " ", '"', '""', ",", "\n", "\r", "\r\n", "a,b", ' "x" ', "\\", "#", "'", "\u2028", "NA", "nan", "None"])


@given(papers=st.lists(st.builds(
    lambda key, title, abstract, summary, authors, attributes: Paper(
        key=key, title=title, abstract=abstract, summary=summary, themes=("a",), authors=tuple(authors),
        authors_complete=True if authors else None, attributes=attributes),
    FIELD, FIELD, FIELD, FIELD, st.lists(FIELD.filter(lambda s: s.strip() and ";" not in s), max_size=2),
    st.sampled_from([(), (("task", ("x", "y")),), (("task", ()), ("backbone", ("u",)))])), max_size=4))
def test_the_table_is_written_as_pandas_writes_it(papers):
    """Quotes, commas, line breaks of every kind, empty values, values pandas might read as missing, papers
    with other attributes than the first: the same bytes as pandas' writer."""
    assert to_csv(papers) == pandas_table(papers)
