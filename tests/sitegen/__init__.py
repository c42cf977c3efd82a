"""Tests of the site generator: a fixture store built into a site, read as a reader would."""
