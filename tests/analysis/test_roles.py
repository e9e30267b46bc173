"""The sentence-role classifier (analysis.roles) measured against hand labels it was not fitted on.

data/sentence_roles.csv holds 1,172 hand-labelled sentences of 125 abstracts: `train` (65 abstracts,
labelled while the classifier was written) and `heldout` (60 other abstracts, labelled later by a
labeller who never saw the classifier's output). tests/fixtures/paper_roles.csv holds, for the same
papers, the hand-chosen summary and result sentences, type, training-free flag and whether the chosen
sentences read on their own. Fitting on `train` and scoring `heldout` is the honest figure; the README
reports it. The asserted floors are the measured figures, so a regression fails here."""
from __future__ import annotations

import csv
import random
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from survey.analysis import roles as roles_module
from survey.analysis.quotes import shown_text
from survey.analysis.roles import CLASSIFY_BATCH, CUES, RoleModel, _cue_hits, _normalized, training_free
from survey.analysis.sentences import sentence_spans
from survey.inputs.sentence_roles import load_sentence_roles
from survey.model.sentence import ROLES
from tests.builders import real_papers
from tests.helpers import ROOT


@cache
def labelled():
    return load_sentence_roles(ROOT / "data" / "sentence_roles.csv")


@cache
def abstracts() -> dict[str, str]:
    return {p.title: p.abstract for p in real_papers()}


@cache
def train_model() -> RoleModel:
    return RoleModel([s for s in labelled() if not s.held_out])


