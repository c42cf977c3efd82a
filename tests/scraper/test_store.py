"""The SQLite store: WAL, migrations, revisions, clusters, drops, failures."""

from datetime import UTC, datetime
from pathlib import Path

from core.migrations import migrations
from scraper.fetched import Extracted
from scraper.store import CollectionStore, NewDocument, document_id

NOW = datetime(2025, 9, 9, 12, 0, tzinfo=UTC)


def new_doc(url: str, text: str, **kw: object) -> NewDocument:
    ex = Extracted(text=text, title="Titre", language="fr")
    return NewDocument(
        url=url,
        kind=str(kw.get("kind", "press")),
        source="s",
        outlet="o",
        extracted=ex,
        fetched_at=NOW,
        links=tuple(kw.get("links", ())),
    )


def test_store_is_wal_and_migrated(tmp_path: Path) -> None:
    with CollectionStore(tmp_path / "db.sqlite3") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version == len(migrations())
    with CollectionStore(tmp_path / "db.sqlite3") as store:  # reopening migrates nothing twice
        assert store.schema_version == len(migrations())


def test_same_url_new_text_is_a_revision(tmp_path: Path) -> None:
    with CollectionStore(tmp_path / "db.sqlite3") as store:
        assert store.save_document(new_doc("https://e.fr/a", "v1"), [])[1] == "new"
        assert store.save_document(new_doc("https://e.fr/a", "v1"), [])[1] == "same"
        assert store.save_document(new_doc("https://e.fr/a", "v2"), [])[1] == "updated"
        assert store.save_document(new_doc("https://e.fr/a", "v1"), [])[1] == "updated"
        rows = store.db.execute("SELECT revno, text FROM revisions ORDER BY revno").fetchall()
        assert [tuple(r) for r in rows] == [(1, "v1"), (2, "v2"), (3, "v1")]
        assert store.counts()["documents"] == 1


def test_clusters_merge_to_smallest_member_whatever_the_order(tmp_path: Path) -> None:
    urls = [f"https://e{i}.fr/a" for i in range(3)]
    ids = [document_id(u) for u in urls]
    results = []
    for order in ([0, 1, 2], [2, 0, 1]):
        with CollectionStore(tmp_path / f"db{order[0]}.sqlite3") as store:
            seen: list[str] = []
            for i in order:
                # 0 and 2 are unrelated; 1 bridges both.
                similar = [d for d in seen if i == 1 or document_id(urls[1]) == d]
                store.save_document(new_doc(urls[i], f"t{i}"), similar)
                seen.append(ids[i])
            results.append(
                sorted(tuple(r) for r in store.db.execute("SELECT id, cluster FROM documents"))
            )
    assert results[0] == results[1]
    assert {c for _, c in results[0]} == {min(ids)}


def test_links_drops_and_failures(tmp_path: Path) -> None:
    with CollectionStore(tmp_path / "db.sqlite3") as store:
        store.record_failure("https://e.fr/x", source="s", kind="timeout", reason="t", at=NOW)
        store.record_failure("https://e.fr/x", source="s", kind="timeout", reason="t", at=NOW)
        assert store.pending_failures(5) == [("https://e.fr/x", "s")]
        assert store.pending_failures(2) == []
        store.save_document(new_doc("https://e.fr/x", "t", links=("https://e.fr/x?utm_a=1",)), [])
        assert store.pending_failures(5) == []
        assert store.link_known("https://e.fr/x?utm_a=1")
        store.record_drop("https://e.fr/en", "not_french", at=NOW, links=("https://g.co/1",))
        assert store.link_known("https://g.co/1")
        assert store.counts()["drops"] == 1


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with CollectionStore(tmp_path / "db.sqlite3") as store:
        try:
            with store.transaction() as db:
                db.execute("INSERT INTO runs(command, started_at) VALUES ('x', 'y')")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert store.counts()["runs"] == 0
