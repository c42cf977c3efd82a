"""Grouping documents into incidents: story clusters, shared victims, shared regions, dates.

Automatic grouping (union-find, order-independent):
- documents of one story cluster (syndicated copies) belong together;
- documents naming the same specific victim (a hospital, group or GRADeS entity id) within
  `WINDOW_DAYS` of each other belong together;
- documents naming the same regional authority ("ars/normandie") within the window belong
  together (a regional attack reported without a named establishment).
An optional curated file (`DATA_DIR/incidents.toml`) names incidents, merges automatic ones
and moves documents by URL. A malformed file names file and line and is not applied at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scraper.errors import ConfigError
from scraper.tomlfile import read_tables

WINDOW_DAYS = 45
VICTIM_KINDS = ("hospital", "group", "grades", "clinic", "lab", "insurer", "health")
REGION_KINDS = ("ars", "region")
# French regions (current and pre-2016 names), matched against place entities.
REGIONS = (
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire",
    "Corse", "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie",
    "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire", "Provence-Alpes-Côte d'Azur",
    "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte", "Alsace", "Lorraine",
    "Picardie", "Nord-Pas-de-Calais", "Aquitaine", "Limousin", "Poitou-Charentes",
    "Languedoc-Roussillon", "Midi-Pyrénées", "Champagne-Ardenne", "Basse-Normandie",
    "Haute-Normandie", "Rhône-Alpes", "Auvergne", "Bourgogne", "Franche-Comté",
)


@dataclass
class DocInfo:
    """What grouping needs to know about one document."""

    id: str
    url: str
    kind: str
    title: str
    published: date | None
    cluster: str
    mentions: list[tuple[str, str, str, int]] = field(default_factory=list)  # label,text,key,n

    def keys(self, kinds: tuple[str, ...]) -> set[str]:
        """Specific entity ids of the given kinds ("hospital/hpl-saint-etienne").

        Regional authorities and region names share one namespace: "ars/normandie" and the
        place "Normandie" both give "ars/normandie".
        """
        keys = {key for _, _, key, _ in self.mentions
                if "/" in key and key.split("/", 1)[0] in kinds}
        if "hospital" in kinds:
            keys |= self.subject_keys()
        if "region" in kinds:
            keys |= {f"ars/{slug}" for label, text, _, _ in self.mentions
                     if label == "LOC" and (slug := slugify(text)) in REGION_SLUGS}
        return keys


    def subject_keys(self) -> set[str]:
        """Names of the victim as the document names it: sector entities, and any named
        entity that the title also names ("Bioanalyses Garonne : 3 millions de patients…").
        Head words are dropped, so "centre hospitalier de Brévannes" and "hôpital de
        Brévannes" give the same key."""
        title = slugify(self.title)
        out = set()
        for label, text, key, _ in self.mentions:
            name = victim_name(text)
            if len(name) < 4:
                continue
            sector = "/" in key and key.split("/", 1)[0] in VICTIM_KINDS
            titled = label in SUBJECT_LABELS and f"-{slugify(text)}-" in f"-{title}-"
            if sector or titled:
                out.add(VICTIM + name)
        return out

    def name_keys(self) -> set[str]:
        """Specific organisation names the document mentions anywhere ("Mutuelle Solidaire
        des Territoires"): candidate victims, kept when some title or address names them."""
        return {VICTIM + name for label, text, key, _ in self.mentions
                if label in NAME_LABELS and not key and _specific(name := victim_name(text))}


SUBJECT_LABELS = ("ORG", "PER", "MISC", "HEALTH_ORG")
VICTIM = "victim/"  # key prefix of victims named in the text rather than by the sector list
# Organisation names specific enough to identify a victim wherever they appear ("Mutuelle
# Solidaire des Territoires"); people are not victims, and these bodies name no victim.
NAME_LABELS = ("ORG", "MISC", "HEALTH_ORG")
GENERIC_NAMES = frozenset({
    "assurance-maladie", "caisse-nationale-assurance-maladie", "sante-publique-france",
    "ministere-sante", "ministere-sante-prevention", "agence-numerique-en-sante",
    "haute-autorite-sante", "conseil-ordre-medecins", "ordre-medecins", "union-europeenne",
    "police-nationale", "gendarmerie-nationale", "dark-web", "agence-france-presse",
})


def _specific(name: str) -> bool:
    """Two words or more once head words are dropped, and not a national body."""
    return name.count("-") >= 1 and name not in GENERIC_NAMES


