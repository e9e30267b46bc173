import pytest

from survey.analysis.facts import clean_url, links, short_name


@pytest.mark.parametrize("title, abstract, expected", [
    ("CatVTON: Concatenation Is All You Need for Virtual Try-On with Diffusion Models", "", "CatVTON"),
    ("SE-MoE: A Scalable and Efficient Mixture-of-Experts System", "", "SE-MoE"),
    ("λ-ECLIPSE: Multi-Concept Personalized Text-to-Image Diffusion", "", "λ-ECLIPSE"),
    ("Bristle: Decentralized Federated Learning in Byzantine, Non-i.i.d. Environments", "", "Bristle"),
    ("HiFi Tuner: High-Fidelity Subject-Driven Fine-Tuning", "", "HiFi Tuner"),
    ("Video Diffusion Models: A Survey", "", ""),
    ("Long-Short History of Gradients is All You Need: Detecting Malicious Clients", "", ""),
    ("Improving Diffusion Models for Virtual Try-on", "We present a method, dubbed IDM-VTON, that ...", "IDM-VTON"),
    ("A Study of Things", "Nothing is named here.", ""),
])
def test_short_name(title, abstract, expected):
    assert short_name(title, abstract) == expected


@pytest.mark.parametrize("raw, expected", [
    ("https://github.com/LabSAINT/MUD-HoG_Federated_Learning.", "https://github.com/LabSAINT/MUD-HoG_Federated_Learning"),
    ("https://github.com/facebookresearch/mowst-gnn).", "https://github.com/facebookresearch/mowst-gnn"),
    ("https://github.com/siqi0905/GarDiff/tree/master{https://github.com/siqi0905/GarDiff/tree/master}.",
     "https://github.com/siqi0905/GarDiff/tree/master"),
    ("https://gohyojun15.github.io/ANT_diffusion/{url}.", "https://gohyojun15.github.io/ANT_diffusion/"),
    ("https://xiaojiu-z.github.io/Stable-Hair.github.io/}", "https://xiaojiu-z.github.io/Stable-Hair.github.io/"),
    ("https: //github.com/Graph-COM/Neighborhood-Aware-Temporal-Network.", "https://github.com/Graph-COM/Neighborhood-Aware-Temporal-Network"),
    ("https://github.com/example/repo.git", "https://github.com/example/repo"),
    ("https://", ""),
])
def test_clean_url_fixes_real_corpus_defects(raw, expected):
    assert clean_url(raw) == expected


def test_links_split_code_and_project_pages_and_deduplicate():
    abstract = ("Code: https://github.com/a/b. Mirror https://gitee.com/c/d and https://gitlab.com/e/f; "
                "project https://site.github.io/p/). Again https://github.com/a/b.git")
    assert links(abstract) == (["https://github.com/a/b", "https://gitee.com/c/d", "https://gitlab.com/e/f"],
                               ["https://site.github.io/p/"])


def test_https_with_stray_space_is_found_in_text():
    assert links("Code at https: //github.com/x/y.")[0] == ["https://github.com/x/y"]
