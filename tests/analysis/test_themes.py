from pathlib import Path

from survey.analysis.text import paper_text, vectorize
from survey.analysis.themes import assign, rule_score
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


def test_rule_score_counts_title_hits_thrice_and_caps_abstract_hits():
    assert rule_score({"federated": 5}, "federated x", "federated federated federated federated") == 5 * (3 + 3)
    assert rule_score({"try-on": 1}, "", "virtual try-on") == 1
    assert rule_score({"fed": 1}, "federated", "") == 0  # whole words only


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
