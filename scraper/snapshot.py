"""Snapshots: the store's durable state as plain, sharded, deterministic JSON Lines files.

A snapshot holds what cannot be computed again: every document with every revision of its
text and the addresses that led to it, the dropped and failed addresses, the feeds' HTTP
validators, the robots.txt answers, the verdicts of claims that vanished from edited
articles (never judged again), and the files people write in the data dir (`sources.toml`,
`reviews.toml`, `incidents.toml`, copied as they are). What `check` derives (sentences,
claims, verdicts, incidents) and the run logs (`runs`, `fetch_log`) are left out: `snapshot
load` builds a store from the files, and a `check` after it computes the same claims, ids
and verdicts (a document never analysed has every revision analysed in order, so the claims
that vanished from an edited article come back as they were, with their kept verdicts).

Layout of the snapshot directory (see `save`):

    snapshot.json                 format, counts and a digest of the data files
    documents/YYYY-MM[-h].jsonl   documents by month of first fetch (one line per document,
                                  then one per revision, sorted by URL then revision)
    drops/YYYY-MM.jsonl           dropped addresses and drop reasons by month
    state/feeds.jsonl             feed validators (ETag, Last-Modified) and last poll
    state/robots.jsonl            robots.txt answers
    state/failures.jsonl          addresses to retry
    state/poison-pages.jsonl      versions of pages dropped as poison or too complex
    state/poison-links.jsonl      Google News links that led to those pages
    state/vanished-verdicts.jsonl verdicts of claims that vanished from edited articles (a
                                  vanished claim is never judged again: its verdict is history)
    sources.toml, reviews.toml, incidents.toml   the data dir's own files, when present

Files are written sorted with sorted keys, so an unchanged shard is byte-identical and a run
that adds a few documents rewrites the current month's shard and the small state files. A
month larger than `SHARD_BYTES` is split by the first hex digits of the document id. With
`gzip=True` shards are `.jsonl.gz` (deterministic: no name, no time in the header).

Saving is crash-safe: each file is written to a temporary file and renamed over the old one
(unchanged files are not touched), documents first, then the state that refers to them, the
manifest last. A save killed at any point leaves files that load into a consistent store: at
worst some new documents are missing together with the validators that would skip them.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import evidence
from core.errors import VigieError
from scraper.store import CollectionStore, document_id, text_hash

FORMAT = 1
MANIFEST = "snapshot.json"
EDITOR_FILES = ("sources.toml", "reviews.toml", "incidents.toml")
SHARD_BYTES = 16_000_000  # a shard above this is split (GitHub warns at 50 MB, refuses 100)
DATA_DIRS = ("documents", "drops", "state")
DOC_FIELDS = (
    "url",
    "kind",
    "source",
    "outlet",
    "title",
    "author",
    "site_name",
    "published",
    "language",
    "cluster",
    "first_seen",
    "fetched_at",
)


STATE_TABLES = {  # file stem → (table, columns)
    "vanished-verdicts": (
        "kept_verdicts",
        ("claim_id", "verdict", "reason", "evidence", "flags", "checked_at"),
    ),
    "feeds": (
        "feed_state",
        (
            "url",
            "source",
            "etag",
            "last_modified",
            "last_status",
            "last_polled",
            "last_success",
            "last_error",
        ),
    ),
    "failures": (
        "failures",
        ("url", "source", "kind", "reason", "attempts", "first_at", "last_at"),
    ),
    # versions of poison pages (issue 16): without them a dropped page is never asked again
    "poison-pages": (
        "poison_versions",
        ("url", "reason", "etag", "last_modified", "body_hash", "checked_at"),
    ),
    # the poison page a Google News link led to: asked again when that link comes back
    "poison-links": ("poison_aliases", ("link", "url")),
}


class SnapshotError(VigieError):
    """A snapshot that cannot be read or written."""


@dataclass
class SaveResult:
    """What a save did: files written (changed or new), kept as they were, removed."""

    written: list[str]
    unchanged: list[str]
    removed: list[str]
    documents: int
    revisions: int
    bytes: int


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _month(value: str | None) -> str:
    return (value or "")[:7] or "undated"


# Saving ------------------------------------------------------------------------------------


def _document_lines(db: sqlite3.Connection) -> Iterator[tuple[str, str, str, bool]]:
    """(month of first fetch, document id, line, is a document) of every document and
    revision, by month then URL, each document followed by its revisions."""
    links: dict[str, list[list[str]]] = {}
    for url, doc, at in db.execute(
        "SELECT url, document_id, at FROM links WHERE outcome = 'stored' ORDER BY url"
    ):
        links.setdefault(doc, []).append([url, at])
    docs = db.execute(
        f"SELECT id, {', '.join(DOC_FIELDS)} FROM documents ORDER BY substr(first_seen, 1, 7), url"
    ).fetchall()
    for row in docs:
        doc = row[0]
        record = dict(zip(DOC_FIELDS, row[1:], strict=True))
        month = _month(record["first_seen"])
        record.update(record="document", links=links.get(doc, []))
        yield month, doc, _line(record), True
        for revno, title, text, fetched in db.execute(
            "SELECT revno, title, text, fetched_at FROM revisions WHERE document_id = ?"
            " ORDER BY revno",
            (doc,),
        ):
            yield (
                month,
                doc,
                _line(
                    {
                        "record": "revision",
                        "url": record["url"],
                        "revno": revno,
                        "title": title,
                        "text": text,
                        "fetched_at": fetched,
                    }
                ),
                False,
            )


def _split(month: str, lines: list[tuple[str, str]]) -> dict[str, list[str]]:
    """A month's (document id, line) pairs as shards no larger than SHARD_BYTES."""
    size = sum(len(line.encode()) for _, line in lines)
    digits = 0
    while size > SHARD_BYTES * 16**digits * 0.8 and digits < 3:
        digits += 1
    shards: dict[str, list[str]] = {}
    for doc, line in lines:
        name = f"documents/{month}-{doc[:digits]}" if digits else f"documents/{month}"
        shards.setdefault(name, []).append(line)
    return shards


