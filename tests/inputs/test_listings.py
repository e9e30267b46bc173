from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.inputs.listings import parse_listing, read_listing
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import normalize_title

HEAD = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 12\n\n"
ABSTRACT = "We study a problem. We propose a method. It works well on two benchmarks."


def test_parses_titles_abstracts_date_and_lines():
    listings = parse_listing(HEAD + f"Paper One\n\n{ABSTRACT}\n\nPaper Two\n\n{ABSTRACT} Two.\n", "p.txt")
    assert [(listing.title, listing.date, listing.source, listing.line) for listing in listings] == [
        ("Paper One", "Mar 12", "p.txt", 11), ("Paper Two", "Mar 12", "p.txt", 15)]
    assert listings[1].abstract.endswith("Two.")


def test_crlf_missing_final_newline_and_blank_runs():
    text = (HEAD + f"Paper One\n\n\n\n{ABSTRACT}\n\n\n\nPaper Two\n\n{ABSTRACT}").replace("\n", "\r\n")
    assert [listing.title for listing in parse_listing(text, "p.txt")] == ["Paper One", "Paper Two"]


def test_title_with_empty_abstract_is_kept_with_warning(caplog):
    text = HEAD + f"Lonely Title\n\nPaper Two\n\n{ABSTRACT}\n\nLast Title\n"
    listings = parse_listing(text, "p.txt")
    assert [(listing.title, listing.abstract) for listing in listings] == [("Lonely Title", ""), ("Paper Two", ABSTRACT), ("Last Title", "")]
    assert "p.txt:11" in caplog.text and "p.txt:17" in caplog.text


def test_titles_with_a_sentence_break_are_still_titles():
    text = HEAD + "Bristle: Learning in Non-i.i.d. Environments\n\n" + ABSTRACT
    assert parse_listing(text, "p.txt")[0].title.startswith("Bristle")


@pytest.mark.parametrize("text, line, words", [
    ("old\n\n", 1, "expected header line 'new'"),
    (HEAD.replace("Mar 12", "yesterday"), 9, "listing date"),
    ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n", 7, "ends before"),
    (HEAD + "x" * 400 + "\n\n" + ABSTRACT, 11, "expected a title"),
])
def test_malformed_pages_name_file_and_line(text, line, words):
    with pytest.raises(InputError) as error:
        parse_listing(text, "bad.txt")
    assert error.value.line == line and words in str(error.value) and "bad.txt" in str(error.value)


def test_non_utf8_is_a_clear_error(tmp_path: Path):
    page = tmp_path / "latin1.txt"
    page.write_bytes((HEAD + "Caf\xe9 Paper\n\n" + ABSTRACT).encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.txt:11: byte \d+ is not valid UTF-8"):
        read_listing(page)


def test_normalized_title_ignores_case_punctuation_spacing_and_period():
    assert normalize_title("FedAvgX:  Robust Learning.") == normalize_title("fedavgx robust learning") == "fedavgx robust learning"
    assert normalize_title("λ-ECLIPSE") == "λ eclipse"


def test_a_paper_listed_twice_keeps_its_pages_and_dates_in_order(tmp_path):
    (tmp_path / "a.txt").write_text(HEAD + f"Paper One\n\n{ABSTRACT}\n")
    (tmp_path / "b.txt").write_text((HEAD + f"paper one.\n\n{ABSTRACT}\n").replace("Mar 12", "Mar 14"))
    [paper] = read_raw_files(tmp_path).papers
    assert (paper.title, paper.sources, paper.dates) == ("Paper One", ["a.txt", "b.txt"], ["Mar 12", "Mar 14"])


def test_real_corpus_has_350_listings_of_325_papers():
    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    listings = sum(len(read_listing(p)) for p in sorted(raw.glob("*.txt")))
    assert listings == 350
    assert len(read_raw_files(raw).papers) == 325
