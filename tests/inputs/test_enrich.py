"""Online enrichment of data/arxiv_metadata.csv, tested offline: the real `arxiv` package (URLs, paging,
Atom parsing, rate limiting) answered by recorded Atom responses (tests/fixtures/arxiv/)."""
import json
from urllib.parse import parse_qs, urlparse

import arxiv
import pytest
import requests

from survey.inputs.enrich import (
    ID_BATCH,
    MIN_DELAY_SECONDS,
    Report,
    enrich,
    enrich_file,
    make_client,
    read_rows,
    rows_to_csv,
    title_query,
)
from survey.inputs.metadata import load_metadata
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import normalize_title
from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "arxiv"
METADATA = ROOT / "data" / "arxiv_metadata.csv"
SELF_REPELLENT = "Accelerating Distributed Stochastic Optimization via Self-Repellent Random Walks"
SE_MOE = "SE-MoE: A Scalable and Efficient Mixture-of-Experts Distributed Training and Inference System"
LONG_SHORT = ("Long-Short History of Gradients is All You Need: Detecting Malicious and Unreliable Clients in "
              "Federated Learning")
ALIGNIT = "AlignIT: Enhancing Prompt Alignment in Customization of Text-to-Image Models"
MISLABELLED = "A Curated Title Whose Identifier Is Wrong"


class Recorded:
    """Stands in for requests.Session.get: answers each arXiv API request with its recorded feed."""

    def __init__(self):
        index = json.loads((FIXTURES / "responses.json").read_text(encoding="utf-8"))["requests"]
        self.answers = {(r["search_query"], r["id_list"]): r["file"] for r in index}
        self.requests: list[tuple[str, str]] = []
        self.unavailable = False  # answer unrecorded requests with 503 instead of failing the test

    def get(self, session, url, **kwargs):
        query = parse_qs(urlparse(url).query, keep_blank_values=True)
        assert urlparse(url).netloc == "export.arxiv.org"
        request = (query["search_query"][0], query["id_list"][0])
        self.requests.append(request)
        response = requests.Response()
        if request not in self.answers and self.unavailable:
            response.status_code = 503
            return response
        assert request in self.answers, f"unrecorded arXiv request {request}"
        response.status_code = 200
        response._content = (FIXTURES / self.answers[request]).read_bytes()
        return response


@pytest.fixture
def recorded(monkeypatch):
    """No network: requests answered from fixtures; the client's sleeps recorded instead of slept."""
    fake = Recorded()
    fake.sleeps = []
    monkeypatch.setattr(requests.Session, "get", lambda session, url, **kw: fake.get(session, url, **kw))
    monkeypatch.setattr(arxiv.time, "sleep", fake.sleeps.append)
    return fake


def curated(*titles):
    rows = {normalize_title(r["title"]): r for r in read_rows(METADATA.read_bytes().decode("utf-8"))}
    return [dict(rows[normalize_title(t)]) for t in titles]


def test_title_query_is_an_exact_phrase_of_normalized_words():
    assert title_query('SE-MoE: "A" Scalable (System)') == 'ti:"se moe a scalable system"'


def test_unchanged_file_round_trips_byte_for_byte():
    text = METADATA.read_bytes().decode("utf-8")
    assert rows_to_csv(read_rows(text)) == text
    lf = text.replace("\r\n", "\n")
    assert rows_to_csv(read_rows(lf), "\n") == lf


def test_enrich_fills_and_adds_only_from_exact_title_matches_and_never_overwrites(recorded):
    long_short, se_moe = curated(LONG_SHORT, SE_MOE)
    se_moe.update(authors="", authors_complete="", submitted="2022-05-21")  # a curated date, deliberately different
    mislabelled = {"title": MISLABELLED, "arxiv_id": "2499.00002", "authors": "", "authors_complete": "",
                   "submitted": "", "evidence_url": ""}
    rows = [long_short, se_moe, mislabelled]
    before = [dict(r) for r in rows]
    titles = [LONG_SHORT, SE_MOE, MISLABELLED, SELF_REPELLENT, ALIGNIT]

    result, report = enrich(titles, rows, client=make_client())

    assert rows == before  # the input is not modified
    assert recorded.requests == [("", "2208.10273,2205.10034,2499.00002"), (title_query(SELF_REPELLENT), ""),
                                 (title_query(ALIGNIT), "")]
    assert title_query(SELF_REPELLENT) == 'ti:"accelerating distributed stochastic optimization via self repellent random walks"'
    assert len(recorded.sleeps) == 2 and all(s >= MIN_DELAY_SECONDS - 0.5 for s in recorded.sleeps)
    filled_se_moe = result[1]
    assert filled_se_moe["authors"] == curated(SE_MOE)[0]["authors"] and filled_se_moe["authors_complete"] == "yes"
    assert filled_se_moe["submitted"] == "2022-05-21"  # not overwritten by the API's 2022-05-20
    assert filled_se_moe["evidence_url"] == "http://arxiv.org/abs/2205.10034v2"  # curated evidence kept
    assert result[0] == long_short  # its id is not in the answer: nothing taken
    assert result[2] == mislabelled  # the id leads to another title: nothing taken
    added = result[3]
    expected = curated(SELF_REPELLENT)[0] | {"evidence_url": "https://arxiv.org/abs/2401.09665"}
    assert added == expected  # the near miss listed first was rejected; the exact title was taken
    assert len(result) == 4  # AlignIT: no result, no row
    assert report.added == [SELF_REPELLENT]
    assert report.filled == [(SE_MOE, ("authors",))]
    assert report.conflicts == [MISLABELLED]
    assert report.unmatched == [LONG_SHORT, ALIGNIT]
    assert report.searches == 3
    assert "1 rows added, 1 rows filled" in report.summary()


