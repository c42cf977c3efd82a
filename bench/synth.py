"""A synthetic corpus for the benchmarks, served from loopback: many incidents, outlets, hosts.

`corpus(n)` builds, deterministically from a seed, n French documents of realistic length
(press articles of 400 to 900 words, official communiqués of 250 to 450) about health-sector
cyber incidents: hospitals, CHU, clinics and GRADeS in cities of every region, each incident
covered by about 25 articles from many outlets and one or two communiqués (ARS, the victim).
Sentences come from templates with alternatives, so that no two articles share long word runs
by accident; press articles round, inflate or drop the hedges of the official figures.

Every outlet or official body is a host of its own: `LoopbackWeb` serves each host on its own
loopback address (127.0.N.M: Linux routes all of 127.0.0.0/8 to the loopback interface), with
a permissive robots.txt, one RSS feed per host, pages with site furniture, and ETag /
Last-Modified validators (a conditional GET of an unchanged file answers 304). So the client
really opens connections to distinct hosts and paces each one.

`LoopbackWeb.edit(url, text)` changes a page's text in place (a silent edit, same URL).
"""

from __future__ import annotations

import hashlib
import http.server
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

from sitegen.markup import MONTHS  # French month names, as the site writes dates

REGIONS = {
    "Normandie": (
        "Rouen",
        "Caen",
        "Le Havre",
        "Cherbourg",
        "Évreux",
        "Alençon",
        "Dieppe",
        "Lisieux",
    ),
    "Hauts-de-France": (
        "Lille",
        "Amiens",
        "Roubaix",
        "Dunkerque",
        "Calais",
        "Beauvais",
        "Valenciennes",
        "Arras",
    ),
    "Bretagne": (
        "Rennes",
        "Brest",
        "Quimper",
        "Vannes",
        "Lorient",
        "Saint-Malo",
        "Morlaix",
        "Saint-Brieuc",
    ),
    "Occitanie": (
        "Toulouse",
        "Montpellier",
        "Nîmes",
        "Perpignan",
        "Béziers",
        "Albi",
        "Tarbes",
        "Rodez",
    ),
    "Grand Est": ("Strasbourg", "Reims", "Metz", "Nancy", "Mulhouse", "Colmar", "Troyes", "Épinal"),
    "Nouvelle-Aquitaine": (
        "Bordeaux",
        "Limoges",
        "Poitiers",
        "Pau",
        "La Rochelle",
        "Angoulême",
        "Périgueux",
        "Bayonne",
    ),
    "Auvergne-Rhône-Alpes": (
        "Lyon",
        "Grenoble",
        "Clermont-Ferrand",
        "Annecy",
        "Valence",
        "Chambéry",
        "Roanne",
        "Vichy",
    ),
    "Provence-Alpes-Côte d'Azur": (
        "Marseille",
        "Nice",
        "Toulon",
        "Avignon",
        "Aix-en-Provence",
        "Gap",
        "Arles",
        "Cannes",
    ),
    "Pays de la Loire": (
        "Nantes",
        "Angers",
        "Le Mans",
        "Saint-Nazaire",
        "Cholet",
        "Laval",
        "La Roche-sur-Yon",
        "Saumur",
    ),
    "Centre-Val de Loire": (
        "Orléans",
        "Tours",
        "Bourges",
        "Blois",
        "Chartres",
        "Châteauroux",
        "Vierzon",
        "Dreux",
    ),
    "Bourgogne-Franche-Comté": (
        "Dijon",
        "Besançon",
        "Auxerre",
        "Chalon-sur-Saône",
        "Nevers",
        "Belfort",
        "Mâcon",
        "Dole",
    ),
    "Île-de-France": (
        "Paris",
        "Créteil",
        "Versailles",
        "Argenteuil",
        "Saint-Denis",
        "Montreuil",
        "Évry",
        "Pontoise",
    ),
    "Corse": (
        "Ajaccio",
        "Bastia",
        "Porto-Vecchio",
        "Calvi",
        "Corte",
        "Propriano",
        "Ghisonaccia",
        "Sartène",
    ),
}
GRADES = {
    "Normandie": "Normand'e-Santé",
    "Hauts-de-France": "Santé Numérique",
    "Bretagne": "GCS e-Santé Bretagne",
    "Occitanie": "e-santé Occitanie",
    "Grand Est": "Pulsy",
    "Nouvelle-Aquitaine": "ESEA Nouvelle-Aquitaine",
    "Auvergne-Rhône-Alpes": "SARA",
    "Provence-Alpes-Côte d'Azur": "ieSS",
    "Pays de la Loire": "GCS e-santé Pays de la Loire",
    "Centre-Val de Loire": "e-Santé Centre-Val de Loire",
    "Bourgogne-Franche-Comté": "GRADeS BFC",
    "Île-de-France": "SESAN",
    "Corse": "GRADeS Corse",
}
CLINICS = (
    "Saint-Joseph",
    "des Cèdres",
    "du Parc",
    "Pasteur",
    "Sainte-Anne",
    "des Lilas",
    "Jeanne-d'Arc",
    "du Val",
)
ATTACKERS = ("LockBit", "Rhysida", "BlackCat", "Medusa", "Akira", "Play", "Qilin", "Hunters")
METHODS = (
    "un rançongiciel",
    "un courriel d'hameçonnage",
    "des identifiants volés à un prestataire",
    "une faille d'un logiciel de téléconsultation",
    "un accès VPN compromis",
    "le compte d'un soignant usurpé",
)
DATA = (
    "les noms et prénoms",
    "les dates de naissance",
    "les adresses postales",
    "les numéros de téléphone",
    "les adresses électroniques",
    "les numéros de sécurité sociale",
    "les mutuelles des patients",
    "les résultats d'examens",
    "des comptes rendus d'hospitalisation",
    "des ordonnances",
)
FIRST = (
    "Claire",
    "Thomas",
    "Julie",
    "Nicolas",
    "Sophie",
    "Marc",
    "Camille",
    "Laurent",
    "Nadia",
    "Pierre",
    "Hélène",
    "Karim",
)
LAST = (
    "Martin",
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Fournier",
    "Girard",
    "Lambert",
    "Bonnet",
    "Mercier",
    "Faure",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
OUTLET_WORDS = (
    "Courrier",
    "Écho",
    "Journal",
    "Dépêche",
    "Républicain",
    "Progrès",
    "Réveil",
    "Petit Matin",
    "Info",
    "Quotidien",
    "Gazette",
    "Télégramme",
)

# Templates: "[a|b]" picks one alternative; "{slot}" is filled from the incident and article.
LEADS = (
    "[Le|Ce] {weekday} {day}, {victim} a [annoncé|confirmé|révélé] avoir été [la cible|victime]"
    " d'une cyberattaque [ayant conduit à|suivie d'] une fuite de données de patients.",
    "[Coup dur pour|Nouvelle alerte à] {victim} : [une cyberattaque|une attaque informatique]"
    " [a touché|a paralysé|a visé] [ses serveurs|son système d'information] [le|ce] {weekday}"
    " {day}.",
    "{victim} [fait face à|subit] depuis [le|ce] {weekday} {day} [une cyberattaque|un"
    " piratage] [d'ampleur|sérieux] qui [a exposé|aurait exposé] des données de santé.",
)
FACTS = (
    "[Selon|D'après] {source}, [les données de|les informations concernant] {count_press}"
    " patients [ont été dérobées|auraient été copiées|ont fuité].",
    "[Au total,|En tout,] {count_press} [dossiers|patients] [seraient|sont] [concernés|touchés]"
    " par [cette fuite|ce vol de données], [indique|précise] {source}.",
    "Les [pirates|attaquants|cybercriminels] ont [pu accéder à|dérobé|copié] {data}"
    " [de milliers de patients|des patients suivis dans l'établissement].",
    "[L'intrusion|L'attaque] [aurait débuté|a commencé] [le|dès le] {start_day}, [selon|d'après]"
    " [les premières investigations|l'enquête interne].",
    "[Les enquêteurs|Les experts mandatés] [évoquent|privilégient la piste d'] {method}.",
    "[La revendication est venue|L'attaque a été revendiquée] [par le groupe|par] {attacker},"
    " [qui réclame|qui exigerait] une rançon de {ransom} euros.",
    "[Une plainte a été déposée|L'établissement a porté plainte] [auprès du parquet de Paris|"
    "auprès de la section cyber du parquet], et la CNIL a été [notifiée|informée].",
    "[L'ANSSI|Le CERT Santé] [accompagne|assiste] {victim_short} [dans la remédiation|pour"
    " rétablir les systèmes].",
    "[Des opérations ont été déprogrammées|Certaines consultations ont été reportées] et"
    " [les urgences|le service des urgences] [fonctionnent|ont fonctionné] en mode dégradé"
    " [pendant plusieurs jours|durant {n_days} jours].",
    "[Les patients concernés|Les personnes touchées] [seront|vont être] [informés|prévenus]"
    " [par courrier|individuellement] [dans les prochains jours|d'ici {n_days} jours].",
)
QUOTES = (
    "« [Nous avons immédiatement|Nous avons aussitôt] [isolé|coupé] les serveurs touchés »,"
    " [explique|assure|a déclaré] {person}, [directeur|directrice] {role} de"
    " {victim_short}.",
    "« [La continuité des soins|La prise en charge des patients] [est assurée|n'a jamais été"
    " interrompue] », [a tenu à rassurer|insiste] {person}.",
    "« [Il est trop tôt|Il serait prématuré] pour [chiffrer|mesurer] [l'ampleur|l'étendue]"
    " [du vol|de la fuite] », [estime|tempère] {person}, [chargé|chargée] de la sécurité"
    " informatique.",
)
CONTEXT = (
    "[Les établissements de santé|Les hôpitaux français] [sont devenus|restent] des [cibles"
    " privilégiées|proies faciles] pour les [groupes de rançongiciel|cybercriminels], qui"
    " [misent sur|comptent sur] [l'urgence des soins|la pression sur les soignants].",
    "[En {prev_year},|L'an dernier,] [plusieurs dizaines|une trentaine] d'établissements"
    " [avaient signalé|ont déclaré] des incidents [graves|de sécurité] à l'agence du numérique"
    " en santé.",
    "[Le plan CaRE|Le programme national de cybersécurité] [prévoit|finance] [des exercices de"
    " crise|le renforcement des sauvegardes] dans [les hôpitaux|les groupements hospitaliers]"
    " de la région {region}.",
    "[Pour rappel,|Rappelons qu'] [aucun établissement|aucun hôpital] ne [demande|réclame]"
    " [de coordonnées bancaires|de mot de passe] par [courriel|SMS|téléphone].",
    "[Les spécialistes|Les experts en cybersécurité] [conseillent|recommandent] aux patients"
    " de [se méfier des messages|rester vigilants face aux messages] [se réclamant|se"
    " présentant comme venant] de {victim_short}.",
    "[À {city},|Dans l'agglomération de {city},] [les patients|les habitants] [s'interrogent"
    " sur|s'inquiètent de] [la sécurité|la confidentialité] de leurs [données|dossiers].",
    "[Les syndicats|Les représentants du personnel] [dénoncent|pointent] [un manque de"
    " moyens|le sous-investissement] [dans l'informatique hospitalière|dans la sécurité des"
    " systèmes].",
    "[La|Cette] [cyberattaque|attaque] [rappelle|fait écho à] [celle qui avait frappé|l'incident"
    " survenu à] [un autre établissement|un hôpital voisin] [il y a|voici] {n_months} mois.",
    "[Les équipes informatiques|Les techniciens] [travaillent|sont mobilisés] [jour et nuit|sans"
    " relâche] pour [restaurer|reconstruire] [les sauvegardes|les applications métier].",
    "[Le|La] [maire de {city}|présidente du conseil de surveillance] [a demandé|réclame]"
    " [toute la transparence|des explications] sur [l'incident|cette fuite].",
    "[Les médecins|Les soignants] [ont dû|ont été contraints de] [revenir au papier|travailler"
    " avec des dossiers papier] [pendant|durant] [plusieurs jours|{n_days} jours].",
    "[Une cellule de crise|Un dispositif de crise] [a été activé|a été mis en place] [avec|en"
    " lien avec] l'agence régionale de santé {region_de}.",
    "[Le laboratoire|Le service de radiologie] [a été|aurait été] [particulièrement|plus"
    " durement] [touché|affecté] par [l'indisponibilité|la coupure] des [logiciels|systèmes].",
    "[Les données volées|Ces informations] [pourraient|risquent de] [être revendues|circuler]"
    " sur le dark web [dans les semaines à venir|à brève échéance].",
    "[La direction|L'établissement] [a ouvert|met à disposition] [une ligne|un numéro]"
    " [d'information|d'écoute] pour [répondre aux questions|rassurer] des patients.",
    "[Le ministère de la Santé|Le ministère] [suit|surveille] [la situation|le dossier] [de"
    " près|avec attention], [selon|d'après] [un conseiller|une source proche du dossier].",
)
HEDGES = ("à ce stade des investigations", "selon les premiers éléments", "a priori")


@dataclass
class Page:
    """One served file."""

    body: bytes
    content_type: str
    modified: datetime

    @property
    def etag(self) -> str:
        """Strong validator of the body."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Host:
    """An outlet or official body on its own loopback address."""

    name: str
    kind: str  # press | official
    address: str  # 127.0.N.M
    region: str
    pages: dict[str, Page] = field(default_factory=dict)  # path -> page
    items: list[dict[str, Any]] = field(default_factory=list)  # feed items
    port: int = 0

    @property
    def origin(self) -> str:
        """http://address:port (the port is known once the server listens)."""
        return f"http://{self.address}:{self.port}"


@dataclass
class Incident:
    """One synthetic incident: who, where, when, and the official facts."""

    number: int
    victim: str
    victim_short: str
    city: str
    region: str
    day: datetime
    count: int
    data: tuple[str, ...]
    attacker: str
    method: str
    ransom: int


class Grammar:
    """Fills templates: alternatives in [a|b], slots in {name}."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, slots: dict[str, str]) -> str:
        out, i = [], 0
        while i < len(template):
            if template[i] == "[":
                end = template.index("]", i)
                out.append(self.rng.choice(template[i + 1 : end].split("|")))
                i = end + 1
            else:
                out.append(template[i])
                i += 1
        text = "".join(out).format(**slots)
        text = text.replace("de le ", "du ").replace("à le ", "au ").replace("de les ", "des ")
        return text[0].upper() + text[1:]


def _french_day(day: datetime) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f") if n >= 10000 else str(n)


def _incidents(rng: random.Random, count: int) -> list[Incident]:
    """`count` incidents; incidents of one region are 60 days apart (their coverage lasts a
    week), more than the 45-day window in which a shared regional authority joins documents:
    only the victim and the dates tie documents together."""
    regions = list(REGIONS)
    base = datetime(2021, 1, 4, 8, 0, tzinfo=UTC)
    out = []
    for i in range(count):
        region = regions[i % len(regions)]
        round_, city = divmod(i // len(regions), len(REGIONS[region]))
        town = REGIONS[region][city]
        kind = (i // len(regions) + round_) % 4
        suffix = f" {round_ + 1}" if round_ and kind == 3 else ""
        victim, short = {
            0: (f"le centre hospitalier de {town}", f"l'hôpital de {town}"),
            1: (f"le CHU de {town}", f"le CHU de {town}"),
            2: (
                f"la clinique {CLINICS[(i + round_) % len(CLINICS)]} de {town}",
                f"la clinique de {town}",
            ),
            3: (f"le groupement hospitalier de {town}{suffix}", f"le groupement de {town}"),
        }[kind]
        if i % 29 == 5:
            victim = short = f"le GRADeS {GRADES[region]}"
        day = base + timedelta(days=60 * (i // len(regions)) + 3 * (i % len(regions)))
        out.append(
            Incident(
                number=i,
                victim=victim,
                victim_short=short,
                city=town,
                region=region,
                day=day,
                count=rng.choice((1200, 4800, 12600, 35000, 126000, 750000))
                + 100 * rng.randrange(9),
                data=tuple(sorted(rng.sample(DATA, rng.randint(2, 4)))),
                attacker=rng.choice(ATTACKERS),
                method=rng.choice(METHODS),
                ransom=rng.choice((50000, 300000, 1000000, 2000000)),
            )
        )
    return out


def _slots(rng: random.Random, inc: Incident, published: datetime, press: bool) -> dict[str, str]:
    count = inc.count
    if press and rng.random() < 0.2:
        count *= 10  # an inflated figure
    elif press and rng.random() < 0.3:
        count = round(count, -3) or count
    start = inc.day - timedelta(days=rng.randint(1, 4))
    return {
        "victim": inc.victim,
        "victim_short": inc.victim_short,
        "city": inc.city,
        "region": inc.region,
        "region_de": f"de {inc.region}" if inc.region[0] not in "AÎEO" else f"d'{inc.region}",
        "weekday": WEEKDAYS[published.weekday()],
        "day": f"{published.day} {MONTHS[published.month - 1]}",
        "start_day": _french_day(start),
        "count_press": _number(count),
        "data": ", ".join(inc.data[:-1]) + " et " + inc.data[-1],
        "method": inc.method,
        "attacker": inc.attacker,
        "ransom": _number(inc.ransom),
        "source": rng.choice(
            (
                "la direction",
                "l'agence régionale de santé",
                "nos informations",
                "une source syndicale",
                "le parquet",
            )
        ),
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "role": rng.choice(("général", "du numérique", "des systèmes d'information")),
        "n_days": str(rng.randint(2, 12)),
        "n_months": str(rng.randint(2, 18)),
        "prev_year": str(inc.day.year - 1),
    }


def press_text(rng: random.Random, inc: Incident, published: datetime) -> str:
    """An article of 400 to 900 words: lead, facts, quotes and context, in paragraphs."""
    g = Grammar(rng)
    slots = _slots(rng, inc, published, press=True)
    target = rng.randint(400, 900)
    paragraphs = [g.fill(rng.choice(LEADS), slots)]
    facts = rng.sample(FACTS, rng.randint(5, len(FACTS)))
    pool = [*rng.sample(CONTEXT, len(CONTEXT)), *rng.sample(QUOTES, len(QUOTES))]
    sentences = [g.fill(t, slots) for t in facts]
    words = sum(len(p.split()) for p in paragraphs + sentences)
    while words < target:
        template = pool[len(sentences) % len(pool)] if pool else rng.choice(CONTEXT)
        sentence = g.fill(template, {**slots, **_slots(rng, inc, published, press=True)})
        sentences.insert(rng.randint(len(facts) // 2, len(sentences)), sentence)
        words += len(sentence.split())
    while sentences:
        take = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return "\n\n".join(paragraphs)


def official_text(rng: random.Random, inc: Incident, published: datetime, body: str) -> str:
    """A communiqué of 250 to 450 words stating the facts, with the official hedges."""
    hedge = rng.choice(HEDGES)
    data = ", ".join(inc.data[:-1]) + " et " + inc.data[-1]
    start = inc.day - timedelta(days=2)
    paras = [
        f"{body} informe que {inc.victim} a détecté le {_french_day(start)} une intrusion dans"
        f" son système d'information. Une cyberattaque par {inc.method} est à l'origine de"
        f" l'incident.",
        f"{hedge[0].upper()}{hedge[1:]}, les données de {_number(inc.count)} patients sont"
        f" concernées. Il s'agit de {data}. Aucune donnée bancaire n'est concernée.",
        "L'établissement a déposé plainte auprès du parquet de Paris et a notifié la CNIL."
        " L'ANSSI et le CERT Santé accompagnent les équipes. Les patients concernés seront"
        " informés individuellement.",
        f"La continuité des soins est assurée. Certaines consultations ont été reportées"
        f" pendant {rng.randint(2, 6)} jours.",
    ]
    g = Grammar(rng)
    slots = _slots(rng, inc, published, press=False)
    extra = [t for t in CONTEXT if "{city}" not in t]
    words = sum(len(p.split()) for p in paras)
    target = rng.randint(250, 450)
    while words < target:
        sentence = g.fill(rng.choice(extra), slots)
        paras.insert(-1, sentence)
        words += len(sentence.split())
    return "\n\n".join(paras)


def _slug(text: str, n: int) -> str:
    keep = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower())
    return "-".join(p for p in keep.split("-") if p)[:60] + f"-{n}"


def _html(host: Host, title: str, text: str, published: datetime) -> bytes:
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    nav = "".join(
        f'<li><a href="/{s}/">{s.capitalize()}</a></li>'
        for s in ("actualites", "sante", "region", "sport", "agenda")
    )
    stamp = published.isoformat()
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}'
        f" - {escape(host.name)}</title>\n"
        f'<meta property="og:title" content="{escape(title)}">\n'
        f'<meta property="article:published_time" content="{stamp}">\n</head>\n<body>\n'
        f'<header><p class="site-title">{escape(host.name)}</p><nav><ul>{nav}</ul></nav>'
        f"</header>\n<main><article><h1>{escape(title)}</h1>\n"
        f'<p class="meta">Publié le <time datetime="{stamp}">{_french_day(published)}</time>'
        f"</p>\n{paras}\n</article>\n"
        f'<aside><h2>À lire aussi</h2><ul><li><a href="/sport/">Le club local s\'impose</a></li>'
        f'<li><a href="/agenda/">Les sorties du week-end</a></li></ul></aside></main>\n'
        f"<footer><p>© {published.year} {escape(host.name)} · Mentions légales · Contact</p>"
        f"</footer>\n</body></html>\n"
    ).encode()


def _rss(host: Host) -> bytes:
    items = []
    for item in sorted(host.items, key=lambda i: (i["published"], i["link"]), reverse=True):
        items.append(
            f"<item><title>{escape(item['title'])}</title><link>{host.origin}{item['link']}"
            f"</link><guid>{host.origin}{item['link']}</guid>"
            f"<pubDate>{format_datetime(item['published'])}</pubDate></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(host.name)}</title><link>{host.origin}/</link>"
        f"<description>Actualités</description><language>fr</language>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    ).encode("utf-8")


@dataclass
class Corpus:
    """The hosts with their pages; `documents` is the number of article pages."""

    hosts: list[Host]
    incidents: list[Incident]
    documents: int

    def feeds(self) -> list[str]:
        """Every feed URL (hosts must be listening: the port is part of the URL)."""
        return [f"{h.origin}/rss.xml" for h in self.hosts]

    def sources_toml(self, disabled: list[str]) -> str:
        """A registry overlay: every host as a source, the given shipped sources disabled."""
        lines = []
        for name in disabled:
            lines += ["[[source]]", f"name = {_toml(name)}", "enabled = false", ""]
        for h in self.hosts:
            lines += [
                "[[source]]",
                f"name = {_toml(h.name)}",
                f'kind = "{h.kind}"',
                f'feeds = ["{h.origin}/rss.xml"]',
                f'domains = ["{h.address}"]',
                f"region = {_toml(h.region)}",
                f'homepage = "{h.origin}/"',
                "",
            ]
        return "\n".join(lines)


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def corpus(documents: int, *, seed: int = 2025, hosts: int | None = None) -> Corpus:
    """`documents` pages (about 1 in 13 official) over about documents/25 incidents, on
    `hosts` hosts (default documents/20, between 50 and 200), of which one in eight official
    (at least one per region: a communiqué comes from the incident's regional agency).
    Hosts get the loopback addresses 127.0.10.1, 127.0.10.2…"""
    rng = random.Random(seed)
    n_hosts = hosts or max(50, min(200, documents // 20))
    n_official = max(len(REGIONS), n_hosts // 8)
    regions = list(REGIONS)
    all_hosts = []
    for h in range(n_hosts):
        region = regions[h % len(regions)]
        where = f"127.0.{10 + h // 250}.{1 + h % 250}"
        if h < n_official:
            name = f"ARS {region} (synthèse {h // len(regions) + 1})"
            all_hosts.append(Host(name, "official", where, region))
        else:
            word = OUTLET_WORDS[h % len(OUTLET_WORDS)]
            name = f"Le {word} de {REGIONS[region][h % 8]} (synthèse {h})"
            all_hosts.append(Host(name, "press", where, "" if h % 5 == 0 else region))
    officials = [h for h in all_hosts if h.kind == "official"]
    press = [h for h in all_hosts if h.kind == "press"]
    incidents = _incidents(rng, max(1, round(documents / 25)))
    made = 0
    for n in range(documents):
        inc = incidents[n % len(incidents)]
        rank = n // len(incidents)  # 0, 1, ... within the incident
        published = inc.day + timedelta(
            hours=6 + 7 * rank + rng.randint(0, 5), minutes=rng.randint(0, 59)
        )
        if rank in (0, 13):  # one or two communiqués per incident
            regional = [h for h in officials if h.region == inc.region]
            host = regional[(inc.number + rank) % len(regional)]
            title = (
                f"Communiqué : cyberattaque visant {inc.victim}"
                if rank == 0
                else f"Point de situation sur la cyberattaque visant {inc.victim}"
            )
            text = official_text(rng, inc, published, host.name.split(" (")[0])
        else:
            host = press[(inc.number * 7 + rank * 3) % len(press)]
            title = Grammar(rng).fill(
                rng.choice(
                    (
                        "Cyberattaque à {city} : [des données de patients dérobées|les patients"
                        " inquiets]",
                        "{victim_short} [visé par|victime d'] une cyberattaque",
                        "Fuite de données [à|chez] {victim_short} : ce que l'on sait",
                        "[Piratage|Cyberattaque] : {count_press} patients [concernés|touchés]"
                        " à {city}",
                    )
                ),
                _slots(rng, inc, published, press=True),
            )
            text = press_text(rng, inc, published)
        path = f"/{published:%Y/%m}/{_slug(title, n)}.html"
        host.pages[path] = Page(
            _html(host, title, text, published), "text/html; charset=utf-8", published
        )
        host.items.append({"title": title, "link": path, "published": published})
        made += 1
    for host in all_hosts:
        host.pages["/robots.txt"] = Page(
            b"User-agent: *\nAllow: /\n", "text/plain", datetime(2021, 1, 1, tzinfo=UTC)
        )
    return Corpus(all_hosts, incidents, made)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        host = self.server.host
        path = self.path.split("?", 1)[0]
        if path == "/rss.xml":
            page = Page(
                _rss(host),
                "application/rss+xml; charset=utf-8",
                max((i["published"] for i in host.items), default=datetime(2021, 1, 1, tzinfo=UTC)),
            )
        else:
            found = host.pages.get(path)
            if found is None:
                self._send(404, b"not found", "text/plain", {})
                return
            page = found
        if self.headers.get("If-None-Match") == page.etag:
            self._send(304, b"", page.content_type, {"ETag": page.etag})
            return
        self._send(
            200,
            page.body,
            page.content_type,
            {"ETag": page.etag, "Last-Modified": format_datetime(page.modified, True)},
        )

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: Host) -> None:
        self.host = host
        super().__init__((host.address, host.port), _Handler)


class LoopbackWeb:
    """Serves a corpus, one server per host address, in background threads."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._servers: list[_Server] = []

    def __enter__(self) -> LoopbackWeb:
        for host in self.corpus.hosts:
            server = _Server(host)
            host.port = int(server.server_address[1])
            # Feed items are host-relative until the port is known.
            self._servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def urls(self) -> list[str]:
        """Every article URL."""
        return [f"{h.origin}{p}" for h in self.corpus.hosts for p in h.pages if p.endswith(".html")]

    def edit(self, url: str, old: str, new: str) -> None:
        """Replace `old` by `new` in the page at `url` (a silent edit at the same address)."""
        for host in self.corpus.hosts:
            if url.startswith(host.origin + "/"):
                page = host.pages[url[len(host.origin) :]]
                body = page.body.decode("utf-8")
                assert escape(old) in body, f"{old!r} not in {url}"
                page.body = body.replace(escape(old), escape(new)).encode("utf-8")
                page.modified = page.modified + timedelta(days=1)
                return
        raise KeyError(url)


def write_sources(corpus: Corpus, data_dir: Path) -> Path:
    """DATA_DIR/sources.toml: the corpus hosts as the only enabled sources."""
    from scraper.sources import load_registry

    shipped = [s.name for s in load_registry()]
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / "sources.toml"
    target.write_text(corpus.sources_toml(shipped), encoding="utf-8")
    return target


def words(corpus: Corpus) -> list[int]:
    """Word count of each article's text (for the description of a run)."""
    import re

    counts = []
    for host in corpus.hosts:
        for path, page in host.pages.items():
            if path.endswith(".html"):
                paras = re.findall(r"<p>(.*?)</p>", page.body.decode("utf-8"), re.S)
                counts.append(sum(len(p.split()) for p in paras))
    return counts
