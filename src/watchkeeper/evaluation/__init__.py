"""Measured matching quality: ``watchkeeper eval`` runs each evaluation set and writes
``docs/quality.md``, so every claim about recall and false alerts has a reproducible number."""

# Seed of every sample drawn, so two runs with the same options screen the same queries.
DEFAULT_SEED = 20240503
