"""Benchmarks (`make bench`): our stages against the bare libraries, same input, same run."""
