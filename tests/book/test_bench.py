"""Smoke run of the benchmark package (bench/): the synthetic corpus generator and the generation timing on a
tiny corpus. The full benchmark (`make bench`) takes about 35 minutes and is not part of the test suite."""
from __future__ import annotations

import json
import mmap
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import plain, synthetic
from bench.generation import columns, stage_names
from survey.inputs.metadata import load_metadata
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import normalize_title
from survey.pipeline import Options, generate, write_outputs
from survey.site.book import PageLimits
from tests.helpers import ROOT, published_table


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_synthetic_corpus_is_a_valid_deterministic_book(tmp_path):
    source = synthetic.load_source(ROOT)
    corpus = synthetic.make_corpus(tmp_path / "a", 150, seed=3, source=source)
    papers = read_raw_files(corpus.root / "data" / "raw").papers  # the survey's own parser accepts every page
    assert len(papers) == corpus.papers == 150
    assert corpus.listings > corpus.papers  # some papers are listed again on a later page
    assert corpus.pages >= 2 and len(corpus.held_out) == 1 and corpus.held_out_papers > 0
    assert all(p.abstract for p in papers)
    metadata = load_metadata(corpus.root / "data" / "arxiv_metadata.csv")  # well-formed ids and dates
    share = sum(normalize_title(p.title) in metadata for p in papers) / len(papers)
    assert 0.75 < share < 1
    assert (corpus.root / "data" / "themes.yml").exists() and not (corpus.root / "data" / "overrides.yml").exists()
    # Recombined from the real corpus: every abstract sentence is a real one.
    real = " ".join(a for page in sorted((ROOT / "data" / "raw").glob("*.txt"))
                    for _, a in synthetic.read_listing_pairs(page.read_text(encoding="utf-8")))
    assert all(s in real for p in papers[:20] for s in synthetic.sentences(p.abstract))
    again = synthetic.make_corpus(tmp_path / "b", 150, seed=3, source=source)
    assert files(corpus.root) == files(again.root) and again.held_out == corpus.held_out


def test_quick_benchmark_prints_the_figures_table(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--work", str(tmp_path)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| corpus "))
    assert [c.strip() for c in header.strip("|").split("|")] == columns()
    row = next(line for line in lines if line.startswith("| 50 "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    figures = dict(zip(columns(), cells))
    assert figures["papers"] == "50" and figures["status"] == "ok"
    assert float(figures["generate s"]) > 0 and float(figures["peak MiB"]) > 0
    assert 0 <= float(figures["sys s"]) <= float(figures["cpu s"]) and int(figures["page faults"].replace(",", "")) > 0
    assert all(figures[stage] != "-" for stage in stage_names())  # the pipeline reports every stage
    assert (tmp_path / "synthetic-50" / "data" / "papers.csv").exists()  # generation really ran
    fresh = next(line for line in lines if line.startswith("| at the start "))
    cells = [c.strip() for c in fresh.strip("|").split("|")]
    assert cells[1] == "1.0" and int(cells[3].replace(",", "")) >= (1 << 30) // mmap.PAGESIZE and cells[5] == "ok"
    # The same generation sampled by py-spy (bench.owners), on a copy of the corpus made before it was generated.
    sampled = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))["owners"]
    assert [o["papers"] for o in sampled] == [50] and sampled[0]["status"] == "ok", sampled
    shares = sampled[0]["owners"]
    assert sampled[0]["samples"] > 100 and sum(shares.values()) == pytest.approx(1.0)
    assert shares["survey"] > 0 and shares["sklearn"] > 0 and shares["imports"] > 0  # the role model is fitted with sklearn
    assert all(name.startswith("survey/") for name in sampled[0]["survey_modules"])
    assert not (tmp_path / "owners-50").exists()  # the copy is removed
    assert any(line.startswith("| 50 ") and line.rstrip("| ").endswith("ok") and "%" in line for line in lines)


