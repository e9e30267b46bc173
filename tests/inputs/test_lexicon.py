"""The curated lexicon of datasets, benchmarks and metrics (data/lexicon.yml) and how it matches abstracts."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.core.errors import InputError
from survey.inputs.lexicon import load_lexicon
from survey.model.lexicon import EMPTY, KINDS, Entry, Lexicon
from tests.builders import real_papers

ROOT = Path(__file__).resolve().parents[2]
LEXICON = ROOT / "data" / "lexicon.yml"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(LEXICON)


@pytest.fixture(scope="module")
def papers():
    return real_papers()


def abstract_of(papers, title: str) -> str:
    """A real abstract, found by its exact title (keys may change; titles do not)."""
    found = [p.abstract for p in papers if p.title == title]
    assert len(found) == 1, title
    return found[0]


# Real abstracts of data/papers.csv and exactly what the lexicon must find in them, checked by hand.
KNOWN = [
    ("StrongSORT: Make DeepSORT Great Again", {"MOT17", "MOT20", "DanceTrack", "KITTI"}),
    ("Mask is All You Need: Rethinking Mask R-CNN for Dense and Arbitrary-Shaped Scene Text Detection",
     {"DAST1500", "MSRA-TD500", "ICDAR2015", "CTW1500", "Total-Text"}),
    ("A Unified Sampling Framework for Solver Searching of Diffusion Probabilistic Models",
     {"CIFAR-10", "CelebA", "ImageNet", "LSUN", "FID", "NFE"}),
    ("Improving Virtual Try-On with Garment-focused Diffusion Models", {"VITON-HD", "DressCode"}),
    # "VITON, VITON-HD databases": both datasets, each once.
    ("Texture-Preserving Diffusion Models for High-Fidelity Virtual Try-On", {"VITON", "VITON-HD"}),
    # "CIFAR-10/100-LT" names both CIFAR datasets.
    ("FedLoGe: Joint Local and Generic Federated Learning under Long-tailed Data",
     {"CIFAR-10", "CIFAR-100", "ImageNet", "iNaturalist"}),
    ("MLCM: Multistep Consistency Distillation of Latent Diffusion Model",
     {"COCO", "CLIP score", "Aesthetic score", "ImageReward"}),
    ("MaskLLM: Learnable Semi-Structured Sparsity for Large Language Models", {"WikiText", "Perplexity"}),
    # "FID/IS scores": both metrics.
    ("On Distillation of Guided Diffusion Models", {"CIFAR-10", "ImageNet", "LAION", "FID", "Inception Score"}),
    ("Sheaf Neural Networks for Graph-based Recommender Systems",
     {"OGB", "MovieLens", "Book-Crossing", "F1 score", "Hits@20"}),
    # "Attribute-Phrases (AP)" is not the AP metric.
    ("DiffCloth: Diffusion Based Garment Synthesis and Manipulation via Structural Cross-modal Semantic Alignment",
     {"CM-Fashion"}),
    # "Augmented Reality (AR)", "Nvidia Tesla T4 GPU": nothing from the lexicon.
    ("DM-VTON: Distilled Mobile Real-time Virtual Try-On", set()),
]


@pytest.mark.parametrize("title, expected", KNOWN, ids=[t.split(":")[0][:30] for t, _ in KNOWN])
def test_exact_mentions_in_real_abstracts(lexicon, papers, title, expected):
    assert set(lexicon.mentions(abstract_of(papers, title))) == expected


def test_method_names_containing_a_dataset_name_do_not_match(lexicon, papers):
    title = "VITON-DiT: Learning In-the-Wild Video Try-On from Human Dance Videos via Diffusion Transformers"
    assert lexicon.mentions(f"{title}\n{abstract_of(papers, title)}") == []
    assert lexicon.mentions("TED-VITON beats LaDI-VTON") == []


@pytest.mark.parametrize("text, expected", [
    ("FID of 5.02", ["FID"]),
    ("FIDELITY and fid and FIDs", []),  # case-sensitive, whole word
    ("on CIFAR-100", ["CIFAR-100"]),  # not CIFAR-10
    ("on CIFAR-10.", ["CIFAR-10"]),
    ("ImageNet-1K and ImageNet 64x64", ["ImageNet"]),
    ("the IS score", ["Inception Score"]),
    ("ISSUES", []),
])
def test_whole_word_case_sensitive_matching(lexicon, text, expected):
    assert lexicon.mentions(text) == expected


def test_real_lexicon_is_valid_and_grounded_in_the_corpus(lexicon, papers):
    """Every entry is named by at least one paper: the lexicon lists what the abstracts actually mention."""
    assert len(lexicon.entries) >= 60
    assert {e.kind for e in lexicon.entries} == set(KINDS)
    texts = [f"{p.title}\n{p.abstract}" for p in papers]
    unused = [e.name for e in lexicon.entries if not any(e.found_in(text) for text in texts)]
    assert unused == []


def test_missing_file_is_an_empty_lexicon(tmp_path):
    assert load_lexicon(tmp_path / "lexicon.yml") == EMPTY
    assert EMPTY.mentions("CIFAR-10 FID") == []


def regex_mentions(lexicon, text):
    """The matching rule as one regex per entry (aliases longest first, not glued on either side): the
    reference that Lexicon.mentions and Entry.found_in compute without a regex."""
    found = []
    for entry in lexicon.entries:
        alternatives = "|".join(re.escape(a) for a in sorted(entry.aliases, key=lambda a: (-len(a), a)))
        if re.search(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
            found.append(entry.name)
    return found


def test_mentions_equal_the_regex_rule_on_every_real_text(lexicon, papers):
    texts = [f"{p.title}\n{p.abstract}" for p in papers]
    assert sum(len(lexicon.mentions(t)) for t in texts) > 100
    for text in texts:
        assert lexicon.mentions(text) == regex_mentions(lexicon, text)
        assert [e.name for e in lexicon.entries if e.found_in(text)] == regex_mentions(lexicon, text)


GLUED = ["CIFAR-10", "CIFAR-100", "FID", "IS", "VITON", "VITON-HD", "ImageNet", "ImageNet-1K", "-", "_", "x", "é", "1",
         " ", ".", "\n", "(", "AP_{50}", "AP50", "TED-", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GLUED), max_size=14).map("".join))
def test_mentions_equal_the_regex_rule_on_glued_text(lexicon, text):
    """Aliases run into letters, digits, underscores, hyphens and each other, or standing apart."""
    assert lexicon.mentions(text) == regex_mentions(lexicon, text)
    assert [e.name for e in lexicon.entries if e.found_in(text)] == regex_mentions(lexicon, text)


def test_entry_pattern_escapes_aliases():
    entry = Entry("AP50", "metric", ("AP_{50}", "AP50"))
    assert entry.found_in("an AP_{50} of 46.6") and not entry.found_in("AP_{500}")


@pytest.mark.parametrize("text, words, line", [
    ("entries:\n  - {name: A, kind: dataset, aliases: [A]}\n  - {name: A, kind: metric, aliases: [B]}\n",
     "duplicate lexicon entry 'A'", 3),
    ("entries:\n  - {name: A, kind: model, aliases: [A]}\n", "kind 'model'", 2),
    ("entries:\n  - {name: A, kind: dataset, aliases: []}\n", "non-empty list of aliases", 2),
    ("entries:\n  - {name: A, kind: dataset, aliases: [X]}\n  - {name: B, kind: dataset, aliases: [X]}\n",
     "already belongs to 'A'", 3),
    ("entries:\n  - {name: A, kind: dataset, aliases: [A], url: x}\n", "unknown key(s) url", 2),
    ("entries: [\n", "invalid YAML", None),
])
def test_invalid_lexicon_names_file_line_and_fix(tmp_path, text, words, line):
    path = tmp_path / "lexicon.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_lexicon(path)
    assert words in str(error.value) and "lexicon.yml" in str(error.value)
    if line is not None:
        assert error.value.line == line
