"""Literature-survey generator: raw listing pages -> paper table -> MyST chapters + BibTeX.

The pipeline, one module per stage:
    ingest   -> read listing pages into deduplicated papers (with provenance)
    facts    -> extract method names and cleaned code/project links from abstracts
    metadata -> merge curated arXiv metadata by normalized title
    keys     -> stable BibTeX keys
    themes   -> assign papers to chapters and sections (rules, overrides, TF-IDF fallback)
    table    -> the paper table, data/papers.csv (single source of truth downstream)
    bibtex   -> references.bib
    chapters -> MyST pages and _toc.yml
"""
