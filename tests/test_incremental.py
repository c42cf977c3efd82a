"""A `vigie run` with nothing new: feeds answer 304, `check` loads no model and analyses
nothing, `build` neither generates the pages nor runs MkDocs. Behaviour only: the costs are
measured by `bench/run.py`."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.cli import main


def refuse(what: str) -> Any:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a run with nothing new must not {what}")

    return boom


# What a run with nothing new must not import (about 2.5 s of start-up between them).
HEAVY = frozenset(
    {
        "spacy",
        "datasketch",
        "scipy",
        "numpy",
        "trafilatura",
        "feedparser",
        "pypdf",
        "mkdocs",
        "dateparser",
        "htmldate",
    }
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["--data-dir", "data", "run", *args])
    err = capsys.readouterr().err
    assert code == 0, err
    return " ".join(err.split())  # the console wraps long lines


@pytest.mark.model
def test_second_run_polls_304_loads_no_model_and_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VIGIE_SITE_URL", raising=False)
    first = run(capsys, "--demo")
    assert "documents analysed: 15" in first and "mkdocs skipped" not in first
    index = tmp_path / "site" / "index.html"
    built = index.stat().st_mtime_ns
    stamp = (tmp_path / "site" / ".vigie-inputs").read_text()

    # In a fresh interpreter, as the schedule runs it: the heavy libraries are never imported.
    script = (
        "import sys; from core.cli import main; code = main(sys.argv[1:]);"
        " print(' '.join(sorted(m for m in sys.modules if m in HEAVY))); sys.exit(code)"
    ).replace("HEAVY", repr(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", "data", "run", "--demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "generation and mkdocs skipped" in " ".join(done.stderr.split())
    assert done.stdout.split() == []  # none of HEAVY was imported

    import claims.check
    import claims.nlp
    import sitegen.build

    monkeypatch.setattr(claims.nlp, "load_nlp", refuse("load the spaCy model"))
    monkeypatch.setattr(claims.check, "analyse_rows", refuse("analyse a document"))
    monkeypatch.setattr(sitegen.build, "run_mkdocs", refuse("run MkDocs"))
    monkeypatch.setattr(sitegen.build, "generate", refuse("generate the pages"))
    second = run(capsys, "--demo")
    assert "feeds polled: 13 (unchanged/304: 13)" in second
    assert "documents: 0 new, 0 updated" in second
    assert "documents analysed: 0 (model not loaded)" in second
    assert "(0 re-checked)" in second
    counts = re.search(r"build finished: \d+ pages \([^)]*\)", first)
    assert counts and counts.group() in second  # the summary still gives the site's counts
    assert "generation and mkdocs skipped" in second
    assert index.stat().st_mtime_ns == built
    assert (tmp_path / "site" / ".vigie-inputs").read_text() == stamp

    # A store change the pages do not show (an analysis date): pages generated, MkDocs not run.
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sitegen.build, "run_mkdocs", refuse("run MkDocs"))
    db = sqlite3.connect(tmp_path / "data" / "vigie.sqlite3")
    db.execute("UPDATE analyses SET analysed_at = '2030-01-01T00:00:00+00:00'")
    db.commit()
    db.close()
    assert main(["--data-dir", "data", "build"]) == 0
    assert "mkdocs skipped (site unchanged)" in " ".join(capsys.readouterr().err.split())
    assert (tmp_path / "site" / ".vigie-inputs").read_text() != stamp
    assert main(["--data-dir", "data", "build"]) == 0
    assert "generation and mkdocs skipped" in " ".join(capsys.readouterr().err.split())

    # What the site shows changed (its public address): MkDocs runs again.
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VIGIE_SITE_URL", "https://vigie.example.org/")
    third = run(capsys, "--demo")
    assert "mkdocs skipped" not in third
    assert "https://vigie.example.org/" in (tmp_path / "site" / "sitemap.xml").read_text()
    assert main(["--data-dir", "data", "build", "--force"]) == 0
    assert "mkdocs skipped" not in capsys.readouterr().err
