"""The typed model every stage shares: plain frozen objects, no I/O.

`paper.Paper` is one row of the survey; `taxonomy` and `lexicon` are the curated vocabularies' types;
`table` is the one place that converts papers to and from the published table, `data/papers.csv`.
"""
