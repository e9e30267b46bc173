import os

import pytest

from survey.outputs import safe_child, write_if_changed


def test_write_only_when_content_changes(tmp_path):
    path = tmp_path / "sub" / "page.md"
    assert write_if_changed(path, "one") is True
    os.utime(path, (1, 1))
    assert write_if_changed(path, "one") is False
    assert path.stat().st_mtime == 1
    assert write_if_changed(path, "two") is True and path.read_text() == "two"
    assert [p.name for p in path.parent.iterdir()] == ["page.md"]  # no temporary file left behind


def test_safe_child_refuses_paths_outside(tmp_path):
    assert safe_child(tmp_path, "a.md") == (tmp_path / "a.md").resolve()
    for name in ["../x.md", "/etc/passwd", "a/../../b"]:
        with pytest.raises(ValueError):
            safe_child(tmp_path, name)
