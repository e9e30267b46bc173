from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.inputs.taxonomy import load_overrides, load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "book" / "data" / "themes.yml"


def test_fixture_taxonomy_loads():
    taxonomy = load_taxonomy(FIXTURE)
    assert [c.slug for c in taxonomy.chapters] == ["federated-learning", "diffusion", "other"]
    assert taxonomy.chapter("diffusion").section("try-on").rules == {"try-on": 5.0}


def test_real_taxonomy_is_valid_and_sized_like_a_survey():
    taxonomy = load_taxonomy(ROOT / "data" / "themes.yml")
    assert 10 <= len(taxonomy.chapters) <= 20
    assert all(2 <= len(c.sections) for c in taxonomy.chapters if c.slug != taxonomy.fallback)


def broken(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "themes.yml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, words, line", [
    ("    title: \"Federated learning\"", "    title: \"Federated learning\"\n    colour: red", "unknown key(s) colour", 7),
    ("slug: diffusion", "slug: federated-learning", "duplicate chapter slug", 24),
    ("slug: diffusion", "slug: ../../etc", "is not a plain identifier", 24),
    ("slug: diffusion", "slug: overview", "is reserved", 24),
    ("fallback_chapter: other", "fallback_chapter: nowhere", "fallback_chapter 'nowhere'", 2),
    ("      federated: 5", "      federated: many", "positive weight", 10),
    ("min_score: 4", "min_score: 4\nmin_score: 5", "duplicate key", 4),
    ("chapters:", "chapters: [", "invalid YAML", None),
])
def test_invalid_taxonomy_names_file_line_and_fix(tmp_path, old, new, words, line):
    with pytest.raises(InputError) as error:
        load_taxonomy(broken(tmp_path, old, new))
    assert words in str(error.value) and "themes.yml" in str(error.value)
    if line is not None:
        assert error.value.line == line


def test_overrides_are_validated(tmp_path):
    taxonomy = load_taxonomy(FIXTURE)
    path = tmp_path / "overrides.yml"
    path.write_text("overrides:\n  - title: 'Paper One.'\n    chapters: [diffusion, federated-learning]\n    section: video\n", encoding="utf-8")
    override = load_overrides(path, taxonomy, {"paper one"})["paper one"]
    assert (override.chapters, override.section) == (("diffusion", "federated-learning"), "video")
    for body, words in [("  - title: Nope\n    chapters: [diffusion]\n", "does not exist"),
                        ("  - title: Paper One\n    chapters: [nowhere]\n", "chapter slugs"),
                        ("  - title: Paper One\n    chapters: [diffusion]\n    section: robustness\n", "not in chapter"),
                        ("  - title: Paper One\n    chapter: [diffusion]\n", "unknown key")]:
        path.write_text("overrides:\n" + body, encoding="utf-8")
        with pytest.raises(InputError, match=words):
            load_overrides(path, taxonomy, {"paper one"})
    assert load_overrides(tmp_path / "missing.yml", taxonomy, set()) == {}
