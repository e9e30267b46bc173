"""Compatibility shims in one place: which upstream versions the extension's patches were written for,
and the patches themselves as data, so `setup()` can refuse a mismatch instead of silently patching
nothing (a renamed upstream attribute would otherwise turn a speed-up into a no-op, which no output
comparison can see, since only speed changes).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from sphinx.errors import ExtensionError

# The distributions whose functions the extension replaces, and the release series each part was written
# and tested against (requirements.txt pins one release of each).
SUPPORTED = {"sphinx": "7.4", "sphinxcontrib-bibtex": "2.7", "pybtex": "0.26", "sphinx-jupyterbook-latex": "1.0"}


@dataclass
class Patch:
    """`owner.name` replaced by `replacement` (an upstream function of distribution `package`)."""

    owner: object
    name: str
    replacement: object
    package: str
    original: object = field(default=None, init=False)  # the upstream attribute, as found on import

    def __post_init__(self) -> None:
        self.original = inspect.getattr_static(self.owner, self.name, None)

    def check(self) -> None:
        if self.original is None:
            raise ExtensionError(f"survey.sphinxext: {_name(self.owner)}.{self.name} no longer exists in "
                                 f"{self.package} {_installed(self.package)}; the extension was written for "
                                 f"{self.package} {SUPPORTED[self.package]}.x (pin it in requirements.txt, or port the patch)")

    def current(self) -> object:
        """The attribute as stored (a classmethod object, not the method bound on access)."""
        return inspect.getattr_static(self.owner, self.name)

    @property
    def installed(self) -> bool:
        return self.current() is self.replacement

    def install(self) -> None:
        setattr(self.owner, self.name, self.replacement)

    def restore(self) -> None:
        if self.installed:
            setattr(self.owner, self.name, self.original)


def _name(owner: object) -> str:
    return getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner))


def _installed(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


def check_versions(packages: set[str]) -> None:
    """Raise ExtensionError unless each of `packages` is installed in its SUPPORTED release series."""
    for package in sorted(packages):
        installed = _installed(package)
        if installed.split(".")[:2] != SUPPORTED[package].split("."):
            raise ExtensionError(f"survey.sphinxext was written for {package} {SUPPORTED[package]}.x, but "
                                 f"{package} {installed} is installed: install the versions of requirements.txt")


def check(patches: list[Patch]) -> None:
    """Versions first (the clearer message), then every attribute to be replaced."""
    check_versions({p.package for p in patches})
    for patch in patches:
        patch.check()
