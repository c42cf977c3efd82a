"""Tests of the check stage: NLP components, claims, incidents, cross-check, evaluation."""
