"""Stage 2, analysis: papers assembled from the inputs (facts, keys, themes), their text vectors, and
what the survey computes from them (the corpus's indexes, section synthesis)."""
