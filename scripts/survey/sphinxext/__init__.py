"""The survey's Sphinx extension, listed in `_config.yml` as `survey.sphinxext`.

Its parts, each a module:

- `bibliography`: bibliography fields shown as the text their LaTeX encodes (changes the output);
- `citation_index`, `toctree`: speed-ups of sphinxcontrib-bibtex and of the sidebar whose HTML is
  byte-identical to the build without them;
- `incremental`: no figure numbering, no garbage collection while the saved environment loads, none over
  the pages already read and none at the end (speed-ups), no false
  "duplicate label" when an entry moves to another page, and `_static/` and `_extra/` copied after a
  build that wrote no page (fixes);
- `head`: the Atom feed linked from every page's head (`survey_feed`) and the sidebar's depth
  (`survey_sidebar_depth`).

The speed-ups are switched by the configuration value `survey_speedups` (default true; the tests build
with it off to prove the output is the same). Everything that replaces an upstream function is listed in
the parts' PATCHES, and `setup()` checks them against `compat.SUPPORTED` before touching anything. This
package is the only code that runs inside Sphinx; it imports nothing of the generator.
"""
from __future__ import annotations

from . import bibliography, citation_index, compat, head, incremental, toctree

__version__ = "2.0"
ENV_VERSION = 1  # raise when what the extension keeps in the pickled environment changes
SPEEDUPS = [*citation_index.PATCHES, *toctree.PATCHES]


def apply_speedups(app, config) -> None:
    """Install the speed-up patches, or restore the originals when `survey_speedups` is false (patches are
    process-wide: an earlier build in the same process may have installed them)."""
    for patch in SPEEDUPS:
        patch.install() if config.survey_speedups else patch.restore()


def setup(app):
    compat.check([*bibliography.PATCHES, *SPEEDUPS])
    app.add_config_value("survey_speedups", True, "", types=[bool])
    for patch in bibliography.PATCHES:
        patch.install()
    app.connect("config-inited", apply_speedups)
    citation_index.connect(app)
    incremental.connect(app)
    head.connect(app)
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