HEAD_WORDS = frozenset({
    "centre", "hospitalier", "hospitaliere", "hopital", "hopitaux", "chu", "chi", "chr", "ch",
    "clinique", "groupe", "groupement", "polyclinique", "institut", "maternite", "ehpad",
    "laboratoire", "laboratoires", "prive", "privee", "universitaire", "regional", "de", "du",
    "des", "la", "le", "les", "l", "d", "et", "intercommunal", "intercommunale",
    "departemental", "mutuelle", "reseau", "centres", "cliniques", "epsm", "psychiatrique",
    "etablissement", "public", "sante", "mentale", "cancer", "lutte", "contre", "clcc",
    "psychotherapique", "specialise", "au", "aux", "imagerie", "medicale", "radiologie",
    "cabinet", "dialyse", "dentaire", "dentaires",
})


def victim_name(text: str) -> str:
    """A victim's name without head words: 'Hôpital privé de la Loire' → 'loire'."""
    words = [w for w in slugify(text).split("-") if w and w not in HEAD_WORDS]
    return "-".join(words)


@dataclass(frozen=True)
class Incident:
    """An incident and its member documents."""

    slug: str
    title: str
    victim: str
    region: str
    documents: tuple[str, ...]  # document ids
    first_report: date | None
    last_report: date | None


@dataclass(frozen=True)
class Curated:
    """One entry of the curated incidents file."""

    slug: str
    title: str = ""
    victim: str = ""
    merge: tuple[str, ...] = ()  # automatic slugs folded into this incident
    documents: tuple[str, ...] = ()  # document URLs forced into this incident


REGION_SLUGS = frozenset(re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", r).encode(
    "ascii", "ignore").decode().lower()).strip("-") for r in REGIONS)


