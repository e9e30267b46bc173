from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.inputs.metadata import Metadata, load_metadata, with_aliases

HEADER = "title,arxiv_id,authors,authors_complete,submitted,evidence_url\n"


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "meta.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_rows_keyed_by_normalized_title(tmp_path):
    table = load_metadata(write(tmp_path, '"Paper: One.",2208.10273,Ann Lee; Bo Chen,no,,https://x\n'))
    meta = table["paper one"]
    assert meta == Metadata("2208.10273", ("Ann Lee", "Bo Chen"), False, "")
    assert (meta.year, meta.month) == ("2022", 8)


def test_submission_date_wins_over_arxiv_id_and_nothing_is_invented(tmp_path):
    table = load_metadata(write(tmp_path, "A,2401.09665,X Y,yes,2023-12-30,u\nB,,,,,u\n"))
    assert (table["a"].year, table["a"].month) == ("2023", 12)
    assert (table["b"].year, table["b"].month, table["b"].authors) == ("", None, ())


@pytest.mark.parametrize("row, words", [("A,24.1,X,yes,,u\n", "arxiv_id"), ("A,2401.09665,X,yes,March 2024,u\n", "submitted")])
def test_bad_values_name_the_line(tmp_path, row, words):
    with pytest.raises(InputError, match=rf"meta.csv:2: {words}"):
        load_metadata(write(tmp_path, row))


def test_missing_column(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text("title,authors\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_metadata(path)


def test_real_metadata_matches_corpus_titles():
    root = Path(__file__).resolve().parents[2]
    from survey.inputs.raw_files import read_raw_files
    from survey.model.paper import normalize_title
    titles = {normalize_title(p.title) for p in read_raw_files(root / "data" / "raw").papers}
    assert set(load_metadata(root / "data" / "arxiv_metadata.csv")) <= titles


def test_arxiv_facts_are_derived_from_the_id_without_a_network(tmp_path):
    table = load_metadata(write(tmp_path, "A,2311.18834,X Y,yes,,u\nB,,X Y,yes,,u\n"))
    assert (table["a"].year, table["a"].month, table["a"].doi) == ("2023", 11, "10.48550/arXiv.2311.18834")
    assert table["b"].doi == ""


def test_a_row_names_a_corrected_paper_by_its_title_as_listed(tmp_path):
    curated = load_metadata(write(tmp_path, "ARTcdotV: A,2311.18834,X Y,yes,,u\nB,2401.09665,Z,yes,,u\n"))
    table = with_aliases(curated, {"art v a": "artcdotv a", "b": "artcdotv a", "c": "unknown"})
    assert table["art v a"] is table["artcdotv a"]
    assert table["b"].arxiv_id == "2401.09665"  # a row of its own wins over the alias
    assert "c" not in table and set(curated) == {"artcdotv a", "b"}  # the table read is not changed
