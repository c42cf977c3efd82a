"""Property tests over hostile text: the claim pipeline never crashes, and no generated page
carries a live tag, attribute, `javascript:`/`data:` address or template expression taken
from input (extraction has its own in tests/test_hostile_extract.py).

VIGIE_FUZZ_EXAMPLES sets the number of examples (CI: the default, derandomized so that every
run tries the same ones; `make fuzz`: many more, random, a new draw each run).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from bench.storefix import (
    add_claim,
    add_document,
    add_incident,
    add_mentions,
    add_review,
    new_store,
)
from claims import crosscheck, flags
from claims.detect import analyse
from claims.nlp import load_nlp, make_doc
from claims.normalize import identity_text
from core.verdicts import VERDICTS
from scraper.store import document_id
from sitegen.build import build_site
from sitegen.config import SiteConfig
from sitegen.data import load
from sitegen.generate import pages
from sitegen.paths import safe_id
from sitegen.site import Site
from tests.sitegen.htmlcheck import scan

FUZZ = "VIGIE_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("VIGIE_FUZZ_EXAMPLES", "25"))
BUILDS = max(2, EXAMPLES // 50)  # whole mkdocs builds: about 3 s each
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not FUZZ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CANARY = "vgcanary"
HOSTILE = st.sampled_from(
    [
        f"<script>alert('{CANARY}')</script>",
        f"<img src=x onerror=alert('{CANARY}')>",
        f"<svg onload=alert('{CANARY}')>",
        f"<{CANARY} id={CANARY}>",
        f"<a href='javascript:{CANARY}'>",
        f"<iframe src='data:text/html,{CANARY}'>",
        f"<style>body{{{CANARY}}}</style>",
        f"<input autofocus onfocus={CANARY}>",
        f"[x](javascript:{CANARY})",
        f"![x](data:{CANARY})",
        f"{{{{ {CANARY} }}}}",
        f"{{% {CANARY} %}}",
        f"${{{CANARY}}}",
        '{: onclick="alert(1)" }',
        '--8<-- "/etc/passwd"',
        '!!! danger "x"',
        "</div></script></textarea>",
        "<!--",
        "-->",
        "<![CDATA[",
        "\u202e\u200f\u2066",
        "\u200b\ufeff",
        "\x00",
        "\x1b[31m",
        "\r\n",
        "\t",
        "&lt;script&gt;",
        "&#x3C;b&#x3E;",
        "`",
        "```",
        "|",
        "---",
        "# titre",
        "> citation",
        "126\u00a0000 patients",
        "9" * 400 + " patients",
        "1e308",
        "-0",
        "« citation » a-t-il dit",
        "Le parquet de Paris a ouvert une enquête.",
        "Les données de santé de 750 000 patients ont été dérobées lors de la cyberattaque.",
        "N'ouvrez pas les courriels suspects.",
    ]
)
FRAGMENT = st.one_of(st.text(max_size=60), HOSTILE)
TEXTS = st.lists(FRAGMENT, max_size=25).map(" ".join)
LONG = st.integers(200, 1500).map(
    lambda n: "Selon l'ARS, " + " et ".join(["les données ont été volées"] * (n // 5)) + "."
)
HOSTILE_TEXT = st.one_of(TEXTS, LONG, st.tuples(TEXTS, LONG).map(" ".join))


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The full French pipeline, loaded once."""
    return load_nlp()


# -- claims --------------------------------------------------------------------------------------


@FUZZ_SETTINGS
@given(press=HOSTILE_TEXT, official=TEXTS)
def test_claim_pipeline_never_crashes_on_hostile_text(
    nlp: Language, press: str, official: str
) -> None:
    day = date(2025, 9, 12)
    found = analyse(
        make_doc(nlp, press, day),
        document_id="p",
        doc_url="https://presse.example/a",
        kind="press",
        revno=1,
        text_hash="h",
    )
    stated = analyse(
        make_doc(nlp, official, day),
        document_id="o",
        kind="official",
        doc_url="https://ars.example/cp",
        revno=1,
        text_hash="h",
    )
    assert len({c.id for c in found.claims}) == len(found.claims)
    for claim in found.claims:
        assert claim.text.strip() and claim.facets.to_json()
    pool = crosscheck.distinct(
        [
            crosscheck.Official(s, "https://ars.example/cp", "2025-09-10", "ARS")
            for s in stated.sentences
        ]
    )
    verdicts = flags.check_as_of(found.claims, pool, {c.id: "2025-09-12" for c in found.claims})
    verdicts = flags.flag_disputed(found.claims, verdicts, {c.id: "Presse" for c in found.claims})
    assert len(verdicts) == len(found.claims)
    assert all(v.verdict in VERDICTS for v in verdicts)


# -- page generation -------------------------------------------------------------------------------

URLS = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            "data:text/html,<b>x</b>",
            'https://presse.example/a?x=<b>&y="',
            "https://presse.example/" + CANARY,
            "//evil.example/x",
            "https://e.example/a b",
            "vbscript:msgbox",
            " JaVaScRiPt:alert(1)",
            "https://e.example/\u202e",
        ]
    ),
    st.text(max_size=40),
)
VERDICT = st.sampled_from([*VERDICTS, ""])  # the store refuses any other automatic verdict
REVIEW = st.sampled_from([*VERDICTS, "<b>faux</b>", "{{ x }}"])  # reviews.toml is free text


