"""Tests of the shared core: CLI frame, lock, store and migrations, evidence, source health."""
