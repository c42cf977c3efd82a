"""Benchmark: site generation plus `mkdocs build` against a bare mkdocs-material build.

For each size, a synthetic store of N press articles (with incidents, official communiqués,
claims, verdicts, flags, mentions, revisions, syndicated copies) is built with
`bench.storefix` (also used by the site tests); `sitegen.build.build_site` then generates and
builds the site. The bare side is mkdocs-material with the same theme settings and search
plugin, a seven-entry nav, and as many plain Markdown pages (each holding the article's text)
as our site has pages. Both run `mkdocs build --strict` in a subprocess the same way. The
ratio compares seconds per page.

    python -m bench.site [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.storefix import (
    add_claim,
    add_document,
    add_incident,
    add_mentions,
    add_review,
    new_store,
)
from sitegen.build import build_site, run_mkdocs
from sitegen.config import SiteConfig

WORDS = (
    "cyberattaque données patients hôpital santé fuite serveurs informatique rançon ARS "
    "plainte enquête identité sécurité sociale messagerie groupement région clinique "
    "établissement pirates chiffrement dossiers médicaux investigations communiqué "
    "directeur numérique attaque système information usagers rendez-vous"
).split()
# The bare build gets our theme settings (tabs, palette, search features) without our
# overrides, assets or generated content.
THEME = {
    k: v
    for k, v in yaml.safe_load(SiteConfig().mkdocs_config.read_text("utf-8"))["theme"].items()
    if k != "custom_dir"
}
VERDICTS = ("supported", "contradicted", "unsupported", "no_official_source")
KINDS = ("count", "data", "date", "method", "actor", "measure", "impact")


def sentence(rng: random.Random, n: int = 14) -> str:
    """A pseudo-French sentence."""
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def article_text(rng: random.Random) -> str:
    """Six paragraphs of four sentences (about 350 words, a short news article)."""
    return "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(6))


def synthetic_store(path: Path, articles: int, seed: int = 7) -> Path:
    """A store with `articles` press documents spread over incidents of ~100 articles."""
    rng = random.Random(seed)
    db = new_store(path)
    incidents = max(1, articles // 100)
    for i in range(incidents):
        month, day = 1 + i % 12, 1 + i % 27
        docs, officials = [], []
        for k in range(2):
            url = f"https://ars-{i}.example/communique-{k}"
            officials.append((url, [sentence(rng) for _ in range(8)]))
            docs.append(
                add_document(
                    db,
                    url,
                    kind="official",
                    outlet=f"ARS région {i % 13}",
                    title=f"Communiqué {k} sur l'incident {i}",
                    texts=[" ".join(officials[-1][1])],
                    published=f"2025-{month:02d}-{day:02d}T09:00:00+00:00",
                )
            )
        for a in range(articles // incidents):
            url = f"https://media-{a % 40}.example/{i}/{a}"
            text = article_text(rng)
            texts = [text, text + "\n\n" + sentence(rng)] if a % 10 == 0 else [text]
            published = f"2025-{month:02d}-{day:02d}T{8 + a % 12:02d}:{a % 60:02d}:00+00:00"
            doc = add_document(
                db,
                url,
                outlet=f"Média {a % 40}",
                title=sentence(rng, 8),
                texts=texts,
                published=published,
                cluster=f"c{i}-{a // 5}" if a % 5 else None,
            )
            docs.append(doc)
            add_mentions(
                db,
                doc,
                ("HEALTH_ORG", f"Hôpital {i}", 3),
                ("LOC", f"Ville {i}", 2),
                ("AUTHORITY", f"ARS région {i % 13}", 1),
                ("ORG", f"Groupe {a % 7}", 1),
            )
            for c in range(3):
                official_url, pool = officials[c % 2]
                verdict = VERDICTS[rng.randrange(4)]
                cid = add_claim(
                    db,
                    url,
                    c,
                    sentence(rng, 16),
                    kind=KINDS[rng.randrange(len(KINDS))],
                    verdict=verdict,
                    reason="Motif synthétique du recoupement.",
                    evidence=[(official_url, rng.choice(pool))] if verdict != VERDICTS[3] else [],
                    flags=("hedge_dropped",) if rng.random() < 0.1 else (),
                    checked_at=f"2025-{month:02d}-{day:02d}T20:00:00+00:00",
                )
                if rng.random() < 0.01:
                    add_review(db, cid, "supported", "Relu.", "Relecteur", "2025-12-01")
        add_incident(
            db,
            f"incident-{i}",
            title=f"Cyberattaque contre l'hôpital {i}",
            victim=f"Hôpital {i}",
            region=f"Région {i % 13}",
            first=f"2025-{month:02d}-{day:02d}",
            last=f"2025-{month:02d}-{day:02d}",
            documents=tuple(docs),
        )
    db.commit()
    db.close()
    return path


def bare_docs(work: Path, pages: int, seed: int = 7) -> Path:
    """Write `pages` plain Markdown pages and a small-nav mkdocs.yml; returns the config."""
    rng = random.Random(seed)
    docs = work / "docs"
    nav = ["index.md", *(f"section-{n}.md" for n in range(6))]
    for n in range(pages):
        name = nav[n] if n < len(nav) else f"pages/{n}.md"
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {sentence(rng, 8)}\n\n{article_text(rng)}\n", encoding="utf-8")
    config = {
        "site_name": "Bare",
        "site_url": "https://bare.example/",
        "docs_dir": str(docs),
        "use_directory_urls": False,
        "theme": THEME,
        "plugins": [{"search": {"lang": "fr"}}],
        "nav": nav,
        "not_in_nav": "/pages/",
        "markdown_extensions": [{"toc": {"permalink": True}}, "tables", "admonition"],
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return work / "mkdocs.yml"


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children) of one call."""

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    wall, before = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - wall, cpu() - before