def _document_shards(db: sqlite3.Connection) -> tuple[dict[str, list[str]], int, int]:
    by_month: dict[str, list[tuple[str, str]]] = {}
    documents = revisions = 0
    for month, doc, line, is_document in _document_lines(db):
        by_month.setdefault(month, []).append((doc, line))
        documents += is_document
        revisions += not is_document
    shards: dict[str, list[str]] = {}
    for month, lines in by_month.items():
        shards.update(_split(month, lines))
    return shards, documents, revisions


def _state_shards(db: sqlite3.Connection) -> dict[str, list[str]]:
    shards: dict[str, list[str]] = {}
    for url, at in db.execute("SELECT url, at FROM links WHERE outcome = 'dropped'"):
        shards.setdefault(f"drops/{_month(at)}", []).append(
            _line({"record": "link", "url": url, "at": at})
        )
    for row in db.execute("SELECT url, reason, source, detail, at FROM drops"):
        shards.setdefault(f"drops/{_month(row[4])}", []).append(
            _line(
                {
                    "record": "drop",
                    **dict(zip(("url", "reason", "source", "detail", "at"), row, strict=True)),
                }
            )
        )
    for stem, (table, columns) in STATE_TABLES.items():
        if stem == "vanished-verdicts":
            continue  # below
        shards[f"state/{stem}"] = [
            _line(dict(zip(columns, row, strict=True)))
            for row in db.execute(f"SELECT {', '.join(columns)} FROM {table}")
        ]
    # Verdicts of vanished claims: never judged again, so not computed again either.
    # Their evidence is written in full (`[{doc_url, score, text}]`): the snapshot does not
    # depend on the store's evidence table.
    columns = STATE_TABLES["vanished-verdicts"][1]
    cited = evidence.texts(db)
    shards["state/vanished-verdicts"] = [
        _line(_full_evidence(dict(zip(columns, row, strict=True)), cited))
        for row in db.execute(
            f"SELECT {', '.join('v.' + c for c in columns)} FROM verdicts v"
            " JOIN claims c ON c.id = v.claim_id WHERE c.status = 'vanished'"
            f" UNION SELECT {', '.join(columns)} FROM kept_verdicts"
        )
    ]
    shards["state/robots"] = []
    for origin, status, body, fetched in db.execute(
        "SELECT origin, status, body, fetched_at FROM robots"
    ):
        record: dict[str, Any] = {"origin": origin, "status": status, "fetched_at": fetched}
        try:
            record["body"] = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            record["body_base64"] = base64.b64encode(bytes(body)).decode("ascii")
        shards["state/robots"].append(_line(record))
    return {name: sorted(lines) for name, lines in shards.items()}


def _full_evidence(record: dict[str, Any], cited: dict[str, tuple[str, str]]) -> dict[str, Any]:
    record["evidence"] = evidence.expand_json(record["evidence"], cited)
    return record


