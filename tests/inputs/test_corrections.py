"""data/corrections.yml: exact fixes of listing text, validated, applied to title and abstract."""
from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.inputs.corrections import apply_corrections, load_corrections
from survey.inputs.listings import ListedPaper
from survey.model.paper import normalize_title

LISTED = [ListedPaper("ARTcdotV: Video", "We present ARTcdotV, 46.7times faster.", ["a.txt"], ["Mar 12"]),
          ListedPaper("Other paper", "Plain.", ["a.txt"], ["Mar 12"])]
TITLES = {normalize_title(p.title) for p in LISTED}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corrections.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_corrections_apply_to_title_and_abstract_and_keep_the_listed_title_as_an_alias(tmp_path):
    path = write(tmp_path, 'corrections:\n  - title: "ARTcdotV: Video"\n    replace:\n      ARTcdotV: ART·V\n'
                           '      46.7times: 46.7×\n    reason: lost backslashes\n')
    papers, aliases = apply_corrections(path, LISTED, load_corrections(path, TITLES))
    assert (papers[0].title, papers[0].abstract) == ("ART·V: Video", "We present ART·V, 46.7× faster.")
    assert (papers[0].sources, papers[0].dates) == (["a.txt"], ["Mar 12"])
    assert papers[1] is LISTED[1] and LISTED[0].title == "ARTcdotV: Video"  # the input is not changed
    assert aliases == {"art v video": "artcdotv video"}


def test_no_file_corrects_nothing(tmp_path):
    assert load_corrections(tmp_path / "none.yml", TITLES) == {}


@pytest.mark.parametrize("text, message", [
    ('corrections:\n  - title: "Unknown"\n    replace: {a: b}\n    reason: r\n', r"corrections.yml:2: correction names a paper that is not listed"),
    ('corrections:\n  - title: "Other paper"\n    replace: x\n    reason: r\n', r"corrections.yml:3: 'replace' must map"),
    ('corrections:\n  - title: "Other paper"\n    replace: {a: b}\n', r"corrections.yml:2: a correction is missing key\(s\) reason"),
    ('corrections:\n  - title: "Other paper"\n    replace: {a: b}\n    reason: ""\n', r"corrections.yml:4: 'reason' must say why"),
    ('corrections:\n  - title: "Other paper"\n    replace: {a: b}\n    reason: r\n'
     '  - title: "Other paper."\n    replace: {a: b}\n    reason: r\n', r"corrections.yml:5: the same paper is corrected twice"),
])
def test_bad_entries_name_the_line(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_corrections(write(tmp_path, text), TITLES)


def test_a_correction_that_no_longer_applies_stops_the_build(tmp_path):
    path = write(tmp_path, 'corrections:\n  - title: "Other paper"\n    replace:\n      Plane: Plain\n    reason: r\n')
    with pytest.raises(InputError, match=r"corrections.yml:4: 'Plane' does not occur .* update or remove the correction"):
        apply_corrections(path, LISTED, load_corrections(path, TITLES))


def test_a_correction_may_not_make_a_paper_another(tmp_path):
    path = write(tmp_path, 'corrections:\n  - title: "Other paper"\n    replace:\n      Other paper: "ARTcdotV: Video"\n'
                           '    reason: r\n')
    with pytest.raises(InputError, match="another paper's"):
        apply_corrections(path, LISTED, load_corrections(path, TITLES))