def measure(articles: int, repeat: int) -> dict[str, float]:
    """One size, best of `repeat` interleaved runs of our build and the bare build."""
    with tempfile.TemporaryDirectory(prefix="vigie-bench-site-") as tmp:
        base = Path(tmp)
        db = synthetic_store(base / "data" / "vigie.sqlite3", articles)
        reports = []
        ours = [timed(lambda: reports.append(build_site(db, base / "site", SiteConfig())))]
        pages = sum(1 for _ in (base / "site").rglob("*.html")) - 1  # without 404.html
        config = bare_docs(base / "bare", pages)
        bare = [timed(lambda: run_mkdocs(config, base / "bare" / "site", epoch=0))]
        for _ in range(repeat - 1):
            ours.append(
                timed(
                    lambda: reports.append(build_site(db, base / "site", SiteConfig(), force=True))
                )
            )
            bare.append(timed(lambda: run_mkdocs(config, base / "bare" / "site", epoch=0)))
    return {
        "articles": articles,
        "pages": pages,
        "ours": min(w for w, _ in ours),
        "ours_cpu": min(c for _, c in ours),
        "bare": min(w for w, _ in bare),
        "bare_cpu": min(c for _, c in bare),
        "generate": min(r.generate_seconds for r in reports),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=2, help="runs per side (best is kept)")
    args = parser.parse_args(argv)
    mkdocs = subprocess.run(
        [sys.executable, "-m", "mkdocs", "--version"], capture_output=True, text=True, check=False
    ).stdout.split(" from ")[0]
    print(
        f"site build benchmark ({mkdocs}); best of {args.repeat}; per page in ms;"
        " CPU = this process and its children"
    )
    print(
        f"{'articles':>8} {'pages':>6} {'ours wall':>9} {'cpu':>6} {'gen s':>6}"
        f" {'bare wall':>9} {'cpu':>6} {'ratio wall':>10} {'ratio cpu':>9}"
    )
    rows = []
    for size in args.sizes:
        r = measure(size, args.repeat)
        rows.append(r)
        n = r["pages"]
        print(
            f"{r['articles']:>8} {n:>6} {1000 * r['ours'] / n:>9.2f} "
            f"{1000 * r['ours_cpu'] / n:>6.2f} {r['generate']:>6.1f}"
            f" {1000 * r['bare'] / n:>9.2f} {1000 * r['bare_cpu'] / n:>6.2f}"
            f" {r['ours'] / r['bare']:>10.2f} {r['ours_cpu'] / r['bare_cpu']:>9.2f}",
            flush=True,
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]

        def growth(side: str) -> float:
            return (last[side] / last["pages"]) / (first[side] / first["pages"])

        print(
            f"CPU per page from {first['articles']} to {last['articles']} articles:"
            f" ours x{growth('ours_cpu'):.2f}, bare x{growth('bare_cpu'):.2f}"
            " (1.00 = build time linear in pages)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
