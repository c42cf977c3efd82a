"""The build context: store data, settings, and what several pages derive from them.

Verdict rules of the site live here: a review overrides the automatic verdict when it names a
known verdict; a claim is "à vérifier" when its verdict is contradicted or unsupported, or when
it is flagged as disputed or as having dropped the official hedge.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from claims.records import VERDICT_LABELS_FR, VERDICTS
from sitegen import paths
from sitegen.config import SiteConfig
from sitegen.corrections import Correction, by_claim, find
from sitegen.data import ClaimRow, Doc, Incident, Mention, SiteData
from sitegen.markup import html_page, key, shorten

UNCHECKED = "unchecked"
LABELS = {**VERDICT_LABELS_FR, UNCHECKED: "Pas encore vérifié"}
SHORT_LABELS = {"supported": "Confirmé", "contradicted": "Contredit", "unsupported": "Non étayé",
                "no_official_source": "Sans source officielle", UNCHECKED: "Non vérifié"}
FLAG_LABELS = {
    "hedge_dropped": "Précaution officielle omise",
    "disputed": "Chiffres divergents entre médias",
    "superseded": "Dépassé par une information plus récente",
    "changed_after_publication": "Modifié après publication",
}
TO_VERIFY_VERDICTS = ("contradicted", "unsupported")
TO_VERIFY_FLAGS = ("disputed", "hedge_dropped")
KIND_LABELS = {
    "count": "Nombre de personnes ou de dossiers touchés", "data": "Données concernées",
    "date": "Dates", "method": "Mode opératoire", "actor": "Acteurs", "measure": "Mesures prises",
    "impact": "Conséquences", "ransom": "Rançon", "quote": "Déclarations citées",
    "scope": "Périmètre", "other": "Autres affirmations",
}


_PERCENT = [chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-._~") else f"%{b:02X}"
            for b in range(256)]


def percent(text: str) -> str:
    """Percent-encode every byte but unreserved ASCII (as `quote(text, safe="")`, faster)."""
    return "".join([_PERCENT[b] for b in text.encode("utf-8")])


# The fixed parts of the "Signaler" issue, encoded once.
_TITLE = percent("Signalement : affirmation ")
_VERDICT_PARAM = {v: percent(label) for v, label in LABELS.items()}
_BODY = [percent(part) for part in ("Affirmation : ", "\nPage : ", "\nTexte : « ",
                                    " »\nVerdict affiché : ",
                                    "\n\nCe qui ne va pas (source à l'appui) :\n")]


def outlet_key(name: str) -> str:
    """Filter key of an outlet name, as the "À vérifier" page and its links use it."""
    return key(name, "o")


def effective_verdict(claim: ClaimRow) -> str:
    """The verdict shown: a valid review's, else the automatic one, else "unchecked"."""
    if claim.review is not None and claim.review.verdict in VERDICTS:
        return claim.review.verdict
    return claim.verdict if claim.verdict in VERDICTS else UNCHECKED


def to_verify(claim: ClaimRow) -> bool:
    """True for claims listed on "À vérifier" and in the feeds."""
    return (effective_verdict(claim) in TO_VERIFY_VERDICTS
            or any(f in TO_VERIFY_FLAGS for f in claim.flags))


@dataclass
class OutletStats:
    """Counts for the Médias page."""

    name: str
    documents: int = 0
    official: bool = False
    verdicts: Counter[str] = field(default_factory=Counter)

    @property
    def claims(self) -> int:
        """Number of claims of this outlet's documents."""
        return sum(self.verdicts.values())


