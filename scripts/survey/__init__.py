"""Literature-survey generator: the input files of data/raw (listing pages, bibliographic exports) ->
one typed paper model -> analysis -> formats and pages -> Jupyter Book (HTML and PDF).

The folders are the layers, and imports only point down (checked by import-linter):
    core      errors with file/line/fix, atomic writes, YAML and CSV readers, digests
    model     the frozen Paper, the taxonomy's and lexicon's types, the published table (data/papers.csv)
    inputs    data/ read and validated: listing pages and exports merged (raw_files), metadata, taxonomy, ...
    analysis  papers assembled, sentence roles, text vectors, related papers, synthesis, drafted taxonomy
    formats   LaTeX, MyST, BibTeX, RIS/CSL-JSON/CSV, the Atom feed
    site      one module per kind of page; book.py puts them together
    sphinxext the Sphinx extension (imports nothing of the generator)
pipeline.py runs the stages in order (pipeline.STAGES); cli.py is the `survey` command.
"""
