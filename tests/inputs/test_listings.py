"""Listed papers across pages: one paper per normalized title, with every page and date it was listed on.
The page parser's own examples and properties are in test_listing_pairing.py."""
from pathlib import Path

from survey.inputs.listings import read_listing
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import normalize_title

HEAD = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 12\n\n"
ABSTRACT = "We study a problem. We propose a method. It works well on two benchmarks."


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
