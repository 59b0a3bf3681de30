"""Scoring: how alike a query and a listed entity are, with an explanation for every point."""
