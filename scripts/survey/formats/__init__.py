"""Stage 3, formats: text written for a consumer: LaTeX and MyST escaping, BibTeX, RIS, CSL-JSON, CSV."""
