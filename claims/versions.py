"""Versions that follow the code: a hash of the modules and data files a stage depends on.

A change to the analysis (sentence splitting, claim detection, facets) or to the decision
(cross-check, comparisons, grouping, lexicon, fitted parameters) changes its version, so a
`check` after it re-analyses or re-judges what it must: no change can leave stale verdicts,
and nobody has to remember to bump a number. Computed once per process, from the installed
files (a few hundred kilobytes), without importing them.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE = HERE.parent / "core"
# Modules of `core` both depend on: the verdicts and their French labels (part of verdict
# reasons) and the evidence record; accent folding and slugs (comparison keys, grouping
# terms, quote matching, entity keys, incident slugs).
CORE_MODULES = ("verdicts.py", "text.py")
# What the stored analysis (sentences, claims, facets, mentions) depends on.
ANALYSIS_MODULES = (
    "nlp.py",
    "detect.py",
    "dates.py",
    "date_resolution.py",
    "quantities.py",
    "data_classes.py",
    "entities.py",
    "polarity.py",
    "lexicon.py",
    "normalize.py",
    "records.py",
    "storage.py",
)
# What verdicts and incidents depend on, beyond the analysis.
DECISION_MODULES = (
    "check.py",
    "crosscheck.py",
    "compare.py",
    "quotes.py",
    "flags.py",
    "incidents.py",
    "grouping.py",
    "lexicon.py",
    "normalize.py",
    "records.py",
    "reviews.py",
)


def _digest(names: tuple[str, ...], *, data: bool) -> str:
    h = hashlib.sha256()
    files = [HERE / n for n in names] + [CORE / n for n in CORE_MODULES]
    if data:
        files += sorted((HERE / "data").glob("*.toml")) + sorted((CORE / "data").glob("*.toml"))
    for path in files:
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:12]


@cache
def analysis_version() -> str:
    """Version of the analysis: its modules, the core modules it uses and every lexicon file
    (`claims/data`, `core/data`)."""
    return "a-" + _digest(ANALYSIS_MODULES, data=True)


@cache
def decision_version() -> str:
    """Version of the decision: its modules, every data file and the analysis version."""
    return "d-" + _digest(DECISION_MODULES, data=True) + "-" + analysis_version()