@dataclass(frozen=True)
class HostileDoc:
    """A drawn document with its claims (text, verdict, reason, evidence URL and text)."""

    url: str
    title: str
    outlet: str
    kind: str
    texts: list[str]
    claims: list[tuple[str, str, str, str, str]]
    review: str
    slug: str
    incident: str


@st.composite
def hostile_store(draw: st.DrawFn) -> list[HostileDoc]:
    """Documents with claims, verdicts, reviews, incidents and mentions, all hostile."""
    return [
        HostileDoc(
            url=draw(URLS) + f"#{n}",
            title=draw(TEXTS),
            outlet=draw(TEXTS),
            kind=draw(st.sampled_from(["press", "official"])),
            texts=draw(st.lists(HOSTILE_TEXT, min_size=1, max_size=2)),
            claims=draw(
                st.lists(
                    st.tuples(TEXTS, VERDICT, TEXTS, URLS, TEXTS),
                    max_size=3,
                    unique_by=lambda c: identity_text(c[0] or "vide"),
                )
            ),
            review=draw(REVIEW),
            slug=draw(
                st.one_of(st.sampled_from(["../../x", "", "a b", "<x>"]), st.text(max_size=20))
            )
            + f"-{n}",
            incident=draw(TEXTS),
        )
        for n in range(draw(st.integers(1, 3)))
    ]


def fill(db_path: Path, docs: list[HostileDoc]) -> Path:
    """A store holding the drawn documents."""
    db = new_store(db_path)
    for n, d in enumerate(docs):
        doc = add_document(
            db,
            d.url,
            kind=d.kind,
            outlet=d.outlet,
            title=d.title,
            texts=d.texts,
            published=f"2025-09-0{n + 1}T10:00:00+00:00",
        )
        add_incident(
            db,
            d.slug,
            title=d.incident,
            victim=d.outlet,
            region=d.title[:30],
            facts={d.title: [d.outlet]},
            started="2025-09-01",
            first="2025-09-02",
            last="2025-09-03",
            documents=(doc,),
        )
        add_mentions(db, doc, ("ORG", d.outlet or "x", 1), (d.title or "L", d.incident or "y", 2))
        for position, (text, verdict, reason, ev_url, ev_text) in enumerate(d.claims):
            cid = add_claim(
                db,
                d.url,
                position,
                text or "vide",
                kind=d.title[:10] or "other",
                sentence=ev_text + text,
                verdict=verdict,
                reason=reason,
                evidence=[(ev_url, ev_text)],
                flags=("disputed", reason[:8]),
                quote=(ev_text, reason) if position == 1 else None,
            )
            if position == 0:
                add_review(db, cid, d.review, reason, d.outlet, "2025-09-13")
    db.commit()
    db.close()
    return db_path


MKDOCS = yaml.safe_load(Path(SiteConfig().mkdocs_config).read_text(encoding="utf-8"))
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in MKDOCS["markdown_extensions"]]
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


class Tags(HTMLParser):
    """Every start tag and attribute of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def live_input(html: str) -> list[str]:
    """What in a page could only have come alive from input (empty when escaped)."""
    problems = list(scan(html).problems)
    tags = Tags()
    tags.feed(html)
    for tag, attrs in tags.found:
        if CANARY in tag or tag in ("iframe", "style", "textarea", "math"):
            problems.append(f"live <{tag}>")
        problems += [
            f"attribute {k}={v!r} on <{tag}>"
            for k, v in attrs
            if CANARY in k
            or (v and CANARY in v and k in ("href", "src", "id"))
            and not (v or "").startswith("https://")
        ]
    raw = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    problems += [f"template expression {m!r}" for m in re.findall(r"\{\{|\{%|\$\{", raw)]
    return problems


@FUZZ_SETTINGS
@given(docs=hostile_store())
def test_generated_pages_never_carry_live_input(
    docs: list[HostileDoc], tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = fill(tmp_path_factory.mktemp("fuzzstore") / "vigie.sqlite3", docs)
    site = Site(load(db), SiteConfig())
    count = 0
    for path, source in pages(site):
        count += 1
        front = _FRONT.match(source)
        assert front, path
        title = str(yaml.safe_load(front.group(1)).get("title", ""))
        assert not set(title) & set("<>&{}\"'"), (path, title)  # printed unescaped by the theme
        html = markdown.markdown(source[front.end() :], extensions=EXTENSIONS)
        assert live_input(html) == [], (path, live_input(html))
    assert count >= 6 + len(docs)


@settings(
    max_examples=BUILDS,
    deadline=None,
    derandomize=not FUZZ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(docs=hostile_store())
def test_built_site_never_carries_live_input(
    docs: list[HostileDoc], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("fuzzsite")
    db = fill(base / "vigie.sqlite3", docs)
    build_site(db, base / "site", SiteConfig())
    built = sorted((base / "site").rglob("*.html"))
    assert len(built) >= 6 + len(docs)
    for page in built:
        assert live_input(page.read_text(encoding="utf-8")) == [], page
    names = {p.stem for p in (base / "site" / "articles").glob("*.html")}
    assert {safe_id(document_id(d.url)) for d in docs} <= names  # each document has its page
