"""Candidate retrieval over every listed name."""
