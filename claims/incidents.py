"""Incidents: documents grouped by what they say (`claims.grouping`), described by their
victim, region and dates; the curated file lets editors fix the rest.

Automatic grouping is content-based (TF-IDF over words and named entities, a date penalty,
average linkage with fitted parameters): it does not depend on a list knowing the victim's
name. An optional curated file (`DATA_DIR/incidents.toml`) names incidents, merges automatic
ones and moves documents by URL. A malformed file names file and line and is not applied.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from claims import grouping
from core.errors import ConfigError
from core.text import slugify
from core.tomlfile import read_tables

VICTIM_KINDS = ("hospital", "group", "grades", "clinic", "lab", "insurer", "health")
REGION_KINDS = ("ars", "region")
# French regions (current and pre-2016 names), matched against place entities.
REGIONS = (
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
    "Alsace",
    "Lorraine",
    "Picardie",
    "Nord-Pas-de-Calais",
    "Aquitaine",
    "Limousin",
    "Poitou-Charentes",
    "Languedoc-Roussillon",
    "Midi-Pyrénées",
    "Champagne-Ardenne",
    "Basse-Normandie",
    "Haute-Normandie",
    "Rhône-Alpes",
    "Auvergne",
    "Bourgogne",
    "Franche-Comté",
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
    text: str = ""

    def item(self) -> grouping.Item:
        """What the content grouping reads: title, text, date, cluster and every named
        entity, plus the victim's name without head words ("centre hospitalier de
        Brévannes" and "hôpital de Brévannes" share "brevannes")."""
        title = incident_slug(self.title, 300)
        # A name said once, and not in the title, is a passing mention ("comme le CHU de Rouen
        # en 2023"): its words count, but it adds no name term of its own.
        named = [
            (label, text, key)
            for label, text, key, n in self.mentions
            if n >= 2 or f"-{incident_slug(text, 300)}-" in f"-{title}-"
        ]
        names = [text for _, text, _ in named]
        names += [
            VICTIM + name
            for label, text, key in named
            if label in VICTIM_LABELS or key.split("/", 1)[0] in VICTIM_KINDS
            if len(name := victim_name(text)) >= 4
        ]
        return grouping.Item(
            self.id, self.title, self.text, self.published, self.cluster, tuple(sorted(set(names)))
        )


VICTIM = "victim/"  # prefix of a victim's name without head words, as a grouping term
VICTIM_LABELS = ("ORG", "HEALTH_ORG")


HEAD_WORDS = grouping.HEAD_WORDS


def victim_name(text: str) -> str:
    """A victim's name without head words: 'Hôpital privé de la Loire' → 'loire'."""
    words = [w for w in incident_slug(text).split("-") if w and w not in HEAD_WORDS]
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


def group(
    docs: list[DocInfo], curated: list[Curated] | None = None, params: grouping.Params | None = None
) -> list[Incident]:
    """Incidents of a set of documents, sorted by slug (independent of the input order)."""
    docs = sorted(docs, key=lambda d: d.id)
    info = {d.id: d for d in docs}
    groups = grouping.cluster([d.item() for d in docs], params)
    incidents = [_describe([info[i] for i in ids]) for ids in groups]
    incidents = _unique_slugs(incidents)
    return apply_curated(incidents, docs, curated or [])


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
    official = sorted(
        (d for d in members if d.kind == "official"), key=lambda d: (d.published or date.max, d.id)
    )
    first = official[0] if official else min(members, key=lambda d: (d.published or date.max, d.id))
    subject = victim or (f"services de santé en {region}" if region else first.title[:60])
    month = dates[0].strftime("%Y-%m") if dates else "sans-date"
    return Incident(
        slug=f"{incident_slug(subject)}-{month}",
        title=first.title or subject,
        victim=victim,
        region=region,
        documents=tuple(sorted(d.id for d in members)),
        first_report=dates[0] if dates else None,
        last_report=dates[-1] if dates else None,
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
    return " ".join(
        w.capitalize() if w not in ("de", "du", "des", "la") else w
        for w in slug.replace("-", " ").split()
    ).replace(" ", "-")


def incident_slug(text: str, limit: int = 60) -> str:
    """ASCII, lower-case, dash-separated slug of an incident (part of its page's address):
    `core.text.slugify`'s ASCII rule, at most `limit` characters, "incident" when empty."""
    return slugify(text, ascii_fold=True, limit=limit, empty="incident")


def _unique_slugs(incidents: list[Incident]) -> list[Incident]:
    seen: Counter[str] = Counter()
    out = []
    for inc in sorted(incidents, key=lambda i: (i.slug, i.documents)):
        seen[inc.slug] += 1
        slug = inc.slug if seen[inc.slug] == 1 else f"{inc.slug}-{seen[inc.slug]}"
        out.append(
            Incident(
                slug,
                inc.title,
                inc.victim,
                inc.region,
                inc.documents,
                inc.first_report,
                inc.last_report,
            )
        )
    return out


def apply_curated(
    incidents: list[Incident], docs: list[DocInfo], curated: list[Curated]
) -> list[Incident]:
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
        out.append(
            Incident(
                slug=slug,
                title=(override.title if override and override.title else base.title),
                victim=(override.victim if override and override.victim else base.victim),
                region=base.region,
                documents=tuple(sorted(ids)),
                first_report=dates[0] if dates else None,
                last_report=dates[-1] if dates else None,
            )
        )
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
        out.append(
            Curated(
                slug=incident_slug(entry["slug"]),
                title=str(entry.get("title", "")),
                victim=str(entry.get("victim", "")),
                merge=tuple(entry.get("merge", [])),
                documents=tuple(entry.get("documents", [])),
            )
        )
    return out
