"""Stage 1, inputs: the files under data/ read and validated (listing pages, curated arXiv metadata,
taxonomy and overrides, lexicon), each bad file an InputError naming file, line and fix. `enrich` is the
one online step, run by hand (`make enrich`), never by a build."""
