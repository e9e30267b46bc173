"""A section's computed comparison: every statement a count of the papers' own fields."""
from survey.analysis.comparison import statements
from survey.inputs.attributes import load_attributes
from tests.builders import paper
from tests.helpers import ROOT

ATTRIBUTES = load_attributes(ROOT / "data" / "attributes.yml")


def test_statements_count_types_training_free_attributes_and_code():
    backbone = ATTRIBUTES.get("backbone")
    papers = [paper(f"p{i}", f"Paper {i}", "", type="method", training_free=free, year=year, backbone=value, code_urls=code)
              for i, (free, year, value, code) in enumerate([("yes", "2024", "DiT", "https://github.com/a/b"),
                                                            ("yes", "2024", "DiT", ""), ("no", "2023", "U-Net", ""),
                                                            ("unknown", "", "U-Net;DiT", "")])]
    said = statements(papers, [backbone])
    assert said == ["All 4 are methods.",
                    "Training-free by their own account: 2 of 4; training or fine-tuning: 1; not stated: 1.",
                    "Backbone “DiT”: 3 papers, 2 of them dated 2024.",
                    "Backbone “U-Net”: 2 papers, 1 of them dated 2023.",
                    "1 of 4 link to code."]


def test_too_few_papers_are_not_compared():
    assert statements([paper("a"), paper("b")], []) == []
