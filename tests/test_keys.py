import random

from survey.keys import assign_keys, base_key


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


def test_collisions_get_distinct_keys_independent_of_order():
    a = ("Sparse Models Are Fast", ("Ann Lee",), "2024")
    b = ("Sparse Models: Are They Fast?", ("Ann Lee",), "2024")  # same author, year and first words
    forward = assign_keys([a, b])
    backward = assign_keys([b, a])
    assert len(set(forward)) == 2
    assert forward == backward[::-1]
    assert all(k.startswith("lee2024sparsemodels-") for k in forward)
