"""Citation downloads (survey.exports) on a small table: per-chapter BibTeX, RIS and CSL-JSON.
tests/test_consumers.py checks the real survey's files with the real tools."""
import csv
import datetime
import io
import json

import bibtexparser
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.formats.bibtex import entry_texts
from survey.formats.exports import (
    _RisWriter,
    chapter_bibtex,
    csl_item,
    csl_title,
    download_files,
    json_file,
    name_parts,
    ris_name,
    ris_record,
    sentences_csv,
    to_csl_json,
    to_ris,
)
from survey.model.paper import ListingPage, Paper
from survey.model.taxonomy import Chapter, Section, Taxonomy
from tests.builders import paper, role_model

# The CSL-JSON variables (CSL 1.0.2 schema, csl-data.json) the exports may use.
CSL_VARIABLES = {"id", "type", "title", "author", "issued", "number", "publisher", "URL", "DOI", "abstract"}


def row(**values) -> Paper:
    return paper(**{"key": "lee2024catvton", "title": "CatVTON: Try-On with MoE and λ-ECLIPSE", "abstract": "A 50% gain & more.",
                    "themes": "try-on;editing", "sources": "001.txt;002.txt", "dates": "Mar 12;Mar 13", **values})


def table() -> list[Paper]:
    return [
        row(authors="Ana Müller; Martijn de Vos; Fernando De la Torre", authors_complete="no", year="2024", month="7",
            arxiv_id="2407.15886", doi="10.48550/arXiv.2407.15886"),
        row(key="other2023", title='A "Quoted" Title', themes="editing", year="2023",
            authors="Bo Chen", authors_complete="yes", project_urls="https://p.org/x"),
        row(key="untitledwork", title="Untitled Work", themes="other", abstract="",
            code_urls="https://github.com/a/b"),
    ]


TAXONOMY = Taxonomy("other", 1.0, 0.08, tuple(
    Chapter(slug, slug.title(), "Scope.", {"x": 1.0}, (Section("all", "All", "Intro.", {"x": 1.0}),))
    for slug in ("try-on", "editing", "empty", "other")))


def test_chapter_bibtex_holds_the_chapters_main_and_secondary_papers():
    assert [e.key for e in bibtexparser.parse_string(chapter_bibtex(table(), "editing").decode()).entries] == [
        "lee2024catvton", "other2023"]
    assert [e.key for e in bibtexparser.parse_string(chapter_bibtex(table(), "try-on").decode()).entries] == [
        "lee2024catvton"]
    assert chapter_bibtex(table(), "empty") == b""
    assert chapter_bibtex(table(), "try") == b""  # a slug matches whole theme names only


def sentences_of(papers):
    return [role_model().sentences(p.abstract) for p in papers]


def test_download_files_paths_and_determinism():
    files = download_files(table(), TAXONOMY, sentences_of(table()))
    assert sorted(files) == sorted(["downloads/references.bib", "downloads/survey.ris", "downloads/survey.json",
                                    "downloads/papers.csv", "downloads/sentences.csv",
                                    "downloads/chapters/try-on.bib", "downloads/chapters/editing.bib",
                                    "downloads/chapters/empty.bib", "downloads/chapters/other.bib"])
    assert files == download_files(table(), TAXONOMY, sentences_of(table()))
    assert all(isinstance(content, bytes) for content in files.values())
    assert files["downloads/references.bib"].decode() == "\n".join(entry_texts(table()))


def test_names_split_as_bibtex_reads_them():
    assert name_parts("Ana Müller") == {"family": "Müller", "given": "Ana"}
    assert name_parts("Martijn de Vos") == {"family": "Vos", "given": "Martijn", "non-dropping-particle": "de"}
    assert ris_name("Martijn de Vos") == "de Vos, Martijn"
    assert ris_name("Tim van der Lee") == "van der Lee, Tim"
    assert ris_name("Lee, Ann") == "Lee, Ann"


