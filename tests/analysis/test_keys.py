import random
import shutil
from pathlib import Path

import pytest

from survey.analysis.keys import assign_keys, base_key, title_digest
from survey.analysis.papers import build_papers
from survey.inputs.attributes import NO_ATTRIBUTES
from survey.inputs.metadata import load_metadata
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import normalize_title
from survey.model.taxonomy import Chapter, Section, Taxonomy
from tests.builders import role_model
from tests.helpers import ROOT

RAW = ROOT / "data" / "raw"
# Keys depend on titles, authors and years only; a one-chapter taxonomy keeps build_papers fast.
ONE_SECTION = Section("all", "All", "Everything.", {"learning": 1.0})
ONE_CHAPTER = Taxonomy("all", 1.0, 0.08, (Chapter("all", "All", "Everything.", {"learning": 1.0}, (ONE_SECTION,)),))


def test_key_is_author_year_and_title_words():
    assert base_key("Long-Short History of Gradients", ("Ashish Gupta", "Tie Luo"), "2022") == "gupta2022longshort"
    assert base_key("The Über Model", ("José Müller",), "2024") == "muller2024ubermodel"


def test_key_without_authors_uses_title_and_year():
    assert base_key("CatVTON: Concatenation Is All", (), "") == "catvtonconcatenation"
    assert base_key("CatVTON: Concatenation Is All", (), "2024") == "catvtonconcatenation2024"
    assert base_key("λ", (), "") == "untitled"


def test_keys_survive_adding_removing_and_reordering_papers():
    papers = [(f"Paper {word} Study", ("Ann Lee",), "2024") for word in ["alpha", "beta", "gamma", "delta"]]
    keys = dict(zip(papers, assign_keys(papers)))
    shuffled = papers[1:] + [("Another Paper", ("Bo Chen",), "2023")]
    random.Random(1).shuffle(shuffled)
    assert all(keys[p] == k for p, k in zip(shuffled, assign_keys(shuffled)) if p in keys)


A = ("Sparse Models Are Fast", ("Ann Lee",), "2024")
B = ("Sparse Models: Are They Fast?", ("Ann Lee", "Bo Chen"), "2024")  # same first author, year, first words


def test_collisions_get_distinct_keys_independent_of_order():
    forward = assign_keys([A, B])
    backward = assign_keys([B, A])
    assert len(set(forward)) == 2
    assert forward == backward[::-1]
    # Without arXiv ids, the paper with the smaller title hash keeps the plain key.
    first, second = sorted([A, B], key=lambda p: title_digest(p[0], 40))
    assert dict(zip([A, B], forward)) == {first: "lee2024sparsemodels",
                                          second: f"lee2024sparsemodels-{title_digest(second[0])}"}


def test_same_first_word_only_is_no_collision():
    c = ("Sparse Attention Is Fast", ("Ann Lee",), "2024")
    assert assign_keys([A, c]) == ["lee2024sparsemodels", "lee2024sparseattention"]


def test_earlier_paper_keeps_its_key_when_a_later_colliding_one_arrives():
    """The paper that was there first (earliest arXiv id) keeps the plain key in every order, so adding
    a later colliding paper changes no existing key."""
    alone = assign_keys([A], since=["2401.00001"])
    assert alone == ["lee2024sparsemodels"]
    for order in ([A, B], [B, A]):
        since = ["2401.00001" if p is A else "2405.00002" for p in order]
        keys = dict(zip(order, assign_keys(order, since=since)))
        assert keys[A] == "lee2024sparsemodels" and keys[B] == f"lee2024sparsemodels-{title_digest(B[0])}"
    # A paper with an arXiv id comes before one without.
    assert assign_keys([B, A], since=["", "2401.00001"])[1] == "lee2024sparsemodels"


def test_three_way_collision_and_digest_prefix_clash_stay_distinct():
    titles = {}
    number = 0
    while True:  # two titles whose SHA-1 digests share the first four hex digits
        title = f"Sparse Models Number {number}"
        clash = titles.setdefault(title_digest(title), title)
        if clash != title:
            break
        number += 1
    papers = [A, (clash, ("Ann Lee",), "2024"), (title, ("Ann Lee",), "2024")]
    for order in (papers, papers[::-1]):
        keys = assign_keys(order)
        assert len(set(keys)) == 3
        assert dict(zip(order, keys)) == dict(zip(papers, assign_keys(papers)))