@cache
def paper_labels() -> list[dict[str, str]]:
    with (ROOT / "tests" / "fixtures" / "paper_roles.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def predicted(model: RoleModel, title: str) -> dict[int, str]:
    return {s.index: s.role for s in model.sentences(abstracts()[title])}


def accuracy(model: RoleModel, sentences) -> float:
    return sum(predicted(model, s.title)[s.index] == s.role for s in sentences) / len(sentences)


def test_every_labelled_sentence_is_the_exact_sentence_of_its_abstract():
    assert len(labelled()) == 1172 and {s.role for s in labelled()} == set(ROLES)
    for s in labelled():
        start, end = sentence_spans(abstracts()[s.title])[s.index]
        assert abstracts()[s.title][start:end] == s.text, (s.title, s.index)
    counts = {}
    for s in labelled():
        counts[s.title] = counts.get(s.title, 0) + 1
    assert all(counts[t] == len(sentence_spans(abstracts()[t])) for t in counts)  # whole abstracts only


def test_roles_on_held_out_abstracts():
    """Fitted on the 65 `train` abstracts, scored on the 60 `heldout` ones (562 sentences): 0.847."""
    held = [s for s in labelled() if s.held_out]
    assert len(held) == 562
    assert accuracy(train_model(), held) >= 0.845


def test_roles_by_five_fold_cross_validation_over_all_labels():
    """Fitted on four fifths of the 125 abstracts, scored on the rest, five times: 0.876."""
    titles = sorted({s.title for s in labelled()})
    random.Random(0).shuffle(titles)
    right = 0
    for fold in range(5):
        held = set(titles[fold::5])
        model = RoleModel([s for s in labelled() if s.title not in held])
        right += sum(predicted(model, s.title)[s.index] == s.role for s in labelled() if s.title in held)
    assert right / len(labelled()) >= 0.87


def held_out_papers() -> list[dict[str, str]]:
    return [row for row in paper_labels() if row["set"] == "heldout"]


def gold_roles(title: str) -> dict[int, str]:
    return {s.index: s.role for s in labelled() if s.title == title}


def index_of(title: str, sentence: str) -> int:
    abstract = abstracts()[title]
    return next(i for i, (a, b) in enumerate(sentence_spans(abstract)) if abstract[a:b] == sentence)


def test_summary_and_headline_result_on_held_out_papers():
    """What the survey shows as a paper's contribution and its headline result, on the 60 held-out papers:
    summaries that are contribution sentences 58/60 (0.967), results that are result sentences 54/57
    (0.947, below the 0.95 aimed at), a result found for 56 of the 57 papers that report one (0.982)."""
    from survey.analysis.papers import _readable_first

    model = train_model()
    summaries = results = right_summaries = right_results = reporting = found = 0
    for row in held_out_papers():
        title, abstract = row["title"], abstracts()[row["title"]]
        gold = gold_roles(title)
        summary = _readable_first(abstract, model.summaries(abstract), "")
        result = _readable_first(abstract, model.results(abstract), "")
        if summary:
            summaries += 1
            right_summaries += gold[index_of(title, summary)] == "contribution"
        if result:
            results += 1
            right_results += gold[index_of(title, result)] == "result"
        if "result" in gold.values():
            reporting += 1
            found += bool(result)
    assert summaries == 60 and right_summaries / summaries >= 0.95
    assert right_results / results >= 0.94
    assert found / reporting >= 0.95


def test_type_and_training_free_on_held_out_papers():
    """Type 54/60, training-free 41/60 (yes/no/unknown; most misses are "no" against "unknown")."""
    model = train_model()
    rows = held_out_papers()
    types = sum(model.paper_type(r["title"], abstracts()[r["title"]]) == r["type"] for r in rows)
    free = sum(training_free(r["title"], abstracts()[r["title"]]) == r["training_free"] for r in rows)
    assert types >= 54 and free >= 41


def test_quotes_judged_readable_on_their_own():
    """The readability rule (quotes.shown_text) against the labeller's judgement of the sentences they
    chose: of the chosen sentences the rule would show, the share the labeller found readable: 104 of 104
    (15 others hidden though judged readable). The rule was revised once after seeing these judgements
    (demonstratives such as "this bottleneck" anywhere in the sentence), so the figure is optimistic."""
    shown = readable = 0
    for row in held_out_papers():
        abstract = abstracts()[row["title"]]
        spans = sentence_spans(abstract)
        for column, judged in (("summary_index", "summary_readable"), ("result_index", "result_readable")):
            if row[column] and row[judged]:
                start, end = spans[int(row[column])]
                if shown_text(abstract[start:end], "") is not None:
                    shown += 1
                    readable += row[judged] == "yes"
    assert shown >= 100 and readable / shown >= 0.95


def test_fitting_is_deterministic():
    again = RoleModel([s for s in labelled() if not s.held_out])
    for title in list(abstracts())[:40]:
        assert train_model().sentences(abstracts()[title]) == again.sentences(abstracts()[title])


@pytest.mark.parametrize("abstract", ["", "One.", "No period at all", "Ünïcode sentence here. Another one follows!"])
def test_any_abstract_gets_exact_spans(abstract):
    sentences = train_model().sentences(abstract)
    assert [abstract[s.start:s.end] for s in sentences] == [abstract[a:b] for a, b in sentence_spans(abstract)]
    assert all(s.role in ROLES for s in sentences)


def test_the_cached_model_is_the_fitted_one_and_is_refitted_when_the_sentences_change(tmp_path):
    from survey.analysis.roles import RoleModel
    from survey.inputs.sentence_roles import load_sentence_roles
    from tests.helpers import ROOT

    labelled = load_sentence_roles(ROOT / "data" / "sentence_roles.csv")
    fitted = RoleModel.cached(labelled, tmp_path)
    [saved] = tmp_path.glob("roles-*.npz")
    read = RoleModel.cached(labelled, tmp_path)  # read back, not fitted
    assert read.to_bytes() == fitted.to_bytes() == saved.read_bytes()
    abstract = ("Diffusion models are slow. We propose FastDiff, a sampler that needs four steps. "
                "Experiments show it is 10x faster with no loss in FID. Code is available at https://x.io.")
    assert read.sentences(abstract) == fitted.sentences(abstract)
    assert (read.analyse(abstract)[1] == fitted.analyse(abstract)[1]).all()  # the same probabilities, bit for bit
    RoleModel.cached(labelled[:-1], tmp_path)
    assert len(list(tmp_path.glob("roles-*.npz"))) == 2  # other sentences: fitted again, under another name


@pytest.mark.parametrize("batch", [CLASSIFY_BATCH, 7])
def test_classifying_the_corpus_in_one_batch_gives_each_abstract_its_own_roles(batch, monkeypatch):
    """`classify` computes the features of every sentence of a batch of abstracts at once (context features
    across the batch, one sparse product); each abstract must get what classifying it alone gives, in one
    batch (the real corpus) or in many."""
    monkeypatch.setattr(roles_module, "CLASSIFY_BATCH", batch)
    texts = list(abstracts().values())
    batched, alone = RoleModel.from_bytes(train_model().to_bytes()), RoleModel.from_bytes(train_model().to_bytes())
    batched.classify(texts)
    for text in texts:
        assert batched.sentences(text) == alone.sentences(text)
        assert batched.analyse(text)[1] == pytest.approx(alone.analyse(text)[1], abs=1e-12)
        assert batched.summaries(text) == alone.summaries(text) and batched.results(text) == alone.results(text)


EXAMPLES = ["code is available at https://x.io.", "see www.site.org", "github.com/x/y", "models are released",
            "our code will be made available", "we open-source it", "data is opensourced", "the site foo.com",
            "10% fewer steps", "3.5 points", "from 2 to 5", "١٢ times faster", "in this paper we", "here, we show",
            "this work", "future work", "we hope to", "paves the way", "opens up new avenues", "a foundation for",
            "limitations of our method", "we do not address", "illuminates", "poised to", "invites", "4× faster"]


def test_the_cue_hits_are_those_each_cue_s_search_finds():
    """_cue_hits finds every cue of a sentence in one scan (core.patterns): the same hits as searching each
    cue in the lower-cased sentence, on every labelled sentence, every sentence of the real corpus and one
    example of most alternatives of the cues."""
    sentences = [s.text for s in labelled()] + [a[start:end] for a in abstracts().values()
                                                for start, end in sentence_spans(a)] + EXAMPLES
    expected = [[1.0 if pattern.search(s.lower()) else 0.0 for pattern in CUES.values()] for s in sentences]
    assert _cue_hits(sentences).tolist() == expected
    assert all(any(row[j] for row in expected) for j in range(len(CUES)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("we propose a method mdl-2 ÜBER ß İ ﬁ\t.,_-0123")), max_size=60), max_size=8))
def test_counting_the_vocabulary_s_n_grams_equals_scikit_learn_s(extra):
    """RoleModel._counts numbers words and looks bigrams up by pairs of numbers: the matrix must be
    CountVectorizer's, value for value, on the real corpus's sentences and on any text."""
    model = train_model()
    sentences = [a[start:end] for a in abstracts().values() for start, end in sentence_spans(a)][:400] + extra + [
        "a BREAK in break", "BREAK", ""]  # the word that joins sentences (roles.BREAK), in any case
    ours = model._counts(sentences)
    reference = CountVectorizer(ngram_range=(1, 2), vocabulary=model._vocabulary, dtype=np.float64).transform(
        [_normalized(s) for s in sentences])
    assert ours.shape == reference.shape
    assert np.array_equal(ours.indptr, reference.indptr) and np.array_equal(ours.indices, reference.indices)
    assert np.array_equal(ours.data, reference.data)