def test_csl_json_items_follow_the_schema():
    text = to_csl_json(table()).decode()
    assert text.endswith("]\n") and "Müller" in text and "λ" in text  # UTF-8 kept, not \u escapes
    assert text == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    first, second, third = json.loads(text)
    assert all(set(item) <= CSL_VARIABLES for item in (first, second, third))
    assert first == {
        "id": "lee2024catvton", "type": "article",
        "title": '<span class="nocase">CatVTON:</span> Try-On with <span class="nocase">MoE</span> and '
                 '<span class="nocase">λ-ECLIPSE</span>',
        "author": [{"family": "Müller", "given": "Ana"},
                   {"family": "Vos", "given": "Martijn", "non-dropping-particle": "de"},
                   {"family": "Torre", "given": "Fernando De", "non-dropping-particle": "la"}],
        "issued": {"date-parts": [[2024, 7]]}, "number": "arXiv:2407.15886", "publisher": "arXiv",
        "URL": "https://arxiv.org/abs/2407.15886", "DOI": "10.48550/arXiv.2407.15886", "abstract": "A 50% gain & more."}
    assert second["title"] == 'A "Quoted" Title' and second["issued"] == {"date-parts": [[2023]]}
    assert second["URL"] == "https://p.org/x" and "number" not in second
    assert "author" not in third and "issued" not in third and "abstract" not in third
    assert third["URL"] == "https://github.com/a/b" and "DOI" not in second


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1) | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=4), max_size=4))
def test_json_file_writes_what_json_dumps_writes(items):
    """The CSL-JSON file is written by orjson: the same text as json.dumps of the whole list, with line
    breaks, quotes and line separators inside strings, nested and empty containers."""
    assert json_file(iter(items)) == (json.dumps(items, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()


def test_csl_title_protects_the_words_bibtex_braces():
    assert csl_title("The Itô Density, Top-K and a W_+ Adapter") == (
        'The <span class="nocase">Itô</span> Density, Top-<span class="nocase">K</span> and a '
        '<span class="nocase">W</span>_+ Adapter')
    assert csl_item(table()[1])["title"] == 'A "Quoted" Title'


PAGES = {"001.txt": ListingPage("Mar 12", "Hugging Face Daily Papers", datetime.date(2025, 3, 12),
                                 "https://huggingface.co/papers"),
         "002.txt": ListingPage("Mar 13")}


def test_ris_records_round_trip_through_rispy():
    text = to_ris(table(), PAGES).decode()
    assert text.startswith("TY  - UNPB\n") and text.count("ER  - ") == 3
    first, second, third = rispy.loads(text)
    assert first["id"] == "lee2024catvton" and first["title"] == "CatVTON: Try-On with MoE and λ-ECLIPSE"
    assert first["authors"] == ["Müller, Ana", "de Vos, Martijn", "la Torre, Fernando De"]
    assert (first["year"], first["date"]) == ("2024", "2024/07//")
    assert (first["name_of_database"], first["accession_number"]) == ("arXiv", "arXiv:2407.15886")
    assert first["urls"] == ["https://arxiv.org/abs/2407.15886"] and first["keywords"] == ["try-on", "editing"]
    assert first["doi"] == "10.48550/arXiv.2407.15886" and "doi" not in second
    # Where it was listed, in words: no file name of data/raw
    assert first["notes"] == ["Found in Hugging Face Daily Papers, 12 March 2025; the listing of Mar 13"]
    assert second["date"] == "2023///" and second["urls"] == ["https://p.org/x"]
    assert "authors" not in third and "year" not in third
    assert ".txt" not in text and b".txt" not in to_csl_json(table())


def test_ris_file_is_what_rispy_dumps_gives():
    """Written line by line into bytes (rispy.dump), the file is rispy.dumps's text, encoded."""
    records = [ris_record(p, PAGES) for p in table()] * 3
    assert to_ris(table() * 3, PAGES) == rispy.dumps(records, implementation=_RisWriter).encode()


def test_sentences_csv_holds_every_sentence_as_its_exact_span():
    papers = table()
    text = sentences_csv(papers, sentences_of(papers)).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["key", "index", "start", "end", "role", "text"]
    by_key = {p.key: p for p in papers}
    assert len(rows) == sum(len(s) for s in sentences_of(papers)) > 0
    for row in rows:
        assert by_key[row["key"]].abstract[int(row["start"]):int(row["end"])] == row["text"]
