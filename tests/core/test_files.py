import os

from survey.core.files import write_if_changed


def test_write_only_when_content_changes(tmp_path):
    path = tmp_path / "sub" / "page.md"
    assert write_if_changed(path, "one") is True
    os.utime(path, (1, 1))
    assert write_if_changed(path, "one") is False
    assert path.stat().st_mtime == 1
    assert write_if_changed(path, "two") is True and path.read_text() == "two"
    assert [p.name for p in path.parent.iterdir()] == ["page.md"]  # no temporary file left behind


def test_written_files_are_readable_by_others_as_the_umask_allows(tmp_path):
    """A site and its downloads are served by a web server running as another user."""
    path = tmp_path / "page.md"
    write_if_changed(path, "one")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
