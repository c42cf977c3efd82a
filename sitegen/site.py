"""The build context: store data, settings, and what several pages derive from them.

Verdict rules of the site live here: a review overrides the automatic verdict when it names a
known verdict; a claim is "à vérifier" when its verdict is contradicted or unsupported, or when
it is flagged as disputed or as having dropped the official hedge.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Protocol, TypeVar

from core.verdicts import VERDICT_LABELS_FR, VERDICTS
from core.vocabulary import core_data
from sitegen import paths
from sitegen.config import SiteConfig
from sitegen.corrections import Correction, by_claim, find
from sitegen.data import ClaimRow, Doc, IncidentRow, Mention, Sentence, SiteData
from sitegen.factsheet import FactSheet, counts_as_leak, fact_sheet
from sitegen.markup import html_page, key, shorten

UNCHECKED = "unchecked"
LABELS = {**VERDICT_LABELS_FR, UNCHECKED: "Pas encore vérifié"}
SHORT_LABELS = {
    "supported": "Confirmé",
    "contradicted": "Contredit",
    "unsupported": "Non étayé",
    "no_official_source": "Sans source officielle",
    UNCHECKED: "Non vérifié",
}
FLAG_LABELS = {
    "hedge_dropped": "Précaution officielle omise",
    "disputed": "Valeurs divergentes entre médias",
    "superseded": "Dépassé par une information plus récente",
    "changed_after_publication": "Modifié après publication",
}
# French names of the data classes the check finds: core/data/data_classes_fr.toml.
DATA_CLASSES_FR: dict[str, str] = core_data("data_classes_fr.toml")["data_classes"]
_CLASS_NAMES = re.compile("|".join(sorted(map(re.escape, DATA_CLASSES_FR), key=len, reverse=True)))


def class_fr(name: str) -> str:
    """A Have I Been Pwned data class in French (unknown names as they are)."""
    return DATA_CLASSES_FR.get(name, name)


@lru_cache(maxsize=4096)  # reasons repeat from claim to claim
def reason_fr(reason: str) -> str:
    """A stored reason with the data classes it names in French."""
    return _CLASS_NAMES.sub(lambda m: DATA_CLASSES_FR[m.group(0)], reason) if reason else ""


TO_VERIFY_VERDICTS = ("contradicted", "unsupported")
TO_VERIFY_FLAGS = ("disputed", "hedge_dropped")
KIND_LABELS = {
    "count": "Nombre de personnes ou de dossiers touchés",
    "data": "Données concernées",
    "date": "Dates",
    "method": "Mode opératoire",
    "actor": "Acteurs",
    "measure": "Mesures prises",
    "impact": "Conséquences",
    "ransom": "Rançon",
    "quote": "Déclarations citées",
    "scope": "Périmètre",
    "other": "Autres affirmations",
}


class _PercentTable(dict[int, str]):
    """Code point -> its percent-encoded UTF-8 bytes (unreserved ASCII -> itself), filled as
    characters are met, for `str.translate`."""

    def __missing__(self, point: int) -> str:
        char = chr(point)
        value = (
            char
            if char.isascii() and (char.isalnum() or char in "-._~")
            else "".join(f"%{b:02X}" for b in char.encode("utf-8"))
        )
        self[point] = value
        return value


_PERCENT = _PercentTable()


def percent(text: str) -> str:
    """Percent-encode every byte but unreserved ASCII (as `quote(text, safe="")`, faster: one
    `str.translate`, not a Python step per byte)."""
    return text.translate(_PERCENT)


# The fixed parts of the "Signaler" issue, encoded once.
_TITLE = percent("Signalement : affirmation ")
_VERDICT_PARAM = {v: percent(label) for v, label in LABELS.items()}
_BODY = [
    percent(part)
    for part in (
        "Affirmation : ",
        "\nPage : ",
        "\nTexte : « ",
        " »\nVerdict affiché : ",
        "\n\nCe qui ne va pas (source à l'appui) :\n",
    )
]


_WORDS = re.compile(r"\w+")
_ATTACK_WORDS = re.compile(r"cyber|pirat|attaqu|intrusion|rançongiciel|ransomware", re.I)


def claim_key(text: str) -> str:
    """Claims with the same words (case, punctuation, apostrophes and spaces aside) are one
    claim carried by several outlets (syndicated copies)."""
    return " ".join(_WORDS.findall(text.casefold()))


def is_name(label: str, text: str, entity_key: str, leading: frozenset[tuple[str, str]]) -> bool:
    """True for an entity worth listing: a sector entity the analysis identified (it has a
    key), or a capitalised name that is not a heading or imperative word, a single-word
    person ("Vitale") or a single-word miscellaneous name ("SMS")."""
    if entity_key:
        return True
    if not text[:1].isupper() or (label, text) in leading:
        return False
    return not (label in ("PER", "MISC") and " " not in text.strip())


class _OfDocument(Protocol):
    @property
    def document_id(self) -> str: ...


Row = TypeVar("Row", bound=_OfDocument)


def by_document(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Rows (mentions, sentences) grouped by their document, in their order."""
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.document_id].append(row)
    return dict(out)


