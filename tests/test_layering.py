"""The packages depend one way: `core` on nothing of ours; `scraper`, `claims` and `sitegen` on
`core`; `claims` never on `scraper` nor the site; `sitegen` on no processing code at all;
`bench` on no test code.

Every import is read from the source with `ast` (imports inside functions included), so a lazy
import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "scraper", "claims", "sitegen", "bench")
FORBIDDEN = {
    "core": {"scraper", "claims", "sitegen", "bench", "tests"},
    "scraper": {"claims", "sitegen", "bench", "tests"},
    "claims": {"scraper", "sitegen", "bench", "tests"},
    "sitegen": {"scraper", "claims", "bench", "tests"},
    "bench": {"tests"},  # benchmarks never import test code (tests may import bench)
}
# The evaluation harnesses run the whole pipeline on labelled documents: they store them
# through the collection stage's `ingest` (what `vigie ingest` does), inside the function
# that does it, and the corpus reader computes the address `ingest` stores a file under.
HARNESS_IMPORTS = {
    "claims.eval": {"scraper.runner"},
    "claims.corpus": {"scraper.runner", "scraper.urls"},
}


def imports_of(path: Path) -> set[str]:
    """Every module a file imports (absolute imports; the project uses no relative ones)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module or "")
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_imports_only_what_it_may(package: str) -> None:
    wrong = []
    for path in sources(package):
        name = module_name(path)
        allowed = HARNESS_IMPORTS.get(name, set())
        for imported in sorted(imports_of(path)):
            if imported.split(".")[0] in FORBIDDEN[package] and imported not in allowed:
                wrong.append(f"{name} imports {imported}")
    assert not wrong, wrong


def test_the_harness_exception_stays_narrow() -> None:
    """Only the two harnesses, and only these modules: every other claims module is a stage."""
    for name, allowed in HARNESS_IMPORTS.items():
        path = ROOT / (name.replace(".", "/") + ".py")
        used = {m for m in imports_of(path) if m.split(".")[0] == "scraper"}
        assert used == allowed, (name, used)


def test_the_rule_sees_lazy_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from scraper.runner import ingest\n    import claims.check\n")
    assert imports_of(probe) == {"scraper.runner", "claims.check"}
