"""The test suite, a package so that its helpers import by name (`tests.resources`,
`tests.sitegen.builds`, `tests.harden.faultserver`) with no `sys.path` patching: pytest puts
the repository on the path (`pythonpath` in pyproject.toml), like `bench` for `bench.synth`.

tests/core, tests/scraper, tests/claims and tests/sitegen mirror the packages; tests/harden
holds the hardening tests (hostile servers, kills, fuzzing); the tests at this level cross
stages (demo, incremental runs, workflows, package layering)."""