@dataclass(frozen=True)
class ClaimGroup:
    """One claim as the site lists it: the first outlet's wording, then the copies."""

    first: ClaimRow
    copies: tuple[ClaimRow, ...] = ()


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
    return effective_verdict(claim) in TO_VERIFY_VERDICTS or any(
        f in TO_VERIFY_FLAGS for f in claim.flags
    )


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

    def incident_of(self, doc: Doc) -> IncidentRow | None:
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

    def _report(self, claim: ClaimRow) -> tuple[str, str, str]:
        """Title and body of a report about a claim, and the claim's address, percent-encoded
        (each once)."""
        # Only the claim's own parts are encoded per claim: the wording is encoded once.
        ident = percent(claim.id)
        address = percent(self.config.site_url + self.claim_page(claim))
        return (
            f"{_TITLE}{ident}",
            f"{_BODY[0]}{ident}{_BODY[1]}{address}{_BODY[2]}"
            f"{percent(shorten(claim.text, 160))}{_BODY[3]}"
            f"{_VERDICT_PARAM[effective_verdict(claim)]}{_BODY[4]}",
            address,
        )

    def report_urls(self, claim: ClaimRow) -> tuple[str, str]:
        """The two ways to report a claim: a prefilled "new issue" address in the site's
        repository, and a prefilled e-mail to the contact address (no account needed)."""
        title, body, address = self._report(claim)
        # The e-mail names the claim and its address only: pages stay light.
        mail_body = f"{_BODY[1][3:]}{address}"
        return (
            f"{self.config.repo_url}/issues/new?title={title}&body={body}&labels=signalement",
            f"mailto:{self.config.contact_email}?subject={title}&body={mail_body}",
        )

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
    def sorted_incidents(self) -> list[IncidentRow]:
        """Incidents, most recently covered first."""
        return sorted(
            self.data.incidents.values(),
            key=lambda i: (i.last_report or i.first_report or i.started, i.slug),
            reverse=True,
        )

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
        return by_document(self.data.mentions)

    @cached_property
    def evidence_by_url(self) -> dict[str, set[str]]:
        """Official sentences quoted as evidence, by the address of their document."""
        out: dict[str, set[str]] = defaultdict(set)
        for claim in self.data.claims:
            for ev in claim.evidence:
                out[ev.doc_url].add(ev.text)
        return dict(out)

    @cached_property
    def sentence_hedges(self) -> dict[str, tuple[str, ...]]:
        """Hedges of each official sentence, by its whitespace-normalised text."""
        return {" ".join(s.text.split()): s.hedges for s in self.data.official_sentences}

    @cached_property
    def _sentences_by_doc(self) -> dict[str, list[Sentence]]:
        return by_document(self.data.official_sentences)

    @cached_property
    def fact_sheets(self) -> dict[str, FactSheet]:
        """The fact sheet of every incident, by slug."""
        return {slug: self._fact_sheet(incident) for slug, incident in self.data.incidents.items()}

    def _fact_sheet(self, incident: IncidentRow) -> FactSheet:
        docs = self.data.docs_by_incident.get(incident.slug, [])
        sentences = [
            s for d in docs if d.kind == "official" for s in self._sentences_by_doc.get(d.id, [])
        ]
        forms: Counter[tuple[str, str]] = Counter()
        places: Counter[str] = Counter()
        for doc in docs:
            for m in self.mentions_by_doc.get(doc.id, []):
                forms[(m.text, m.key)] += m.count
                if m.label == "LOC" and is_name(m.label, m.text, m.key, self.data.leading_words):
                    places[m.text] += 1
        press_classes = {
            c
            for claim in self.claims_by_incident.get(incident.slug, [])
            if self.doc(claim).kind == "press"
            and counts_as_leak(claim.sentence, claim.negated, claim.topics)
            for c in claim.data_classes
        }
        attack = any("attack" in s.topics for s in sentences) or any(
            _ATTACK_WORDS.search(d.title) for d in docs
        )
        return fact_sheet(incident, docs, sentences, forms, places, press_classes, attack)

    def incident_title(self, incident: IncidentRow) -> str:
        """The name of an incident on every page: victim, place, event, month."""
        sheet = self.fact_sheets.get(incident.slug)
        return sheet.title if sheet else incident.title or incident.slug

    @cached_property
    def claim_groups(self) -> dict[str, list[ClaimGroup]]:
        """Claims of each incident with syndicated copies folded into their first claim."""
        out: dict[str, list[ClaimGroup]] = {}
        for slug, claims in self.claims_by_incident.items():
            groups: dict[str, list[ClaimRow]] = {}
            for claim in claims:  # timeline order: the first publisher comes first
                groups.setdefault(claim_key(claim.text), []).append(claim)
            out[slug] = [ClaimGroup(g[0], tuple(g[1:])) for g in groups.values()]
        return out

    @cached_property
    def copies_of(self) -> dict[str, ClaimGroup]:
        """The group of every claim, by claim id."""
        return {
            c.id: group
            for groups in self.claim_groups.values()
            for group in groups
            for c in (group.first, *group.copies)
        }

    @cached_property
    def disputed_values(self) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
        """(value key, value as written, outlet) of the disputed claims of each incident and
        kind of claim: what the "disputed" flag found."""
        out: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
        for claim in self.data.claims:
            if "disputed" in claim.flags:
                doc = self.doc(claim)
                for value in claim.quantities or claim.dates:
                    out[(doc.incident, claim.kind)].append(
                        (claim_key(value), value, self.outlet_name(doc))
                    )
        return dict(out)

    @cached_property
    def flagged_once(self) -> list[ClaimRow]:
        """Claims to verify, newest first, each syndicated claim once (its first outlet's
        wording; "À vérifier" lists the copies under it)."""
        out, seen = [], set()
        for claim in self.flagged:
            group = self.copies_of.get(claim.id)
            shown = group.first if group and to_verify(group.first) else claim
            if shown.id not in seen:
                seen.add(shown.id)
                out.append(shown)
        return out
