"""Build stores without running the pipeline: a real `CollectionStore`, rows inserted as the
check stage writes them (JSON formats of `claims.records`), hostile documents included.

Used by `bench/site.py` for its synthetic stores and by the site and hardening tests
(`fixture_store`); it lives in `bench/` because benchmarks never import test code.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from claims.records import DateSpan, Facets, Quantity, claim_id, dumps
from core.evidence import compact
from scraper.store import CollectionStore, document_id, text_hash

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINES = (
    XSS,
    IMG,
    "[x](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    "{{ config }}",
    '--8<-- "/etc/passwd"',
    '!!! danger "x"',
    "<svg onload=alert(1)>",
    "</div></script>",
)
HOSTILE_TEXT = "\n\n".join(f"{line}\nsuite {n}" for n, line in enumerate(HOSTILE_LINES))
SEARCH_WORD = "rançongiciel"  # appears in exactly one claim of the fixture store


def new_store(path: Path) -> sqlite3.Connection:
    """A migrated store at `path`; returns a plain connection for fast inserts."""
    CollectionStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=ON")
    return db


def add_document(
    db: sqlite3.Connection,
    url: str,
    *,
    kind: str = "press",
    outlet: str,
    title: str,
    texts: list[str],
    published: str | None,
    fetched: list[str] | None = None,
    cluster: str | None = None,
) -> str:
    """Insert a document with one revision per text; returns its id."""
    doc_id = document_id(url)
    fetched = fetched or [published or "2025-09-01T00:00:00+00:00"] * len(texts)
    db.execute(
        "INSERT INTO documents(id, url, kind, source, outlet, title, published, language,"
        " cluster, first_seen, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'fr', ?, ?, ?)",
        (
            doc_id,
            url,
            kind,
            outlet,
            outlet,
            title,
            published,
            cluster or doc_id,
            fetched[0],
            fetched[-1],
        ),
    )
    for revno, (text, at) in enumerate(zip(texts, fetched, strict=True), start=1):
        db.execute(
            "INSERT INTO revisions(document_id, revno, title, text, text_hash, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, revno, title, text, text_hash(text), at),
        )
    return doc_id


def add_incident(
    db: sqlite3.Connection,
    slug: str,
    *,
    title: str,
    victim: str = "",
    region: str = "",
    started: str | None = None,
    first: str | None = None,
    last: str | None = None,
    facts: dict[str, Any] | None = None,
    documents: tuple[str, ...] = (),
) -> None:
    """Insert an incident and link documents to it."""
    db.execute(
        "INSERT INTO incidents(slug, title, victim, region, started, first_report,"
        " last_report, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (slug, title, victim, region, started, first, last, dumps(facts or {})),
    )
    db.executemany(
        "INSERT INTO incident_documents(document_id, incident) VALUES (?, ?)",
        [(d, slug) for d in documents],
    )


def add_claim(
    db: sqlite3.Connection,
    doc_url: str,
    position: int,
    text: str,
    *,
    kind: str = "other",
    sentence: str | None = None,
    verdict: str | None = None,
    reason: str = "",
    evidence: list[tuple[str, str]] = (),  # type: ignore[assignment]
    flags: tuple[str, ...] = (),
    checked_at: str = "2025-09-12T08:00:00+00:00",
    quote: tuple[str, str] | None = None,
    data_classes: tuple[str, ...] = (),
    status: str = "current",
    hedges: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    negated: bool = False,
) -> str:
    """Insert a claim (and its verdict when given); returns the claim id."""
    cid = claim_id(doc_url, text)
    db.execute(
        "INSERT INTO claims(id, document_id, position, kind, text, sentence, negated, hedges,"
        " facets, entities, quote, status, first_revno, last_revno)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, 1, 1)",
        (
            cid,
            document_id(doc_url),
            position,
            kind,
            text,
            sentence or text,
            int(negated),
            dumps(list(hedges)),
            Facets(data_classes=tuple(sorted(data_classes)), topics=topics).to_json(),
            dumps({"text": quote[0], "speaker": quote[1]}) if quote else None,
            status,
        ),
    )
    if verdict:
        db.execute(
            "INSERT INTO verdicts(claim_id, verdict, reason, evidence, flags, checked_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                cid,
                verdict,
                reason,
                compact(db, [{"doc_url": u, "text": t, "score": 0.9} for u, t in evidence]),
                dumps(list(flags)),
                checked_at,
            ),
        )
    return cid


def add_sentence(
    db: sqlite3.Connection,
    doc_url: str,
    position: int,
    text: str,
    *,
    facets: Facets | None = None,
    negated: bool = False,
    hedges: tuple[str, ...] = (),
    entities: tuple[tuple[str, str], ...] = (),
) -> None:
    """Insert an analysed sentence of a document, as the check stage stores it."""
    db.execute(
        "INSERT INTO sentences(document_id, position, text, negated, hedges, facets,"
        " entities) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            document_id(doc_url),
            position,
            text,
            int(negated),
            dumps(list(hedges)),
            (facets or Facets()).to_json(),
            dumps([list(e) for e in entities]),
        ),
    )


def add_review(
    db: sqlite3.Connection, cid: str, verdict: str, note: str, reviewer: str, date: str
) -> None:
    """Insert a human review of a claim."""
    db.execute(
        "INSERT INTO reviews(claim_id, verdict, note, reviewer, date) VALUES (?, ?, ?, ?, ?)",
        (cid, verdict, note, reviewer, date),
    )


def add_mentions(db: sqlite3.Connection, doc_id: str, *mentions: tuple[str, str, int]) -> None:
    """Insert (label, text, count) mentions of a document."""
    db.executemany(
        "INSERT INTO mentions(document_id, label, text, key, count) VALUES (?, ?, ?, '', ?)",
        [(doc_id, lab, t, n) for lab, t, n in mentions],
    )


ARS = "https://www.normandie.ars.sante.fr/cyberattaque-grades-normandie"
ARS_HEDGE = (
    "À ce stade des investigations, la fuite se limiterait aux données d'identité des usagers."
)
ARS_NO_MEDICAL = "Aucune donnée médicale ne serait concernée."
ARS_COMPLAINT = "Une plainte a été déposée auprès du parquet de Paris."
ARS_DETECTED = "Le GRADeS Normandie a détecté une intrusion le 5 septembre."
ARS_COUNT = "Les données d'identité de 12 000 usagers ont été consultées."
ARS_ADVICE = (
    "Méfiez-vous de l’hameçonnage : l'ARS ne vous demandera jamais vos coordonnées "
    "bancaires ni votre mot de passe."
)
ELIDED_WORD = "hameçonnage"  # only after an elision (l’hameçonnage) in the fixture store
WIRE = (
    "Les groupements régionaux d'e-santé de Normandie et des Hauts-de-France ont été visés "
    "par une cyberattaque, a-t-on appris lundi.\n\n" + ARS_COMPLAINT + "\n\n"
    "Selon une source proche du dossier, un rançongiciel aurait chiffré les serveurs."
)


def fixture_store(path: Path, *, claims: bool = True) -> Path:
    """The small store of the site tests: two incidents, a wire copied twice, a revised
    article, every verdict and flag, a review, and a hostile document."""
    db = new_store(path)
    official = add_document(
        db,
        ARS,
        kind="official",
        outlet="ARS Normandie",
        title="Cyberattaque visant le GRADeS Normandie : point de situation",
        texts=[
            f"{ARS_DETECTED}\n\n{ARS_HEDGE} {ARS_NO_MEDICAL}\n\n{ARS_COMPLAINT}\n\n"
            f"{ARS_COUNT}\n\n{ARS_ADVICE}"
        ],
        published="2025-09-08T10:00:00+02:00",
    )
    normande = "https://actu-normande.example/2025/09/08/cyberattaque-grades"
    first = add_document(
        db,
        normande,
        outlet="L'Actu normande",
        title="Cyberattaque : des données de patients normands dérobées",
        texts=["Texte non republié."],
        published="2025-09-08T12:05:00+02:00",
    )
    wire_a = "https://quotidien-national.example/afp/cyberattaque-e-sante"
    wire_b = "https://ouest-info.example/depeche/cyberattaque-e-sante"
    cluster = min(document_id(wire_a), document_id(wire_b))
    a = add_document(
        db,
        wire_a,
        outlet="Le Quotidien national",
        title="Cyberattaque contre l'e-santé normande",
        texts=[WIRE],
        published="2025-09-08T14:00:00+02:00",
        cluster=cluster,
    )
    b = add_document(
        db,
        wire_b,
        outlet="Ouest Info",
        title="Normandie : l'e-santé visée",
        texts=[WIRE],
        published="2025-09-08T15:30:00+02:00",
        cluster=cluster,
    )
    revised = "https://courrier-normand.example/sante/fuite-donnees"
    c = add_document(
        db,
        revised,
        outlet="Le Courrier normand",
        title="Fuite de données : ce que l'on sait",
        texts=[
            f"Premier paragraphe.\n\n{ARS_HEDGE}\n\nDernier paragraphe.",
            "Premier paragraphe.\n\nLa fuite se limite aux données d'identité des usagers."
            "\n\nDernier paragraphe.",
        ],
        published="2025-09-09T07:00:00+02:00",
        fetched=["2025-09-09T07:10:00+00:00", "2025-09-10T09:00:00+00:00"],
    )
    hostile_url = "javascript:alert(1)"
    h = add_document(
        db,
        hostile_url,
        outlet=IMG,
        title=XSS,
        texts=[HOSTILE_TEXT, HOSTILE_TEXT + "\n\n" + XSS + " ajouté"],
        published="2025-09-11T09:00:00+00:00",
        fetched=["2025-09-11T09:00:00+00:00", "2025-09-11T10:00:00+00:00"],
    )
    hpl = "https://courrier-loire.example/hpl-donnees-patients"
    d = add_document(
        db,
        hpl,
        outlet="Le Courrier de la Loire",
        title="Hôpital privé de la Loire : 126 000 patients prévenus",
        texts=["Texte non republié."],
        published="2025-07-10T18:00:00+02:00",
    )
    add_document(
        db,
        "https://divers.example/autre-sujet",
        outlet="Divers",
        title="Un article sans incident",
        texts=["Texte."],
        published="2025-09-02T08:00:00+00:00",
    )
    add_incident(
        db,
        "grades-2025",
        title="Cyberattaque contre les GRADeS de Normandie et des Hauts-de-France",
        victim="GRADeS Normandie et Hauts-de-France",
        region="Normandie, Hauts-de-France",
        started="2025-09-05",
        first="2025-09-08",
        last="2025-09-10",
        facts={"data_classes": ["Names", "Dates of birth"], "official_sources": 1},
        documents=(official, first, a, b, c),
    )
    add_incident(
        db,
        "../../<x>",
        title=f'{XSS} incident "{{{{ config }}}}"',
        victim=IMG,
        region=XSS,
        facts={XSS: [IMG, {"k": "{{ config }}"}]},
        documents=(h,),
    )
    add_incident(
        db,
        "hpl-2025",
        title="Vol de données à l'Hôpital privé de la Loire",
        victim="Hôpital privé de la Loire (Ramsay Santé)",
        region="Auvergne-Rhône-Alpes",
        started="2025-06-26",
        first="2025-07-10",
        last="2025-07-10",
        documents=(d,),
    )
    _official_sentences(db)
    add_mentions(
        db,
        official,
        ("ORG", "ARS Normandie", 2),
        ("LOC", "Normandie", 3),
        ("LOC", "Méfiez-vous", 1),
    )
    add_mentions(
        db,
        first,
        ("ORG", "ARS Normandie", 1),
        ("PER", "Jean Dupont", 1),
        ("PER", "Vitale", 1),
        ("LOC", "de France", 1),
    )
    add_mentions(db, h, ("<ORG>", "<svg onload=alert(1)>", 1), ("ORG", XSS, 2))
    if claims:
        _fixture_claims(db, normande, wire_a, wire_b, revised, hostile_url, hpl)
    db.commit()
    db.close()
    return path


def _official_sentences(db: sqlite3.Connection) -> None:
    """The analysed sentences of the ARS communiqué: a dated detection, confirmed data
    classes, the official count, and advice to readers naming data that did not leak."""
    add_sentence(
        db,
        ARS,
        0,
        ARS_DETECTED,
        facets=Facets(
            dates=(DateSpan("2025-09-05", "2025-09-05", "date", "le 5 septembre"),),
            topics=("attack",),
        ),
    )
    add_sentence(
        db,
        ARS,
        1,
        ARS_HEDGE,
        hedges=("à ce stade", "conditionnel"),
        facets=Facets(
            data_classes=("Dates of birth", "Names"), topics=("data_theft", "investigation")
        ),
    )
    add_sentence(
        db,
        ARS,
        2,
        ARS_NO_MEDICAL,
        negated=True,
        facets=Facets(data_classes=("Personal health data",), topics=("data_theft",)),
    )
    add_sentence(db, ARS, 3, ARS_COMPLAINT, facets=Facets(topics=("complaint",)))
    add_sentence(
        db,
        ARS,
        4,
        ARS_COUNT,
        facets=Facets(
            quantities=(Quantity(12000.0, "usager", "eq", None, "12 000 usagers"),),
            data_classes=("Names",),
            topics=("data_theft",),
        ),
    )
    add_sentence(
        db,
        ARS,
        5,
        ARS_ADVICE,
        facets=Facets(data_classes=("Bank account numbers", "Passwords"), topics=("data_theft",)),
        entities=(("Méfiez-vous", "LOC"),),
    )


def _fixture_claims(
    db: sqlite3.Connection,
    normande: str,
    wire_a: str,
    wire_b: str,
    revised: str,
    hostile: str,
    hpl: str,
) -> None:
    add_claim(
        db,
        normande,
        1,
        "Les données médicales des patients ont été dérobées.",
        kind="data",
        verdict="contradicted",
        data_classes=("Personal health data",),
        topics=("data_theft",),
        reason="Le communiqué de l'ARS indique qu'aucune donnée médicale n'est concernée.",
        evidence=[(ARS, ARS_NO_MEDICAL)],
        checked_at="2025-09-12T08:00:00+00:00",
    )
    add_claim(
        db,
        normande,
        2,
        "La fuite se limite aux données d'identité des usagers.",
        kind="data",
        verdict="supported",
        flags=("hedge_dropped",),
        data_classes=("Names",),
        reason="L'ARS le dit, mais avec une réserve.",
        evidence=[(ARS, ARS_HEDGE)],
        checked_at="2025-09-12T08:01:00+00:00",
    )
    for n, url in enumerate((wire_a, wire_b)):
        add_claim(
            db,
            url,
            2,
            ARS_COMPLAINT,
            kind="measure",
            verdict="supported",
            reason="Même phrase dans le communiqué.",
            evidence=[(ARS, ARS_COMPLAINT)],
            checked_at=f"2025-09-12T08:0{2 + n}:00+00:00",
        )
        add_claim(
            db,
            url,
            3,
            "Un rançongiciel aurait chiffré les serveurs."
            if n == 0
            else "Les serveurs ont été chiffrés.",
            kind="method",
            verdict="unsupported",
            reason="Aucune source officielle ne parle de chiffrement.",
            checked_at=f"2025-09-12T08:0{4 + n}:00+00:00",
            evidence=[(ARS, ARS_COMPLAINT)] if n == 0 else [],
        )  # the nearest sentence
    cid = add_claim(
        db,
        revised,
        2,
        "La fuite se limite aux données d'identité.",
        kind="data",
        verdict="unsupported",
        flags=("hedge_dropped", "changed_after_publication"),
        reason="La réserve de l'ARS a disparu.",
        evidence=[(ARS, ARS_HEDGE)],
        checked_at="2025-09-12T08:06:00+00:00",
    )
    add_review(
        db,
        cid,
        "supported",
        "Réserve omise, mais le fait est confirmé.",
        "Relecteur Vigie",
        "2025-09-13",
    )
    add_claim(
        db,
        revised,
        1,
        "À ce stade, la fuite se limiterait aux données d'identité.",
        kind="data",
        status="vanished",
        verdict="supported",
        evidence=[(ARS, ARS_HEDGE)],
        reason="Même réserve que l'ARS.",
    )
    add_claim(
        db,
        hostile,
        1,
        f"{IMG} a déclaré {{{{ config }}}} {XSS}",
        kind="<b>quote</b>",
        sentence=f'[x](javascript:alert(1)) {IMG} {{: onclick="alert(1)" }}',
        verdict="contradicted",
        reason='!!! danger "x"\n--8<-- "/etc/passwd"',
        evidence=[("javascript:alert(2)", f"</script>{XSS}"), (ARS, IMG)],
        flags=("disputed", "<b>bad</b>"),
        quote=(XSS, '{: onclick="alert(1)" }'),
        checked_at="2025-09-12T09:00:00+00:00",
    )
    add_review(
        db,
        claim_id(hostile, f"{IMG} a déclaré {{{{ config }}}} {XSS}"),
        "<i>nope</i>",
        XSS,
        IMG,
        "2025-09-13",
    )
    add_claim(
        db,
        hpl,
        1,
        "Plus de 126 000 patients ont reçu un courriel d'alerte.",
        kind="count",
        verdict="no_official_source",
        reason="Aucun document officiel relevé pour cet incident.",
        checked_at="2025-07-11T08:00:00+00:00",
    )
    add_claim(
        db, hpl, 2, "Une quarantaine de patients ont été contactés individuellement.", kind="count"
    )


def store_summary(path: Path) -> dict[str, int]:
    """Row counts of the tables the site reads (for assertions)."""
    db = sqlite3.connect(path)
    try:
        return {
            t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "claims", "verdicts", "incidents", "mentions", "reviews")
        }
    finally:
        db.close()