@dataclass
class Site:
    """Everything a page writer needs: the data, the settings, shared derivations."""

    data: SiteData
    config: SiteConfig

    def doc(self, claim: ClaimRow) -> Doc:
        """The document a claim comes from."""
        return self.data.docs[claim.document_id]

    def incident_of(self, doc: Doc) -> Incident | None:
        """The incident a document belongs to, if the check stage assigned one."""
        return self.data.incidents.get(doc.incident)

    def absolute(self, page: str) -> str:
        """Public address of a page or file of the site."""
        return self.config.site_url + html_page(page)

    def claim_page(self, claim: ClaimRow) -> str:
        """The canonical page of a claim (its article) with its anchor."""
        return f"{html_page(paths.article(claim.document_id))}#{paths.claim_anchor(claim.id)}"

    def outlet_key(self, doc: Doc) -> str:
        """Filter key of an outlet (never the name itself)."""
        return outlet_key(self.outlet_name(doc))

    @staticmethod
    def incident_key(slug: str) -> str:
        """Filter key of an incident."""
        return key(slug, "i") if slug else "i-none"

    def outlet_name(self, doc: Doc) -> str:
        """What the site calls an outlet (documents may lack one)."""
        return doc.outlet or "Média inconnu"

    def issue_url(self, claim: ClaimRow) -> str:
        """A prefilled "new issue" address in the site's repository for reporting a claim."""
        # Only the claim's own parts are encoded per claim: the wording is encoded once.
        return (f"{self.config.repo_url}/issues/new?title={_TITLE}{percent(claim.id)}"
                f"&body={_BODY[0]}{percent(claim.id)}{_BODY[1]}"
                f"{percent(self.config.site_url + self.claim_page(claim))}{_BODY[2]}"
                f"{percent(shorten(claim.text, 160))}{_BODY[3]}"
                f"{_VERDICT_PARAM[effective_verdict(claim)]}{_BODY[4]}&labels=signalement")

    @cached_property
    def corrections(self) -> list[Correction]:
        """Claims changed or removed by a later revision of their article (silent edits)."""
        return find(self.data)

    @cached_property
    def correction_of(self) -> dict[str, Correction]:
        """The correction a claim takes part in (as the old or the new wording), by id."""
        return by_claim(self.corrections)

    @cached_property
    def flagged(self) -> list[ClaimRow]:
        """Claims to verify, newest article first."""
        claims = [c for c in self.data.claims if to_verify(c)]
        return sorted(claims, key=lambda c: (*self.doc(c).order, c.id), reverse=True)

    @cached_property
    def claims_by_incident(self) -> dict[str, list[ClaimRow]]:
        """Claims of each incident, in timeline order of their documents."""
        out: dict[str, list[ClaimRow]] = defaultdict(list)
        for slug, docs in self.data.docs_by_incident.items():
            for doc in docs:
                out[slug] += self.data.claims_by_doc.get(doc.id, [])
        return dict(out)

    @cached_property
    def outlets(self) -> list[OutletStats]:
        """Per-outlet counts, by name."""
        stats: dict[str, OutletStats] = {}
        for doc in self.data.docs.values():
            name = self.outlet_name(doc)
            entry = stats.setdefault(name, OutletStats(name))
            entry.documents += 1
            entry.official = entry.official or doc.kind == "official"
            for claim in self.data.claims_by_doc.get(doc.id, []):
                entry.verdicts[effective_verdict(claim)] += 1
        return [stats[name] for name in sorted(stats, key=str.casefold)]

    @cached_property
    def sorted_incidents(self) -> list[Incident]:
        """Incidents, most recently covered first."""
        return sorted(self.data.incidents.values(),
                      key=lambda i: (i.last_report or i.first_report or i.started, i.slug),
                      reverse=True)

    @cached_property
    def clusters(self) -> dict[str, list[Doc]]:
        """Documents of each story cluster (syndicated copies), in timeline order."""
        out: dict[str, list[Doc]] = defaultdict(list)
        for doc in sorted(self.data.docs.values(), key=lambda d: d.order):
            out[doc.cluster].append(doc)
        return dict(out)

    @cached_property
    def mentions_by_doc(self) -> dict[str, list[Mention]]:
        """Entity mentions of each document."""
        out: dict[str, list[Mention]] = defaultdict(list)
        for mention in self.data.mentions:
            out[mention.document_id].append(mention)
        return dict(out)

    @cached_property
    def evidence_by_url(self) -> dict[str, set[str]]:
        """Official sentences quoted as evidence, by the address of their document."""
        out: dict[str, set[str]] = defaultdict(set)
        for claim in self.data.claims:
            for ev in claim.evidence:
                out[ev.doc_url].add(ev.text)
        return dict(out)