def test_duplicate_titles_are_refused():
    with pytest.raises(ValueError):
        assign_keys([A, ("sparse models are FAST.", ("Ann Lee",), "2024")])


def keys_of_pages(folder: Path) -> dict[str, str]:
    """Normalized title -> key, from the real pipeline (read_raw_files, metadata, build_papers) on `folder`."""
    papers = build_papers(read_raw_files(folder).papers, load_metadata(ROOT / "data" / "arxiv_metadata.csv"), ONE_CHAPTER, {}, role_model(), NO_ATTRIBUTES)
    return {normalize_title(p.title): p.key for p in papers}


def copy_pages(pages: list[Path], folder: Path) -> Path:
    """The pages copied to `folder` under names that make read_raw_files read them in the given order."""
    folder.mkdir()
    for number, page in enumerate(pages):
        shutil.copy(page, folder / f"{number:03d}_{page.name}")
    return folder


def test_real_corpus_keys_survive_adding_removing_and_reordering_pages(tmp_path):
    pages = sorted(RAW.glob("*.txt"))
    assert len(pages) >= 3
    full = keys_of_pages(RAW)
    assert len(set(full.values())) == len(full)
    variants = {"reversed": pages[::-1], "shuffled": random.Random(4).sample(pages, len(pages))}
    variants.update({f"without {page.name}": [p for p in pages if p != page] for page in pages})
    for name, subset in variants.items():
        keys = keys_of_pages(copy_pages(subset, tmp_path / name.replace(" ", "_")))
        changed = {t: (full[t], k) for t, k in keys.items() if full[t] != k}
        assert not changed, f"{name}: keys changed {changed}"
        if name.startswith("without"):
            assert len(keys) < len(full)  # the page's own papers left; adding it back is the full corpus


def test_real_corpus_collision_from_a_new_page_gets_distinct_order_independent_keys(tmp_path):
    """A new page listing a paper with the same first author, year and first title words as a paper
    already in the survey: both get distinct keys, whatever the order of the pages."""
    full = keys_of_pages(RAW)
    metadata = (ROOT / "data" / "arxiv_metadata.csv").read_bytes().decode("utf-8")
    title = "Accelerating Distributed Stochastic Optimization via Self-Repellent Random Walks"
    assert full[normalize_title(title)] == "hu2024acceleratingdistributed"
    twin = "Accelerating Distributed Learning with Self-Repellent Tokens"
    page = "\n\n".join(["new", "Get trending papers in your email inbox!", "Subscribe",
                        "byAK and the research community", "Mar 30", twin,
                        "We study token algorithms. " * 10]) + "\n"
    for name, first in (("new_first", True), ("new_last", False)):
        folder = tmp_path / name
        pages = sorted(RAW.glob("*.txt"))
        copy_pages(pages, folder)
        (folder / ("000_new.txt" if first else "999_new.txt")).write_text(page, encoding="utf-8")
        meta = tmp_path / f"{name}.csv"
        row = f"{twin},2403.00001,Jie Hu; Ann Other,yes,2024-03-01,https://arxiv.org/abs/2403.00001\r\n"
        meta.write_bytes((metadata + row).encode("utf-8"))
        papers = build_papers(read_raw_files(folder).papers, load_metadata(meta), ONE_CHAPTER, {}, role_model(), NO_ATTRIBUTES)
        keys = {normalize_title(p.title): p.key for p in papers}
        assert len(keys) == len({p.key for p in papers}) == len(papers)
        pair = {keys[normalize_title(title)], keys[normalize_title(twin)]}
        assert len(pair) == 2 and all(k.startswith("hu2024acceleratingdistributed") for k in pair)
        if name == "new_first":
            first_pair = pair
        else:
            assert pair == first_pair
        others = {t: k for t, k in keys.items() if t not in (normalize_title(title), normalize_title(twin))}
        assert others == {t: k for t, k in full.items() if t != normalize_title(title)}
