"""The check's versions follow every file its results depend on, the vocabulary and the core
modules included (`claims/versions.py`): a change re-analyses or re-judges what it must."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claims import versions

REPO = Path(__file__).resolve().parents[2]


def test_the_versions_follow_core_data_and_core_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    for name in versions.CORE_MODULES:
        (tmp_path / name).write_text("x = 1\n")
    (tmp_path / "data" / "topic_sets.toml").write_text("[a]\ntopics = []\n")
    monkeypatch.setattr(versions, "CORE", tmp_path)
    seen = {versions._digest(("crosscheck.py",), data=True)}
    (tmp_path / "data" / "topic_sets.toml").write_text("[a]\ntopics = ['attack']\n")
    seen.add(versions._digest(("crosscheck.py",), data=True))
    for name in versions.CORE_MODULES:
        (tmp_path / name).write_text("x = 2\n")
        seen.add(versions._digest(("crosscheck.py",), data=True))
    assert len(seen) == 2 + len(versions.CORE_MODULES)


# Core modules the check uses that make no difference to what it stores or decides.
NOT_RESULTS = {
    "core",
    "core.errors",
    "core.settings",
    "core.cli",
    "core.lock",
    "core.store",
    "core.evidence",
    "core.frontmatter",
    "core.tomlfile",
    "core.vocabulary",
}


def test_every_core_module_the_check_stage_imports_is_hashed_or_plumbing() -> None:
    """core.evidence stores the evidence compactly (the same verdicts either way), the
    vocabulary loader only reads files whose contents are hashed."""
    hashed = set(versions.ANALYSIS_MODULES) | set(versions.DECISION_MODULES)
    used: set[str] = set()
    for name in hashed:
        tree = ast.parse((REPO / "claims" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
                used |= (
                    {
                        f"core.{a.name}" if (REPO / "core" / f"{a.name}.py").is_file() else "core"
                        for a in node.names
                    }
                    if node.module == "core"
                    else {node.module or ""}
                )
            elif isinstance(node, ast.Import):
                used |= {a.name for a in node.names if a.name.startswith("core")}
    results = {f"core.{n.removesuffix('.py')}" for n in versions.CORE_MODULES}
    assert used - NOT_RESULTS <= results, used - NOT_RESULTS - results