class _Union:
    def __init__(self, items: list[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group(docs: list[DocInfo], curated: list[Curated] | None = None) -> list[Incident]:
    """Incidents of a set of documents, sorted by slug."""
    docs = sorted(docs, key=lambda d: d.id)
    union = _Union([d.id for d in docs])
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        by_cluster[d.cluster].append(d.id)
    for members in by_cluster.values():
        for other in members[1:]:
            union.join(members[0], other)
    keys = _victim_keys(docs)
    _join_by_keys(union, docs, lambda d: keys[d.id])
    _join_by_keys(union, docs, lambda d: d.keys(REGION_KINDS))
    groups: dict[str, list[DocInfo]] = defaultdict(list)
    for d in docs:
        groups[union.find(d.id)].append(d)
    incidents = [_describe(members) for _, members in sorted(groups.items())]
    incidents = _unique_slugs(incidents)
    return apply_curated(incidents, docs, curated or [])


def _victim_keys(docs: list[DocInfo]) -> dict[str, set[str]]:
    """Victim keys of each document, plus the victims other documents name that its title or
    address names ("chi-deux-rives.example/…", "Le CHI des Deux-Rives victime…")."""
    # Addresses only count for names of two words or more: outlets are often named after
    # their city ("courrier-de-toulouse.example"), and a city alone is not a victim.
    where = {d.id: _phrases(slugify(d.title, 300)) | {
        p for p in _phrases(slugify(d.url, 300)) if "-" in p} for d in docs}
    named = set().union(*where.values()) if where else set()
    # An organisation name counts as a victim only if some coverage is about it (a title or
    # an address names it): "le plan CaRE", cited everywhere, names no victim.
    keys = {d.id: d.keys(VICTIM_KINDS) | {k for k in d.name_keys()
                                          if k.removeprefix(VICTIM) in named} for d in docs}
    names = {k for ks in keys.values() for k in ks
             if k.startswith(VICTIM) and len(k) >= len(VICTIM) + 6}
    for d in docs:
        keys[d.id] |= {k for k in names if k.removeprefix(VICTIM) in where[d.id]}
    return keys


def _phrases(slug: str, longest: int = 6) -> set[str]:
    """Every run of up to `longest` consecutive words of a slug, as slugs."""
    words = slug.split("-")
    return {"-".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, min(len(words), i + longest) + 1)}


def _join_by_keys(union: _Union, docs: list[DocInfo],
                  keys_of: Callable[[DocInfo], set[str]]) -> None:
    by_key: dict[str, list[DocInfo]] = defaultdict(list)
    for d in docs:
        for key in keys_of(d):
            by_key[key].append(d)
    for _, members in sorted(by_key.items()):
        dated = sorted(members, key=lambda d: (d.published or date.min, d.id))
        for a, b in zip(dated, dated[1:], strict=False):
            if a.published is None or b.published is None or \
                    (b.published - a.published).days <= WINDOW_DAYS:
                union.join(a.id, b.id)


def _describe(members: list[DocInfo]) -> Incident:
    victims: Counter[tuple[str, str]] = Counter()
    regions: Counter[str] = Counter()
    for d in members:
        for _label, text, key, n in d.mentions:
            kind = key.split("/", 1)[0] if "/" in key else ""
            if kind in VICTIM_KINDS:
                victims[(key, text)] += n
            elif kind in REGION_KINDS:
                regions[key.split("/", 1)[1]] += n
    victim = _best_name(victims)
    region = _region_name(max(sorted(regions), key=lambda r: regions[r])) if regions else ""
    dates = sorted(d.published for d in members if d.published)
    official = sorted((d for d in members if d.kind == "official"),
                      key=lambda d: (d.published or date.max, d.id))
    first = official[0] if official else min(members, key=lambda d: (d.published or date.max,
                                                                       d.id))
    subject = victim or (f"services de santé en {region}" if region else first.title[:60])
    month = dates[0].strftime("%Y-%m") if dates else "sans-date"
    return Incident(
        slug=f"{slugify(subject)}-{month}", title=first.title or subject, victim=victim,
        region=region, documents=tuple(sorted(d.id for d in members)),
        first_report=dates[0] if dates else None, last_report=dates[-1] if dates else None,
    )


def _best_name(victims: Counter[tuple[str, str]]) -> str:
    """The most cited victim entity, named by its most frequent (then longest) spelling."""
    if not victims:
        return ""
    per_key: Counter[str] = Counter()
    for (key, _), n in victims.items():
        per_key[key] += n
    key = max(sorted(per_key), key=lambda k: per_key[k])
    names = [(n, len(text), text) for (k, text), n in victims.items() if k == key]
    return max(names)[2]


def _region_name(slug: str) -> str:
    return " ".join(w.capitalize() if w not in ("de", "du", "des", "la") else w
                    for w in slug.replace("-", " ").split()).replace(" ", "-")


def slugify(text: str, limit: int = 60) -> str:
    """ASCII, lower-case, dash-separated slug."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit] or "incident"


def _unique_slugs(incidents: list[Incident]) -> list[Incident]:
    seen: Counter[str] = Counter()
    out = []
    for inc in sorted(incidents, key=lambda i: (i.slug, i.documents)):
        seen[inc.slug] += 1
        slug = inc.slug if seen[inc.slug] == 1 else f"{inc.slug}-{seen[inc.slug]}"
        out.append(Incident(slug, inc.title, inc.victim, inc.region, inc.documents,
                            inc.first_report, inc.last_report))
    return out


def apply_curated(incidents: list[Incident], docs: list[DocInfo],
                  curated: list[Curated]) -> list[Incident]:
    """Rename, merge and re-assign documents as an editor decided."""
    by_url = {d.url: d.id for d in docs}
    members = {i.slug: set(i.documents) for i in incidents}
    meta = {i.slug: i for i in incidents}
    for entry in curated:
        target = members.setdefault(entry.slug, set())
        for slug in entry.merge:
            target |= members.pop(slug, set()) if slug != entry.slug else set()
        moved = {by_url[u] for u in entry.documents if u in by_url}
        for slug, ids in members.items():
            if slug != entry.slug:
                ids -= moved
        target |= moved
    info = {d.id: d for d in docs}
    out = []
    overrides = {c.slug: c for c in curated}
    for slug, ids in sorted(members.items()):
        if not ids:
            continue
        base = meta.get(slug) or _describe([info[i] for i in sorted(ids)])
        override = overrides.get(slug)
        dates = sorted(d for i in ids if (d := info[i].published) is not None)
        out.append(Incident(
            slug=slug, title=(override.title if override and override.title else base.title),
            victim=(override.victim if override and override.victim else base.victim),
            region=base.region, documents=tuple(sorted(ids)),
            first_report=dates[0] if dates else None, last_report=dates[-1] if dates else None,
        ))
    return out


def load_curated(path: Path) -> list[Curated]:
    """Read the curated incidents file; [] when absent. Errors name file and line."""
    if not path.is_file():
        return []
    out = []
    allowed = {"slug", "title", "victim", "merge", "documents"}
    for where, entry in read_tables(path, "incident"):
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            raise ConfigError(f"{where}: each [[incident]] needs a string 'slug'")
        unknown = set(entry) - allowed
        if unknown:
            raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for key in ("merge", "documents"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: '{key}' must be a list of strings")
        out.append(Curated(slug=slugify(entry["slug"]), title=str(entry.get("title", "")),
                           victim=str(entry.get("victim", "")),
                           merge=tuple(entry.get("merge", [])),
                           documents=tuple(entry.get("documents", []))))
    return out
