"""Hardening tests: hostile servers and documents, kills at any instant, fuzzing."""
