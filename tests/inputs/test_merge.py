"""Merging records from several files: one paper per DOI / arXiv id / title, every source kept."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.inputs.merge import merge
from survey.inputs.records import Reading, Record, read_all
from survey.model.paper import normalize_title

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
ORDER = ["zotero.bib", "jabref.bib", "scholar.bib", "arxiv.bib", "zotero.ris", "mendeley.ris", "endnote.ris",
         "zotero-csl.json", "hf-daily.json", "arxiv-api.xml", "partly-broken.bib"]


def fixtures_merged():
    return merge(read_all(FIXTURES / name for name in ORDER))


def test_fixture_files_merge_into_twelve_papers_with_every_source():
    papers, report = fixtures_merged()
    assert len(papers) == 12
    sources = {p.title: [s for s, _ in p.sources] for p in papers}
    assert sources["The Superposition of Diffusion Models Using the Itô Density Estimator"] == [
        "zotero.bib", "arxiv.bib", "zotero-csl.json"]
    assert sources["Semi-Parametric Neural Image Synthesis"] == ["zotero.bib", "zotero.ris", "arxiv-api.xml"]
    assert sources["Personalized subgraph federated learning"] == ["scholar.bib", "endnote.ris"]  # by title only
    assert sum(len(p.sources) for p in papers) == sum(f.read - len(f.skipped) for f in report.files) == 22


def test_matching_keys_are_reported():
    _, report = fixtures_merged()
    files = {f.source: f for f in report.files}
    assert [m[0::2] + m[3:] for m in files["scholar.bib"].merged] == [
        ("entry wang2024localizing (line 1)", "zotero.bib entry wang_localizing_2024 (line 16)", "arXiv id")]
    assert [m[0::2] + m[3:] for m in files["endnote.ris"].merged] == [
        ("line 1", "scholar.bib entry baek2023personalized (line 8)", "title")]
    assert files["zotero-csl.json"].merged[1][3] == "title"
    assert (files["zotero.bib"].read, len(files["zotero.bib"].new), files["zotero.bib"].skipped) == (
        5, 4, [("entry noauthor_untitled_2024 (line 39)", "no title")])
    assert len(files["partly-broken.bib"].skipped) == 2


def test_conflicts_are_reported_and_the_first_source_wins():
    papers, report = fixtures_merged()
    conflicts = {(c.field, c.paper[:20]): c for c in report.conflicts}
    year = conflicts[("year", "The Superposition of")]
    assert (year.kept, year.kept_from.split()[0], year.other, year.other_from.split()[0]) == (
        "2024", "zotero.bib", "2025", "zotero-csl.json")
    authors = conflicts[("authors", "Fantastic Gains and ")]
    assert authors.other == "Karsten Roth; Lukas Thede; Almut Sophia Koepke"  # the feed's shorter list
    roth = next(p for p in papers if p.title.startswith("Fantastic"))
    assert len(roth.authors) == 6 and roth.doi == "10.5555/FICTIONAL.2023.17653"  # empty field filled, no conflict
    assert len(report.conflicts) == 2
    text = report.as_text()
    assert "conflict" in text and "zotero-csl.json: 4 read, 1 new, 2 merged, 1 skipped, 1 conflicts" in text


def test_empty_fields_are_filled_from_later_sources():
    papers, _ = fixtures_merged()
    mos = next(p for p in papers if p.title.startswith("MoS"))
    assert mos.abstract.startswith("The rapid scaling")  # jabref.bib had none, hf-daily.json has it
    assert [source for source, _ in mos.sources] == ["jabref.bib", "hf-daily.json"]
    assert mos.sources[1][1].startswith("item 1")


def rec(title, source="a", where="1", **fields):
    return Record(title=title, source=source, where=where, **fields)


def test_doi_beats_title_and_same_title_with_different_arxiv_ids_stays_apart():
    first = Reading([rec("Introduction", arxiv_id="2401.00001"), rec("A Paper", doi="10.1/X")])
    second = Reading([rec("Introduction", "b", arxiv_id="2402.00002"), rec("Renamed Paper", "b", doi="10.1/x")])
    papers, report = merge([("a", first), ("b", second)])
    assert [p.title for p in papers] == ["Introduction", "A Paper", "Introduction"]
    assert report.files[1].kept_apart and "kept as different papers" in report.files[1].kept_apart[0][1]
    [title_conflict] = report.files[1].conflicts
    assert (title_conflict.field, title_conflict.other) == ("title", "Renamed Paper")


def test_titles_match_ignoring_case_punctuation_and_width():
    assert normalize_title("FedAvgX:  Robust Learning.") == normalize_title("ｆｅｄａｖｇｘ robust-learning")
    papers, report = merge([("a", Reading([rec("FedAvgX: Robust Learning.")])),
                            ("b", Reading([rec("fedavgx robust learning", "b")]))])
    assert len(papers) == 1 and report.files[1].conflicts == []


def test_a_record_matched_through_a_later_key_joins_the_same_paper():
    # a: title only; b: same title + arXiv id; c: only the arXiv id and another spelling of the title.
    papers, _ = merge([("a", Reading([rec("Graph Paper")])),
                       ("b", Reading([rec("Graph paper", "b", arxiv_id="2401.00001")])),
                       ("c", Reading([rec("Graph Paper (extended)", "c", arxiv_id="2401.00001")]))])
    assert len(papers) == 1 and [s for s, _ in papers[0].sources] == ["a", "b", "c"]


NAMES = st.sampled_from(["Alpha Study", "Beta Study", "Gamma Study", "Delta Study"])
IDS = st.sampled_from(["", "2401.00001", "2401.00002"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(NAMES, IDS, st.sampled_from([None, 2023, 2024])), max_size=5), max_size=4))
def test_merging_never_loses_or_duplicates_a_record(files):
    groups = [(f"f{i}", Reading([rec(t, f"f{i}", str(j), arxiv_id=a, year=y) for j, (t, a, y) in enumerate(items)]))
              for i, items in enumerate(files)]
    papers, report = merge(groups)
    all_records = [r for _, reading in groups for r in reading.records]
    assert sorted((s, w) for p in papers for s, w in p.sources) == sorted((r.source, r.where) for r in all_records)
    assert sum(len(f.new) for f in report.files) == len(papers)
    assert sum(len(f.merged) for f in report.files) == len(all_records) - len(papers)
    # No two papers share an arXiv id.
    ids = [p.arxiv_id for p in papers if p.arxiv_id]
    assert len(ids) == len(set(ids))