def _encode(lines: Iterable[str], compress: bool) -> bytes:
    raw = "".join(lines).encode("utf-8")
    if not compress:
        return raw
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as f:
        f.write(raw)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _owned_files(out: Path, suffixes: tuple[str, ...] = (".jsonl", ".jsonl.gz")) -> set[str]:
    """Data files of a snapshot directory (what a save may replace or remove)."""
    found = set()
    for folder in DATA_DIRS:
        for path in (out / folder).glob("*.jsonl*"):
            if path.name.endswith(suffixes) and not path.name.startswith("."):
                found.add(path.relative_to(out).as_posix())
    return found


def _remove_leftovers(out: Path) -> None:
    """Temporary files of a save that was killed."""
    for folder in (out, *(out / d for d in DATA_DIRS)):
        for path in folder.glob(".*.tmp"):
            path.unlink()


def save(
    store: CollectionStore, data_dir: Path, out: Path, *, compress: bool = False
) -> SaveResult:
    """Write the durable state of the store (and the data dir's own files) into `out`."""
    if out.exists() and not out.is_dir():
        raise SnapshotError(f"{out}: not a directory")
    _remove_leftovers(out)
    db = store.db
    db.execute("BEGIN")  # one read transaction: a consistent view while `collect` may write
    try:
        doc_shards, documents, revisions = _document_shards(db)
        state_shards = _state_shards(db)
    finally:
        db.execute("COMMIT")
    suffix = ".jsonl.gz" if compress else ".jsonl"
    # Documents first, then what refers to them (links, validators), the manifest last.
    files = [
        (name + suffix, _encode(lines, compress))
        for shards in (doc_shards, state_shards)
        for name, lines in sorted(shards.items())
    ]
    editor = [
        (name, (data_dir / name).read_bytes())
        for name in EDITOR_FILES
        if (data_dir / name).is_file()
    ]
    try:  # the editor files the previous save copied (removed here if gone from the data dir)
        previous = _read_manifest(out) if (out / MANIFEST).is_file() else {}
    except SnapshotError:
        previous = {}
    written, unchanged = [], []
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    for name, data in files + editor:
        target = out / name
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(name)
            continue
        _write_atomic(target, data)
        written.append(name)
    stale = sorted(_owned_files(out) - {name for name, _ in files}) + sorted(
        name
        for name in previous.get("editor_files", [])
        if name in EDITOR_FILES and name not in dict(editor) and (out / name).is_file()
    )
    manifest = {
        "format": FORMAT,
        "documents": documents,
        "revisions": revisions,
        "compressed": compress,
        "digest": digest.hexdigest(),
        "files": sorted(name for name, _ in files),
        "editor_files": [n for n, _ in editor],
    }
    data = json.dumps(manifest, indent=1, sort_keys=True).encode() + b"\n"
    if (out / MANIFEST).is_file() and (out / MANIFEST).read_bytes() == data:
        unchanged.append(MANIFEST)
    else:
        _write_atomic(out / MANIFEST, data)
        written.append(MANIFEST)
    for name in stale:
        (out / name).unlink()
    total = sum(len(d) for _, d in files) + len(data)
    return SaveResult(written, unchanged, stale, documents, revisions, total)


# Loading -----------------------------------------------------------------------------------


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no snapshot here (manifest missing)") from None
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path}: unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SnapshotError(
            f"{path}: unknown snapshot format {manifest.get('format')!r}"
            if isinstance(manifest, dict)
            else f"{path}: not a manifest"
        )
    return manifest


def manifest_digest(folder: Path) -> str:
    """The data digest recorded in a snapshot's manifest."""
    return str(_read_manifest(folder).get("digest", ""))


