"""The site's search index is stemmed in C (PyStemmer, pinned in requirements.txt) rather than by
snowballstemmer's pure-Python Porter stemmer, which cost Sphinx about 2.5 s of the real survey's 30 s cold
build. The browser stems a query with Sphinx's JavaScript Porter stemmer, so the index must hold the pure-Python
stemmer's stems: the two are compared on every word of the real survey's pages."""
import re

import snowballstemmer
from snowballstemmer.porter_stemmer import PorterStemmer

from tests.helpers import ROOT


def test_sphinx_stems_the_index_with_pystemmer():
    assert type(snowballstemmer.stemmer("porter")).__module__ == "Stemmer"


def test_pystemmer_gives_the_stems_of_the_pure_python_porter_stemmer_on_every_word_of_the_survey():
    pages = [*(ROOT / "chapters").rglob("*.md"), *(ROOT / "papers").rglob("*.md"), ROOT / "index.md"]
    words = sorted({w for page in pages for w in re.findall(r"[a-z]+", page.read_text(encoding="utf-8").lower())})
    assert len(words) > 5000
    fast, reference = snowballstemmer.stemmer("porter"), PorterStemmer()
    assert fast.stemWords(words) == [reference.stemWord(w) for w in words]