def test_enrich_file_writes_rows_the_metadata_loader_reads(recorded, tmp_path):
    path = tmp_path / "arxiv_metadata.csv"
    text = METADATA.read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    path.write_bytes("".join(line for line in lines if not line.startswith(SELF_REPELLENT)).encode("utf-8"))
    assert normalize_title(SELF_REPELLENT) not in load_metadata(path)

    dry = enrich_file(path, [SELF_REPELLENT], client=make_client(), dry_run=True)
    assert dry.added == [SELF_REPELLENT] and normalize_title(SELF_REPELLENT) not in load_metadata(path)

    report = enrich_file(path, [SELF_REPELLENT, SE_MOE], client=make_client())
    assert report.added == [SELF_REPELLENT]
    written = path.read_bytes().decode("utf-8")
    assert written.startswith("".join(line for line in lines if not line.startswith(SELF_REPELLENT)))
    meta = load_metadata(path)[normalize_title(SELF_REPELLENT)]
    assert meta.arxiv_id == "2401.09665" and meta.submitted == "2024-01-18"
    assert meta.authors == ("Jie Hu", "Vishwaraj Doshi", "Do Young Eun")
    again = enrich_file(path, [SELF_REPELLENT, SE_MOE], client=make_client())
    assert again == Report() and path.read_bytes().decode("utf-8") == written  # complete: no request at all


def test_a_client_faster_than_one_request_every_three_seconds_is_refused():
    with pytest.raises(ValueError, match="3 s"):
        enrich([ALIGNIT], [], client=arxiv.Client(delay_seconds=1))
    assert make_client().delay_seconds >= MIN_DELAY_SECONDS


class Counting:
    """A client that answers nothing and counts what it was asked (for planning, no network)."""

    delay_seconds = MIN_DELAY_SECONDS

    def __init__(self):
        self.searches: list[arxiv.Search] = []

    def results(self, search):
        self.searches.append(search)
        return iter(())


def test_real_corpus_plan_batches_known_ids_and_searches_the_rest():
    """On the real data: every incomplete paper is looked up once; known ids in batches."""
    titles = [p.title for p in read_raw_files(ROOT / "data" / "raw").papers]
    rows = read_rows(METADATA.read_bytes().decode("utf-8"))
    client = Counting()
    result, report = enrich(titles, rows, client=client)
    assert result == rows and report.added == report.filled == []
    by_title = {normalize_title(r["title"]): r for r in rows}
    incomplete = [t for t in titles if normalize_title(t) not in by_title
                  or not all(by_title[normalize_title(t)][c] for c in ("arxiv_id", "authors", "submitted"))]
    with_id = [t for t in incomplete if normalize_title(t) in by_title and by_title[normalize_title(t)]["arxiv_id"]]
    batches = [s for s in client.searches if s.id_list]
    assert sum(len(s.id_list) for s in batches) == len(with_id)
    assert len(batches) == -(-len(with_id) // ID_BATCH)
    assert len(client.searches) - len(batches) == len(incomplete) - len(with_id)
    assert sorted(report.unmatched) == sorted(incomplete)


def test_an_unavailable_api_stops_the_lookups_and_keeps_what_was_found(recorded, tmp_path):
    recorded.unavailable = True
    path = tmp_path / "arxiv_metadata.csv"
    path.write_bytes(b"title,arxiv_id,authors,authors_complete,submitted,evidence_url\r\n")
    report = enrich_file(path, [SELF_REPELLENT, "A Paper the API Cannot Answer For"], client=make_client())
    assert report.added == [SELF_REPELLENT] and report.error.startswith("HTTPError")
    assert len(recorded.requests) == 1 + 4  # one answer, then the first try and 3 retries
    assert normalize_title(SELF_REPELLENT) in load_metadata(path)
