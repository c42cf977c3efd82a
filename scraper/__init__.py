"""Vigie Santé collection stage: sources, polite fetching, extraction, the collection tables."""
