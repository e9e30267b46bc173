from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.analysis.text import paper_text, vectorize
from survey.analysis.themes import ABSTRACT_CAP, TITLE_WEIGHT, RuleIndex, assign, occurrences
from survey.inputs.taxonomy import load_taxonomy
from survey.model.taxonomy import Override

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "book" / "data" / "themes.yml"
PAPERS = [
    ("Robust Federated Learning", "Byzantine clients send malicious updates in federated training."),
    ("Personalized Federated Models", "Personalized models for federated clients with non-IID data."),
    ("Try-On with Diffusion", "A diffusion model for virtual try-on of garments."),
    ("Video Diffusion", "Diffusion for video generation with temporal layers."),
    ("Dressing Up Pictures of People", "We transfer garments onto person images for virtual try-on of garments."),
    ("Coffee", "We brew coffee."),
]


def run(overrides=None):
    taxonomy = load_taxonomy(FIXTURE)
    titles, abstracts = zip(*PAPERS)
    vectors = vectorize([paper_text(t, a) for t, a in PAPERS])
    return assign(taxonomy, list(titles), list(abstracts), vectors, overrides or {})


def rule_score(rules: dict[str, float], title: str, abstract: str) -> float:
    return RuleIndex([rules]).scores(title, abstract)[0]


def test_rule_score_counts_title_hits_thrice_and_caps_abstract_hits():
    assert rule_score({"federated": 5}, "federated x", "federated federated federated federated") == 5 * (3 + 3)
    assert rule_score({"try-on": 1}, "", "virtual try-on") == 1
    assert rule_score({"fed": 1}, "federated", "") == 0  # whole words only
    assert rule_score({"fl fl": 1}, "", "fl fl fl fl fl") == 2  # occurrences that do not overlap


def plain_score(rules: dict[str, float], title: str, abstract: str) -> float:
    """The rule score as defined: every rule, in order, counted in title and abstract."""
    score = 0.0
    for phrase, weight in rules.items():
        in_title = TITLE_WEIGHT if occurrences(phrase, title, 1) else 0
        in_abstract = occurrences(phrase, abstract, ABSTRACT_CAP)
        if in_title or in_abstract:
            score += weight * (in_title + in_abstract)
    return score


WORDS = st.sampled_from(["fed", "federated", "learning", "try-on", "on", "3d", "a", "-", " "])
PHRASES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(PHRASES, st.sampled_from([0.1, 0.2, 0.3, 1.0, 2.5]), max_size=6), min_size=1, max_size=4),
       st.lists(WORDS, max_size=12).map(" ".join), st.lists(WORDS, max_size=40).map(" ".join))
def test_the_index_scores_every_rule_set_as_defined(rule_sets, title, abstract):
    """RuleIndex counts only the phrases present in the text: the same floats, bit for bit, as counting
    every rule in order (weights like 0.1 make the order of the sum matter)."""
    assert RuleIndex(rule_sets).scores(title, abstract) == [plain_score(r, title, abstract) for r in rule_sets]


def test_rules_similarity_and_fallback():
    assignments, weak = run()
    assert [(a.primary, a.section, a.method) for a in assignments] == [
        ("federated-learning", "robustness", "rules"),
        ("federated-learning", "personalization", "rules"),
        ("diffusion", "try-on", "rules"),
        ("diffusion", "video", "rules"),
        ("diffusion", "try-on", "similarity"),
        ("other", "miscellaneous", "fallback"),
    ]
    assert {i for i, _, _ in weak} == {4, 5}


def test_override_wins_and_keeps_secondary_chapters():
    assignments, _ = run({5: Override(("federated-learning", "diffusion"), "personalization")})
    assert (assignments[5].themes, assignments[5].section, assignments[5].method) == (
        ("federated-learning", "diffusion"), "personalization", "override")
