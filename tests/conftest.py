"""Shared fixtures: a small real corpus (tests/fixtures/book) copied to a temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_BOOK = ROOT / "tests" / "fixtures" / "book"
VENV_BIN = Path(sys.executable).parent


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """Path of a command-line tool; a missing tool skips locally but fails in CI, where it must be installed."""
    path = shutil.which(name) or (str(VENV_BIN / name) if (VENV_BIN / name).exists() else None)
    if path is None:
        if in_ci():
            pytest.fail(f"{name} is not installed; .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return path


def run_survey(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    return subprocess.run([sys.executable, "-m", "survey", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=600)


def build_html(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}  # the book loads survey.sphinx_bibliography
    return subprocess.run([str(VENV_BIN / "jupyter-book"), "build", str(root), "--warningiserror", "--keep-going"],
                          capture_output=True, text=True, timeout=900, env=env)


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
