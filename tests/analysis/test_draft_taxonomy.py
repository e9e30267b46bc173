"""The drafted taxonomy (analysis.draft_taxonomy): loads as data/themes.yml, places every paper once,
is deterministic across processes, handles tiny and degenerate corpora, and on the real corpus stays at
its measured level against the curated chapters.

The real corpus's `primary_theme` (data/papers.csv) is the curated rules' output plus 8 overrides, a proxy
for the expert labels. Measured: drafted chapters ARI 0.47, the assigner with the drafted YAML 0.42. The
floors below guard against regressions; they are not the issue's 0.60 target, which the draft does not reach.
"""
from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score as ari

from survey.analysis.draft_taxonomy import FALLBACK, draft_taxonomy, to_yaml
from survey.analysis.text import paper_text, vectorize
from survey.analysis.themes import assign
from survey.inputs.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_ARI_FLOOR = 0.42
ASSIGNER_ARI_FLOOR = 0.37


@lru_cache(maxsize=1)
def corpus() -> tuple[list[str], list[str], list[str]]:
    with open(ROOT / "data" / "papers.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["title"] for r in rows], [r["abstract"] for r in rows], [r["primary_theme"] for r in rows]


@lru_cache(maxsize=1)
def real_draft():
    titles, abstracts, _ = corpus()
    return draft_taxonomy(titles, abstracts)


def load(text: str, tmp_path: Path):
    return load_taxonomy(tmp_path / "themes.draft.yml", text, draft=True)


def test_deterministic_across_processes_and_hash_seeds():
    code = ("import csv, hashlib, sys; from survey.analysis.draft_taxonomy import draft_taxonomy, to_yaml; "
            f"rows = list(csv.DictReader(open({str(ROOT / 'data' / 'papers.csv')!r}, newline='', encoding='utf-8'))); "
            "print(hashlib.sha256(to_yaml(draft_taxonomy([r['title'] for r in rows], [r['abstract'] for r in rows]))"
            ".encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert digests == {hashlib.sha256(to_yaml(real_draft()).encode()).hexdigest() + "\n"}


def test_the_draft_loads_as_a_taxonomy_marked_draft(tmp_path):
    result = real_draft()
    text = to_yaml(result)
    assert text.startswith("# DRAFT")
    taxonomy = load(text, tmp_path)
    assert taxonomy.draft and taxonomy.fallback == FALLBACK
    assert [c.slug for c in taxonomy.chapters] == [c.slug for c in result.chapters]
    for chapter in result.chapters[:-1]:
        assert chapter.scope.startswith("DRAFT:") and "edit this" in chapter.scope
        assert chapter.rules, chapter.slug
        if len(chapter.members) >= 6:
            assert 2 <= len(chapter.sections) <= 6, chapter.slug


def test_every_paper_is_in_one_chapter_and_one_of_its_sections():
    result = real_draft()
    assert 6 <= result.k <= 16
    assert sorted(i for c in result.chapters for i in c.members) == list(range(len(corpus()[0])))
    for c, chapter in enumerate(result.chapters):
        assert sorted(i for s in chapter.sections for i in s.members) == sorted(chapter.members)
        assert all(result.labels[i] == c for i in chapter.members)


def test_agreement_with_the_curated_chapters_stays_at_its_measured_level(tmp_path):
    titles, abstracts, gold = corpus()
    result = real_draft()
    assert ari(gold, result.labels) >= CLUSTER_ARI_FLOOR
    assignments, _ = assign(load(to_yaml(result), tmp_path), titles, abstracts,
                            vectorize([paper_text(t, a) for t, a in zip(titles, abstracts)]), {})
    assert ari(gold, [a.primary for a in assignments]) >= ASSIGNER_ARI_FLOOR
    assert sum(a.method == "rules" for a in assignments) > len(titles) // 2  # the drafted rules do place papers


@pytest.mark.parametrize("size", [1, 2, 5, 30])
def test_tiny_corpora(size, tmp_path):
    titles, abstracts, _ = corpus()
    step = len(titles) // size
    result = draft_taxonomy(titles[::step][:size], abstracts[::step][:size])
    assert len(result.labels) == size
    load(to_yaml(result), tmp_path)


def test_degenerate_texts(tmp_path):
    load(to_yaml(draft_taxonomy(["A", "b", "", "x y"], ["", "", "", ""])), tmp_path)
    with pytest.raises(ValueError):
        draft_taxonomy([], [])


def test_corpus_text_is_quoted_in_the_yaml(tmp_path):
    titles = ['Quote "this" and back\\slash: colon # hash'] * 3 + ["Other topic entirely"] * 3
    abstracts = ['We study "quoted" phrases: a: b # c, and more quoted phrases.'] * 3 + ["Something else here."] * 3
    load(to_yaml(draft_taxonomy(titles, abstracts)), tmp_path)
