"""What a built site was built from, so that a build with nothing new does nothing.

A built site holds `.vigie-inputs`: two digests and the counts of its summary line.

* the **store digest**, taken before anything is loaded: the store's rows that the pages
  show (every column but the bulky ones whose change always shows elsewhere: texts through
  their hash, evidence through the verdict date and the incident's input hash), the site
  settings, the generator's own code and data, the hand-written pages and theme overrides,
  and the versions of MkDocs and its theme. Equal digests: the build stops there;
* the **inputs digest**, of everything MkDocs reads (the generated docs folder, the derived
  mkdocs.yml, search entries, overrides, hooks, versions, date). Equal digests: the pages
  were generated again but MkDocs is not run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.data import connect
from sitegen.generate import HOOKS, SEARCH_ENTRIES, STASH

INPUTS_STAMP = ".vigie-inputs"  # in the site dir
SITE_MARKERS = ("index.html", "sitemap.xml", "search")
MKDOCS_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown")
SITEGEN = Path(__file__).resolve().parent
# The shared code and vocabulary the pages depend on: verdict names and labels, the evidence
# format, the source health queries, the vocabulary loader and core/data (French names of
# data classes, the fact sheet's topics).
CORE = SITEGEN.parent / "core"
CORE_MODULES = ("verdicts.py", "evidence.py", "source_health.py", "vocabulary.py")
# What the pages show, table by table (bulky columns left out, see the module docstring).
SHOWN = (
    "SELECT id, url, kind, source, outlet, title, published, cluster, first_seen, fetched_at"
    " FROM documents ORDER BY id",  # source: the Sources page counts documents by source
    "SELECT document_id, revno, title, text_hash, fetched_at FROM revisions"
    " ORDER BY document_id, revno",
    "SELECT document_id, revno, text_hash, pipeline, analysed_at FROM analyses"
    " ORDER BY document_id",
    "SELECT id, document_id, position, kind, status, first_revno, last_revno FROM claims"
    " ORDER BY id",
    "SELECT claim_id, verdict, reason, flags, checked_at FROM verdicts ORDER BY claim_id",
    "SELECT * FROM reviews ORDER BY claim_id",
    "SELECT * FROM incidents ORDER BY slug",
    "SELECT * FROM incident_documents ORDER BY document_id",
    # The Sources page (issue 14): the feeds' errors and the day of their last success, so
    # that a poll changes the page at most once a day when nothing else changes.
    "SELECT name, kind, region, homepage, feeds FROM sources ORDER BY name",
    "SELECT source, url, last_error, CASE WHEN last_error = '' THEN substr(last_polled, 1, 10)"
    " END FROM feed_state ORDER BY source, url",
    "SELECT source, reason, COUNT(*) FROM drops GROUP BY source, reason ORDER BY source, reason",
)


@dataclass(frozen=True)
class Stamp:
    """The content of `.vigie-inputs`."""

    store: str
    inputs: str
    pages: int = 0
    documents: int = 0
    claims: int = 0

    def text(self) -> str:
        """The file's content."""
        return (
            f"store {self.store}\ninputs {self.inputs}\n"
            f"counts {self.pages} {self.documents} {self.claims}\n"
        )


def read_stamp(site_dir: Path) -> Stamp | None:
    """The stamp of a built site, or None (no site, not built by us, unreadable)."""
    stamp = site_dir / INPUTS_STAMP
    if not all((site_dir / marker).exists() for marker in SITE_MARKERS) or not stamp.is_file():
        return None
    fields = dict(
        line.split(" ", 1)
        for line in stamp.read_text(encoding="ascii", errors="replace").splitlines()
        if " " in line
    )
    try:
        pages, documents, claims = (int(n) for n in fields["counts"].split())
        return Stamp(fields["store"], fields["inputs"], pages, documents, claims)
    except (KeyError, ValueError):
        return None


def _versions(digest: hashlib._Hash) -> None:
    for name in MKDOCS_PACKAGES:
        try:
            digest.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())


def _files(
    digest: hashlib._Hash,
    files: Iterable[tuple[str, Path]],
    replace: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    for label, path in files:
        body = path.read_bytes() if path.is_file() else b""
        for old, new in replace:
            body = body.replace(old, new)
        digest.update(f"{label}\0{len(body)}\0".encode())
        digest.update(body)


def _tree(label: str, root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    return [
        (f"{label}/{p.relative_to(root).as_posix()}", p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]


def store_digest(db_path: Path, config: SiteConfig) -> str:
    """SHA-256 of the shown rows of the store, the settings, the generator and the theme."""
    digest = hashlib.sha256(
        f"{config.site_url}\n{config.repo_url}\n{config.site_name}\n"
        f"{config.contact_email}\n".encode()
    )
    _versions(digest)
    _files(
        digest,
        [
            ("mkdocs.yml", config.mkdocs_config),
            *((f"core/{name}", CORE / name) for name in CORE_MODULES),
            *_tree("core/data", CORE / "data"),
            *_tree("sitegen", SITEGEN),
            *_tree("docs", config.project_dir / "docs"),
            *_tree("overrides", config.project_dir / "overrides"),
        ],
    )
    db = connect(db_path)  # read-only, schema checked
    db.row_factory = None  # plain tuples: their repr is the same from run to run
    try:
        digest.update(f"schema {db.execute('PRAGMA user_version').fetchone()[0]}\n".encode())
        for query in SHOWN:
            digest.update(query.encode())
            cursor = db.execute(query)
            while rows := cursor.fetchmany(4096):
                digest.update(repr(rows).encode())
    finally:
        db.close()
    return digest.hexdigest()


def inputs_digest(work_dir: Path, config: SiteConfig, epoch: int) -> str:
    """SHA-256 of everything `mkdocs build` reads: the docs folder, the derived mkdocs.yml,
    the search entries, the theme overrides, the hooks, the versions of MkDocs and its theme,
    and the date given to it."""
    digest = hashlib.sha256(f"epoch={epoch}\n".encode())
    _versions(digest)
    # The derived mkdocs.yml names the work and project folders: the same inputs elsewhere
    # give the same site, so they give the same digest.
    folders = (
        (str(work_dir.resolve()).encode(), b"<work>"),
        (str(config.project_dir.resolve()).encode(), b"<project>"),
    )
    _files(digest, [("mkdocs.yml", work_dir / "mkdocs.yml")], folders)
    _files(
        digest,
        [
            ("search", work_dir / SEARCH_ENTRIES),
            ("hooks", HOOKS),
            ("stash", STASH),
            *_tree("docs", work_dir / "docs"),
            *_tree("overrides", config.project_dir / "overrides"),
        ],
    )
    return digest.hexdigest()
