"""Related papers and versions (analysis.corpus): the similarity floor, measured on the real survey, and the
near-duplicate criterion. The numbers behind RELATED_FLOOR and VERSION_* are asserted here, so a change of
the corpus or the vectors that moves them fails a test instead of silently outdating the comment."""
from __future__ import annotations

from collections import Counter

from survey.analysis.corpus import RELATED_FLOOR, VERSION_NAME_SIMILARITY, VERSION_SIMILARITY, Corpus
from tests.builders import corpus as corpus_of
from tests.builders import paper, real_corpus, taxonomy


def same_chapter_rate(corpus: Corpus, low: float, high: float) -> float:
    pairs = [(i, j) for i, row in enumerate(corpus.neighbours) for j, s in row if low <= s < high]
    return sum(corpus.papers[i].primary_theme == corpus.papers[j].primary_theme for i, j in pairs) / len(pairs)


def test_the_floor_separates_neighbours_that_share_a_chapter_from_chance_on_the_real_survey():
    real = real_corpus()
    shares = Counter(p.primary_theme for p in real.papers)
    chance = sum((n / len(real)) ** 2 for n in shares.values())
    below = same_chapter_rate(real, 0.0, RELATED_FLOOR)
    above = same_chapter_rate(real, RELATED_FLOOR, 1.01)
    assert chance < 0.1 and below < 0.3 and above > 0.5  # 7%, 23%, 57% when the floor was chosen
    assert same_chapter_rate(real, RELATED_FLOOR, RELATED_FLOOR + 0.02) >= 0.35  # just above: already 40%
    listed = [s for row in real.neighbours for _, s in row]
    kept = [s for row in real.related for _, s in row]
    assert len(kept) >= 0.85 * len(listed)  # the floor drops the weakest tenth, not most of them
    assert sum(1 for row in real.related if not row) <= 3


def test_the_unrelated_pair_of_the_issue_is_gone():
    real = real_corpus()
    keys = [p.key for p in real.papers]
    ltr = next(i for i, p in enumerate(real.papers) if p.title.startswith("Unbiased Learning to Rank with Unbiased"))
    nas = next(i for i, p in enumerate(real.papers) if p.title.startswith("PA&DA"))
    assert nas in [j for j, _ in real.neighbours[ltr]]  # still a nearest neighbour by wording (0.07) ...
    assert nas not in [j for j, _ in real.related[ltr]], keys[ltr]  # ... but no longer listed as related


def test_versions_of_one_work_point_to_each_other_on_the_real_survey():
    real = real_corpus()
    pairs = {tuple(sorted((real.papers[i].key, real.papers[j].key))) for i, row in enumerate(real.versions) for j in row}
    assert pairs == {("zhu2023sdmaccelerating", "zhu2024sdmaccelerating")}  # the two A-SDM papers, nothing else
    highest_other = max(s for i, row in enumerate(real.neighbours) for j, s in row if j not in real.versions[i])
    assert highest_other < VERSION_SIMILARITY - 0.1  # different works stay well below the text-only criterion


def test_a_shared_method_name_needs_similar_text_too():
    chapters = taxonomy(("a", "A", ("s",)))
    text = "diffusion models denoise images with a latent transformer"
    papers = [paper("a2023x", "X: one", text, short_name="Dream", themes="a"),
              paper("b2024x", "X: two", text + " faster", short_name="dream", themes="a"),
              paper("c2024y", "Graphs", "graph neural networks pass messages", short_name="Dream", themes="a"),
              paper("d2024z", "Unrelated", "reinforcement learning agents explore", themes="a")]
    corpus = corpus_of(papers, chapters)
    assert corpus.versions == [(1,), (0,), (), ()]
    assert VERSION_NAME_SIMILARITY < VERSION_SIMILARITY
    assert all(0 not in [j for j, _ in row] for row in corpus.related[1:2])  # a version is not also "related"