def _records(folder: Path, prefix: str, suffix: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(file, line number, record) of every line of the data files under `prefix` written
    plain or gzipped (`suffix`: the manifest's mode; files of the other mode are what a save
    switching modes was writing when it was killed)."""
    for name in sorted(_owned_files(folder, (suffix,))):
        if not name.startswith(prefix + "/"):
            continue
        path = folder / name
        try:
            raw = path.read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            text = raw.decode("utf-8")
        except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
            raise SnapshotError(f"{path}: unreadable ({exc})") from None
        # Only "\n" ends a line: JSON leaves U+2028, U+0085 and the like in scraped text as
        # they are, and str.splitlines() would cut a line at them.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line:
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise SnapshotError(f"{path}:{number}: not JSON ({exc})") from None
            if not isinstance(record, dict):
                raise SnapshotError(f"{path}:{number}: not a JSON object")
            yield name, number, record


def load(store: CollectionStore, data_dir: Path, folder: Path) -> tuple[int, int]:
    """Fill an empty store from a snapshot; copy its editor files into the data dir when the
    data dir has none of its own. Returns (documents, revisions)."""
    from scraper import dedup

    manifest = _read_manifest(folder)
    suffix = ".jsonl.gz" if manifest.get("compressed") else ".jsonl"
    if store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]:
        raise SnapshotError(
            f"{store.path}: the store already holds documents;"
            " load a snapshot into an empty data dir"
        )
    documents = revisions = 0
    with store.transaction() as db:
        try:
            documents, revisions = _load_documents(
                db, folder, suffix, dedup.signature, dedup.to_bytes
            )
            _load_state(db, folder, suffix)
        except (KeyError, TypeError, ValueError, sqlite3.IntegrityError) as exc:
            raise SnapshotError(f"{folder}: inconsistent snapshot ({exc})") from None
    for name in manifest.get("editor_files", []):
        source, target = folder / name, data_dir / name
        if name in EDITOR_FILES and source.is_file() and not target.exists():
            shutil.copyfile(source, target)
    return documents, revisions


def _load_documents(
    db: sqlite3.Connection, folder: Path, suffix: str, signature: Any, to_bytes: Any
) -> tuple[int, int]:
    # file → url → (document record, its revisions)
    found: dict[str, dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]] = {}
    for name, number, record in _records(folder, "documents", suffix):
        kind = record.pop("record", None)
        shard = found.setdefault(name, {})
        if kind == "document":
            shard[record["url"]] = (record, [])
        elif kind == "revision" and record["url"] in shard:
            shard[record["url"]][1].append(record)
        else:
            raise SnapshotError(f"{folder / name}:{number}: unexpected record {kind!r}")
    # A document in two shards (a save killed while splitting a month): the newest wins.
    docs: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for shard in found.values():
        for url, (record, texts) in shard.items():
            if url not in docs or (record["fetched_at"], len(texts)) > (
                docs[url][0]["fetched_at"],
                len(docs[url][1]),
            ):
                docs[url] = (record, texts)
    for url, (record, texts) in sorted(docs.items()):
        doc = document_id(url)
        texts = sorted(texts, key=lambda r: int(r["revno"]))
        if not texts:
            raise SnapshotError(f"{folder}: document {url} has no revision")
        db.execute(
            f"INSERT INTO documents(id, {', '.join(DOC_FIELDS)}, minhash)"
            f" VALUES (?, {', '.join('?' for _ in DOC_FIELDS)}, ?)",
            (doc, *(record[f] for f in DOC_FIELDS), to_bytes(signature(texts[-1]["text"]))),
        )
        db.executemany(
            "INSERT INTO revisions(document_id, revno, title, text, text_hash, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc, r["revno"], r["title"], r["text"], text_hash(r["text"]), r["fetched_at"])
                for r in texts
            ],
        )
        db.executemany(
            "INSERT INTO links(url, document_id, outcome, at) VALUES (?, ?, 'stored', ?)",
            [(link, doc, at) for link, at in record["links"]],
        )
    return len(docs), sum(1 for _ in db.execute("SELECT 1 FROM revisions"))


def _load_state(db: sqlite3.Connection, folder: Path, suffix: str) -> None:
    for _, _, r in _records(folder, "drops", suffix):
        if r["record"] == "link":
            db.execute(
                "INSERT OR IGNORE INTO links(url, outcome, at) VALUES (?, 'dropped', ?)",
                (r["url"], r["at"]),
            )
        else:
            db.execute(
                "INSERT INTO drops(url, reason, source, detail, at) VALUES (?, ?, ?, ?, ?)",
                (r["url"], r["reason"], r["source"], r["detail"], r["at"]),
            )
    for file, _, r in _records(folder, "state", suffix):
        stem = file.split("/", 1)[1].split(".", 1)[0]
        if stem in STATE_TABLES:
            table, columns = STATE_TABLES[stem]
            if stem == "vanished-verdicts":  # each cited sentence's text stored once
                r["evidence"] = evidence.compact(db, json.loads(r.get("evidence") or "[]"))
            db.execute(
                f"INSERT INTO {table}({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                [r.get(c) for c in columns],
            )  # a column newer than the snapshot: NULL
        elif stem == "robots":
            body = r["body"].encode("utf-8") if "body" in r else base64.b64decode(r["body_base64"])
            db.execute(
                "INSERT INTO robots(origin, status, body, fetched_at) VALUES (?, ?, ?, ?)",
                (r["origin"], r["status"], body, r["fetched_at"]),
            )
