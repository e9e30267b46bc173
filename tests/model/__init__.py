"""Tests, grouped as the package is: one folder per layer, book/ for whole builds."""
