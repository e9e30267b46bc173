"""The benchmark of the survey generator and its HTML build (`python -m bench`); see bench/README.md."""
