"""Shared fixtures: a small real corpus (tests/fixtures/book) copied to a temporary folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_BOOK, build_html, run_survey


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A writable copy of the fixture book (data and config, nothing generated)."""
    target = tmp_path / "book"
    shutil.copytree(FIXTURE_BOOK, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def built_fixture_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture book generated and built once into HTML for the whole session."""
    target = tmp_path_factory.mktemp("built") / "book"
    shutil.copytree(FIXTURE_BOOK, target, symlinks=True)
    generated = run_survey(target, "build")
    assert generated.returncode == 0, generated.stderr
    built = build_html(target)
    assert built.returncode == 0, built.stdout + built.stderr
    return target
