"""data/sources.yml: how readers see each listing page, validated against the pages of data/raw."""
import datetime
from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.inputs.raw_files import read_raw_files
from survey.inputs.sources import load_sources
from survey.model.paper import ListingPage, listings
from tests.builders import paper
from tests.helpers import ROOT

DATES = {"001_ab.txt": "Mar 11", "002_cd.txt": "Mar 12"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pages_are_described_in_words(tmp_path):
    path = write(tmp_path, "pages:\n  - file: 001_ab.txt\n    name: Hugging Face Daily Papers\n    date: 2025-03-11\n"
                           "    url: https://huggingface.co/papers\n    note: for editors\n")
    pages = load_sources(path, DATES)
    assert pages == {"001_ab.txt": ListingPage("Mar 11", "Hugging Face Daily Papers", datetime.date(2025, 3, 11),
                                               "https://huggingface.co/papers"),
                     "002_cd.txt": ListingPage("Mar 12")}
    assert pages["001_ab.txt"].text == "Hugging Face Daily Papers, 11 March 2025"
    assert pages["002_cd.txt"].text == "the listing of Mar 12"
    assert ListingPage("Mar 12", "HF").text == "HF, Mar 12"
    # a paper on both pages, and a page the file does not know: never its file name
    listed = paper(sources="001_ab.txt;002_cd.txt;003_ef.txt", dates="Mar 11;Mar 12;Mar 13")
    assert listings(listed, pages) == [("Hugging Face Daily Papers, 11 March 2025", "https://huggingface.co/papers"),
                                       ("the listing of Mar 12", ""), ("the listing of Mar 13", "")]


def test_no_file_names_pages_by_their_date(tmp_path):
    assert load_sources(tmp_path / "none.yml", DATES) == {f: ListingPage(d) for f, d in DATES.items()}


@pytest.mark.parametrize("text, message", [
    ("pages:\n  - file: 009.txt\n    name: X\n", r"sources.yml:2: file '009.txt' is not an input file of data/raw"),
    ("pages:\n  - file: 001_ab.txt\n    name: ''\n", r"sources.yml:3: 'name' must be non-empty text"),
    ("pages:\n  - file: 001_ab.txt\n    name: <b>X</b>\n", r"sources.yml:3: name .* contains '<'"),
    ("pages:\n  - file: 001_ab.txt\n    name: X\n    date: March\n", r"sources.yml:4: date 'March' is not a YYYY-MM-DD date"),
    ("pages:\n  - file: 001_ab.txt\n    name: X\n    date: 2025-03-12\n", r"sources.yml:4: date 2025-03-12 disagrees .* 'Mar 11'"),
    ("pages:\n  - file: 001_ab.txt\n    name: X\n    url: javascript:x\n", r"sources.yml:4: url .* is not an http\(s\) address"),
    ("pages:\n  - file: 001_ab.txt\n    name: X\n    colour: red\n", r"sources.yml:4: a page has unknown key\(s\) colour"),
    ("pages:\n  - file: 001_ab.txt\n    name: X\n  - file: 001_ab.txt\n    name: Y\n", r"sources.yml:4: .* described twice"),
])
def test_bad_entries_name_the_line(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_sources(write(tmp_path, text), DATES)


def test_the_real_pages_are_all_described():
    pages = load_sources(ROOT / "data" / "sources.yml", read_raw_files(ROOT / "data" / "raw").listing_dates)
    assert len(pages) == 5 and all(page.name for page in pages.values())
    assert all(".txt" not in page.text for page in pages.values())