def test_owners_charges_each_sample_to_its_innermost_python_frame():
    """bench.owners on py-spy's collapsed stacks: a library's C work under its own function is the library's,
    a line of the survey (and the builtin it calls) the survey's, anything under the import system imports."""
    from bench.owners import STDLIB, shares

    venv = "/repo/.venv/lib/python3.11/site-packages"
    pipeline = "generate (/repo/scripts/survey/pipeline.py:101)"
    lines = [
        f"<module> (/repo/bench/generation.py:1);{pipeline};_vectorize (/repo/scripts/survey/analysis/text.py:73);"
        f"_count_vocab ({venv}/sklearn/feature_extraction/text.py:1276) 30",
        f"<module> (/repo/bench/generation.py:1);{pipeline};vega_bundle (/repo/scripts/survey/site/charts.py:224) 20",
        f"<module> (/repo/bench/generation.py:1);{pipeline};found ({venv}/survey/core/literals.py:37) 10",
        f"<module> (/repo/bench/generation.py:1);{pipeline};dumps ({STDLIB}/json/__init__.py:231) 15",
        f"<module> (/repo/bench/generation.py:1);_find_and_load (<frozen importlib._bootstrap>:1176);"
        f"<module> ({venv}/sklearn/__init__.py:80) 25",
        "not a stack line",
    ]
    figures = shares(lines)
    assert figures["samples"] == 100
    assert figures["owners"] == {"survey": 0.30, "sklearn": 0.30, "imports": 0.25, "standard library": 0.15}
    assert figures["survey_modules"] == {"survey/site/charts.py": 0.20, "survey/core/literals.py": 0.10}
    assert figures["frames"]["vega_bundle (survey/site/charts.py:224)"] == 0.20
    assert figures["frames"]["_count_vocab (sklearn/feature_extraction/text.py:1276)"] == 0.30


def test_the_ten_second_target_is_split_into_the_surveys_part_and_the_rest():
    from bench.targets import survey_speedup

    # Imports (20% of the samples) are outside the timed figure: the survey has 0.6 / 0.8 of 20 s.
    owners = {"owners": {"survey": 0.6, "sklearn": 0.2, "imports": 0.2}}
    assert survey_speedup(20.0, owners) == ("of 20.0 s: the survey's code 15.0 s, libraries and the standard library "
                                            "5.0 s; 10 s needs the survey's part 3.0x faster")
    assert survey_speedup(20.0, {"owners": {"survey": 0.2, "sklearn": 0.8}}).endswith("the rest alone is over 10 s")
    assert survey_speedup(8.0, owners).endswith("(met)")


def test_touching_fresh_memory_faults_in_every_page():
    """bench.memory writes every page it maps: the kernel gives each one fresh (a fault per page at least)."""
    from bench.memory import touch

    figures = touch(1 / 16)
    assert figures["page_faults"] >= (1 << 26) // mmap.PAGESIZE
    assert figures["kernel_seconds"] >= 0 and figures["us_per_fault"] is not None


def test_the_plain_book_shows_each_bibliography_page_its_own_papers(tmp_path):
    """The plain book's bibliography pages hold the papers the survey's pages show: all of them on one page,
    each once across the pages of a split bibliography."""
    book = tmp_path / "book"
    shutil.copytree(ROOT / "tests" / "fixtures" / "book", book, symlinks=True)
    write_outputs(book, generate(book, Options(PageLimits(bibliography=2))))
    titles = list(published_table(book / "data" / "papers.csv")["title"])
    pages = [p.read_text(encoding="utf-8") for p in sorted((book / "chapters").glob("bibliography-*.md"))]
    shown = [plain.bibliography_text(book, page) for page in pages]
    assert len(pages) > 3
    assert all(sum(text.count(title) for text in shown) == 1 for title in titles)
    whole = plain.bibliography_text(book, "```{bibliography}\n:all:\n```\n")
    assert all(title in whole for title in titles)


def test_recall_of_the_approximate_search_is_measured_against_the_exact_one(book):
    from bench.recall import recall

    write_outputs(book, generate(book))
    figures = recall(book, sample=500)
    assert figures["papers"] == figures["sampled"] == 5  # every paper of a small corpus is sampled
    # On a corpus this small every pair sharing a term is a candidate: the approximate search is exact.
    assert figures["recall_at_5"] == 1.0 and figures["identical_lists"] == 1.0 and figures["similarity_kept"] == 1.0


def test_recall_and_similarity_kept_fall_when_the_search_misses_the_best(monkeypatch):
    """On the real survey, every paper's list without its best match: recall and the similarity kept fall
    below 1, and the similarity kept is the exact sum over the exact sum."""
    from bench.recall import recall
    from survey.analysis import neighbours, text
    from survey.analysis.text import paper_text, vectorize
    from survey.model.table import read_csv

    papers = read_csv(ROOT / "data" / "papers.csv")
    exact = text.neighbours(vectorize([paper_text(p.title, p.abstract) for p in papers]), 5)
    monkeypatch.setattr(neighbours, "neighbours", lambda vectors, count: [row[1:] for row in exact])
    figures = recall(ROOT, sample=len(papers))
    assert figures["sampled"] == len(papers) == 325
    assert figures["recall_at_5"] < 1.0
    assert figures["identical_lists"] == sum(1 for row in exact if not row) / len(exact) < 1.0  # only empty lists stay
    assert figures["similarity_kept"] == pytest.approx(sum(v for row in exact for _, v in row[1:]) /
                                                      sum(v for row in exact for _, v in row))
