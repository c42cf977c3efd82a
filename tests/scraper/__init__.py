"""Tests of the collection stage: sources, fetching, extraction, cleaning, the collection tables."""
