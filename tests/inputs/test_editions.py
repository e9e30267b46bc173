"""inputs.editions: data/editions.yml validated with file and line, record_edition appends once (hand comments
kept, nothing written), papers_added credits each paper to the first edition that lists one of its pages."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.inputs.editions import (
    HEADER,
    RecordedEdition,
    current_listings,
    load_editions,
    papers_added,
    parse_editions,
    record_edition,
)
from survey.site.edition import corpus_version

Edition = RecordedEdition
D = dt.date.fromisoformat

GOOD = """\
# hand comment
- date: 2026-03-12
  version: "aaaa00000001"
  listings:
    - "000_a.txt"
- date: 2026-03-20
  version: "bbbb00000002"
  listings: ["000_a.txt", "001_b.txt"]
"""


def error(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_editions(text, "data/editions.yml")
    return caught.value


# ----------------------------------------------------------------------------------------- loading


def test_load_good_file(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    path.write_text(GOOD, encoding="utf-8")
    editions = load_editions(path)
    assert editions == (Edition(dt.date(2026, 3, 12), "aaaa00000001", ("000_a.txt",)),
                        Edition(dt.date(2026, 3, 20), "bbbb00000002", ("000_a.txt", "001_b.txt")))
    assert [e.line for e in editions] == [2, 6]


def test_missing_or_empty_file_has_no_edition(tmp_path: Path) -> None:
    assert load_editions(tmp_path / "absent.yml") == ()
    (tmp_path / "empty.yml").write_text(HEADER, encoding="utf-8")
    assert load_editions(tmp_path / "empty.yml") == ()
    assert parse_editions("[]\n") == ()


@pytest.mark.parametrize("text, line, words", [
    ("date: 2026-03-12\n", 1, "must be a list of editions"),
    ("- just text\n", 1, "must be a mapping"),
    ("- date: 2026-03-12\n  version: \"a\"\n", 1, "missing key(s) listings"),
    ("- date: 2026-03-12\n  version: \"a\"\n  listings: [\"x.txt\"]\n  note: hi\n", 4, "unknown key(s) note"),
    ("- date: 12/03/2026\n  version: \"a\"\n  listings: [\"x.txt\"]\n", 1, "not an ISO date"),
    ("- date: \"2026-3-12\"\n  version: \"a\"\n  listings: [\"x.txt\"]\n", 1, "not an ISO date"),
    ("- date: 2026-03-12 10:00:00\n  version: \"a\"\n  listings: [\"x.txt\"]\n", 1, "not an ISO date"),
    ("- date: 2026-13-12\n  version: \"a\"\n  listings: [\"x.txt\"]\n", 1, "not a valid date"),
    ("- date: 2026-03-12\n  version: 123456789012\n  listings: [\"x.txt\"]\n", 2, "reads as a int"),
    ("- date: 2026-03-12\n  version: \"has space\"\n  listings: [\"x.txt\"]\n", 2, "has version"),
    ("- date: 2026-03-12\n  version: \"a\"\n  listings: x.txt\n", 3, "not a non-empty list"),
    ("- date: 2026-03-12\n  version: \"a\"\n  listings: []\n", 3, "not a non-empty list"),
    ("- date: 2026-03-12\n  version: \"a\"\n  listings:\n    - \"x.txt\"\n    - 7\n", 5, "listing 2 (7) is not a file name in data/raw"),
    ("- date: 2026-03-12\n  version: \"a\"\n  listings:\n    - \"../x.txt\"\n", 4, "not a file name in data/raw"),
    ("- date: 2026-03-12\n  version: \"a\"\n  listings:\n    - \"x.txt\"\n    - \"x.txt\"\n", 5, "twice"),
    ("- date: 2026-03-12\n  version: \"a\"\n  version: \"b\"\n  listings: [\"x.txt\"]\n", 3, "duplicate key"),
    ("- date: 2026-03-12\n  version: \"a\n", 3, "invalid YAML"),
])
def test_validation_errors_name_file_line_and_fix(text: str, line: int, words: str) -> None:
    problem = error(text)
    assert problem.path == "data/editions.yml"
    assert problem.line == line, str(problem)
    assert words in problem.message, str(problem)
    assert problem.fix
    assert str(problem).startswith(f"data/editions.yml:{line}: ")


def test_repeated_version_is_an_error_on_the_repeat() -> None:
    text = GOOD + "- date: 2026-03-21\n  version: \"aaaa00000001\"\n  listings: [\"000_a.txt\"]\n"
    problem = error(text)
    assert problem.line == 10 and "repeats version 'aaaa00000001'" in problem.message and "line 2" in problem.message


def test_editions_must_be_in_chronological_order() -> None:
    text = GOOD + "- date: 2026-03-01\n  version: \"cccc\"\n  listings: [\"000_a.txt\"]\n"
    problem = error(text)
    assert problem.line == 9 and "dated before" in problem.message
    same_day = GOOD + "- date: 2026-03-20\n  version: \"cccc\"\n  listings: [\"000_a.txt\"]\n"
    assert len(parse_editions(same_day)) == 3  # two editions on one day: file order decides


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    path.write_bytes(b"- date: \xff\n")
    with pytest.raises(InputError, match="not valid UTF-8"):
        load_editions(path)


# --------------------------------------------------------------------------------------- recording


def test_record_new_file_then_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    text = record_edition(path, D("2026-03-12"), "aaaa00000001", ["001_b.txt", "000_a.txt"])
    assert text == HEADER + ('- date: 2026-03-12\n  version: "aaaa00000001"\n  listings:\n'
                             '    - "000_a.txt"\n    - "001_b.txt"\n')
    assert not path.exists()  # the caller writes
    path.write_text(text, encoding="utf-8")
    assert record_edition(path, D("2026-04-01"), "aaaa00000001", ["000_a.txt", "001_b.txt"]) == text
    assert record_edition(path, dt.date(2030, 1, 1), "aaaa00000001", ["other.txt"]) == text  # same version
    again = record_edition(path, dt.date(2026, 3, 12), "aaaa00000001", ["000_a.txt"])
    assert again.encode() == path.read_bytes()


def test_record_appends_and_keeps_hand_comments(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    path.write_text(GOOD.rstrip("\n"), encoding="utf-8")  # no final newline
    text = record_edition(path, dt.date(2026, 4, 1), "cccc00000003", ["000_a.txt", "001_b.txt", "002_c.txt"])
    assert text.startswith(GOOD) and "# hand comment" in text
    editions = parse_editions(text)
    assert [e.version for e in editions] == ["aaaa00000001", "bbbb00000002", "cccc00000003"]
    assert editions[-1].listings == ("000_a.txt", "001_b.txt", "002_c.txt")
    path.write_text(text, encoding="utf-8")
    assert record_edition(path, dt.date(2026, 4, 2), "cccc00000003", ["x.txt"]) == text


def test_record_is_deterministic_and_quotes_what_yaml_would_misread(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    one = record_edition(path, D("2026-03-12"), "123456789012", ["1.5", "yes", "it's: #x.txt"])
    two = record_edition(path, dt.date(2026, 3, 12), "123456789012", ("it's: #x.txt", "yes", "1.5"))
    assert one == two
    (edition,) = parse_editions(one)
    assert edition.version == "123456789012" and edition.listings == ("1.5", "it's: #x.txt", "yes")


def test_record_rejects_a_date_before_the_last_edition(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="before the last edition"):
        record_edition(path, D("2026-03-01"), "cccc", ["000_a.txt"])


def test_record_on_an_invalid_file_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    path.write_text("- date: nonsense\n  version: \"a\"\n  listings: [\"x.txt\"]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        record_edition(path, D("2026-03-01"), "cccc", ["000_a.txt"])
    assert caught.value.line == 1


def test_record_replaces_an_empty_flow_list(tmp_path: Path) -> None:
    path = tmp_path / "editions.yml"
    path.write_text("[]\n", encoding="utf-8")
    text = record_edition(path, D("2026-03-01"), "cccc", ["000_a.txt"])
    assert text.startswith(HEADER) and len(parse_editions(text)) == 1


# ---------------------------------------------------------------------------------- papers_added


def write_raw(raw: Path, name: str, titles: list[str]) -> None:
    raw.mkdir(exist_ok=True)
    body = "new\n\nMar 12\n\n" + "".join(f"{t}\n\nAbstract of {t}.\n\n" for t in titles)
    (raw / name).write_text(body, encoding="utf-8")


def test_papers_added_after_adding_a_listing_page(tmp_path: Path) -> None:
    raw, path = tmp_path / "raw", tmp_path / "editions.yml"
    write_raw(raw, "000_a.txt", ["P1", "P2"])
    write_raw(raw, "001_b.txt", ["P2", "P3"])
    path.write_text(record_edition(path, D("2026-03-12"), corpus_version(raw), current_listings(raw)), encoding="utf-8")

    write_raw(raw, "002_c.txt", ["P3", "P4", "P5"])  # a new listing page
    sources = {"p1": ("000_a.txt",), "p2": ("000_a.txt", "001_b.txt"), "p3": ("001_b.txt", "002_c.txt"),
               "p4": ("002_c.txt",), "p5": ("002_c.txt",)}
    before = papers_added(load_editions(path), sources)
    assert [keys for _, keys in before.by_edition] == [("p1", "p2", "p3")]
    assert before.unrecorded == ("p4", "p5")  # on the site, not yet in an edition

    old = path.read_text(encoding="utf-8")
    text = record_edition(path, D("2026-03-20"), corpus_version(raw), current_listings(raw))
    assert text.startswith(old) and text != old
    path.write_text(text, encoding="utf-8")
    editions = load_editions(path)
    assert editions[1].listings == ("000_a.txt", "001_b.txt", "002_c.txt")
    after = papers_added(editions, sources)
    assert [(e.date.isoformat(), keys) for e, keys in after.by_edition] == [
        ("2026-03-12", ("p1", "p2", "p3")), ("2026-03-20", ("p4", "p5"))]
    assert after.unrecorded == ()
    # nothing new: the version is unchanged and so is the file
    assert record_edition(path, D("2026-03-25"), corpus_version(raw), current_listings(raw)) == text


def test_a_paper_joins_the_first_edition_listing_any_source() -> None:
    e1 = Edition(dt.date(2026, 1, 1), "v1", ("a.txt",))
    e2 = Edition(dt.date(2026, 2, 1), "v2", ("a.txt", "b.txt"))
    e3 = Edition(dt.date(2026, 3, 1), "v3", ("b.txt",))  # a page may also leave the corpus
    added = papers_added([e1, e2, e3], {"x": ("b.txt", "a.txt"), "y": ("b.txt",), "z": ("q.txt",), "w": ()})
    assert added.by_edition == [(e1, ("x",)), (e2, ("y",)), (e3, ())]
    assert added.unrecorded == ("z", "w")  # in the order given
    assert papers_added([], {"x": ("a.txt",)}).unrecorded == ("x",)
