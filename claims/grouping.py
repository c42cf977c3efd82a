"""Grouping documents by what they say: TF-IDF similarity of their words and names, with a
date penalty, clustered by average linkage.

Real coverage often names no victim a list knows (a third-party payer, a software vendor,
"l'hôpital de X" for "Centre hospitalier Y"); what the articles about one incident share is
their vocabulary: the place, the establishment's own words, the attacker, the counts, the
service that stopped. So each document becomes a TF-IDF vector over

- the folded words of its title (counted thrice) and text, cut to their first 7 letters (a
  cheap stem: "hospitalier"/"hospitaliers", "Villefranche-sur-Saône" → "villefr", "sur",
  "saone"), stop words, words of fewer than 3 letters and the words of establishment names
  that name no one ("centre", "hospitalier", "CHU", "clinique") dropped;
- its named entities (every ORG, LOC, PER, MISC and sector entity the pipeline found, once
  the document names them twice or in its title: a name said once is a passing mention), as
  whole names, so that a multi-word name counts once more than its words.

A vector holds the terms the document shares with others; its norm also counts, with weight
`unique_weight`, the terms it holds alone, so that a short text is not reduced to its few
shared words.

Inverse document frequencies come from the documents being grouped, blended with a
background table of the sector's common words (`claims/data/grouping_background.toml`,
computed from the development incidents of the real corpus): a name every article cites
("CNIL", "ANSSI") weighs little, a place only one incident's coverage names weighs a lot, and
a passing mention of another establishment is one term among hundreds; a small store (the
demo, a test) weighs words as a large one would.

Pairs of documents published further apart than `window_days` have their similarity
multiplied by `far_factor` (an attack and its sanction a year later can still meet when their
texts are close; two attacks on one victim years apart rarely are); when one of the two is
undated, `year_factor` applies if the years they are about differ (`year_of`). Documents of one
syndication cluster start in one group. Average linkage then merges the two closest groups
while their mean pairwise similarity reaches `threshold`.

The parameters are fitted on the real corpus (`python -m claims.corpus --fit`, leave-one-
incident-out over the development incidents) and kept in `claims/data/grouping.toml`.

For large stores only each document's `TOP_TERMS` heaviest terms enter the vectors, so the
sparse similarity matrix stays small; the linkage works on that sparse graph with a heap.
"""

from __future__ import annotations

import heapq
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from core.text import ascii_only, drop_accents

DATA = Path(__file__).resolve().parent / "data" / "grouping.toml"
TOP_TERMS = 80  # heaviest terms kept per document vector
MAX_DF = 200  # terms held by more documents than this (and than MAX_DF_SHARE) pair nobody
MAX_DF_SHARE = 0.05
MIN_PAIR = 0.005  # similarities below this are left out of the linkage
STEM = 7
TITLE_WEIGHT = 3
ENTITY_PREFIX = "§"

STOP_WORDS = frozenset(
    """
les des une dans pour par sur avec est sont qui que quoi dont mais pas plus ont ete etait
etaient aux ces cette son ses leur leurs elle elles ils nous vous tout tous toute toutes aussi
selon apres avant depuis entre sans sous comme deja encore tres peu fait faire avoir etre
chez
cet lors donc alors ainsi meme autres autre cela ceci celle celui ceux leurs votre vos notre
nos quand ete avait avaient sera seront serait pourrait peut peuvent doit doivent
lundi mardi mercredi jeudi vendredi samedi dimanche
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
""".split()
)
_WORD = re.compile(r"[a-z0-9]+")
# Words of establishment names that name no one ("centre hospitalier", "CHU", "clinique"):
# they identify no incident, so they are no grouping term (the names keep them, whole).
INSTITUTION_WORDS = frozenset(
    {
        "centre",
        "hospitalier",
        "hospitaliere",
        "hopital",
        "hopitaux",
        "chu",
        "chi",
        "chr",
        "clinique",
        "cliniques",
        "polyclinique",
        "groupe",
        "groupement",
        "etablissement",
        "institut",
        "universitaire",
        "regional",
        "intercommunal",
        "intercommunale",
        "departemental",
        "prive",
        "privee",
        "public",
    }
)
# Head words dropped from a victim's name ("Hôpital privé de la Loire" → "loire").
HEAD_WORDS = frozenset(
    {
        "centre",
        "hospitalier",
        "hospitaliere",
        "hopital",
        "hopitaux",
        "chu",
        "chi",
        "chr",
        "ch",
        "clinique",
        "groupe",
        "groupement",
        "polyclinique",
        "institut",
        "maternite",
        "ehpad",
        "laboratoire",
        "laboratoires",
        "prive",
        "privee",
        "universitaire",
        "regional",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "intercommunal",
        "intercommunale",
        "departemental",
        "mutuelle",
        "reseau",
        "centres",
        "cliniques",
        "epsm",
        "psychiatrique",
        "etablissement",
        "public",
        "sante",
        "mentale",
        "cancer",
        "lutte",
        "contre",
        "clcc",
        "psychotherapique",
        "specialise",
        "au",
        "aux",
        "imagerie",
        "medicale",
        "radiologie",
        "cabinet",
        "dialyse",
        "dentaire",
        "dentaires",
    }
)


@dataclass(frozen=True)
class Params:
    """The fitted parameters of the grouping."""

    threshold: float
    window_days: int
    far_factor: float
    unique_weight: float = 0.1  # share of a document's own terms (held by no other) in its norm
    year_factor: float = 0.5  # the penalty when one is undated and their years differ


@cache
def fitted() -> Params:
    """The parameters kept in `claims/data/grouping.toml`."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))["grouping"]
    return Params(
        float(raw["threshold"]),
        int(raw["window_days"]),
        float(raw["far_factor"]),
        float(raw["unique_weight"]),
        float(raw["year_factor"]),
    )


@dataclass(frozen=True)
class Item:
    """What the grouping reads of one document."""

    id: str
    title: str
    text: str
    published: date | None
    cluster: str  # syndication cluster
    names: tuple[str, ...] = ()  # named entities (surface forms, any label)


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ELISION = str.maketrans({"’": " ", "‘": " ", "ʼ": " ", "'": " ", "œ": "oe", "Œ": "Oe"})


def fold(text: str) -> str:
    """Lower-case ASCII words: addresses dropped ("https://www.cybermalveillance.gouv.fr/…"
    is the same boilerplate in every notice, not a word of the incident), elisions split
    whatever the apostrophe ("d’une" and "d'une" both give "d une", never "dune"), "œ" as
    "oe"."""
    return ascii_only(drop_accents(_URL.sub(" ", text).translate(_ELISION))).lower()


def terms(item: Item) -> Counter[str]:
    """The item's term counts: stemmed words of title (weighted) and text, whole names."""
    out: Counter[str] = Counter()
    for text, weight in ((item.title, TITLE_WEIGHT), (item.text, 1)):
        for word in _WORD.findall(fold(text)):
            if (
                len(word) >= 3
                and word not in STOP_WORDS
                and word not in INSTITUTION_WORDS
                and not word.isdigit()
            ):
                out[word[:STEM]] += weight
    for name in item.names:
        key = "-".join(_WORD.findall(fold(name)))
        if len(key) >= 3:
            out[ENTITY_PREFIX + key] += 1
    return out


@dataclass(frozen=True)
class Background:
    """Document frequencies of the sector's common words, from real coverage: the prior of
    the inverse document frequency, so that a store of five documents knows "cyberattaque"
    is common and "Brévannes" is not, as a store of thousands would."""

    prior_docs: float
    floor: float  # the prior share of a word the table does not list (names, places)
    share: dict[str, float]

    def idf(self, term: str, df: int, n: int) -> float:
        """log(1/p), p the share of documents holding the term, the local count blended with
        `prior_docs` pseudo-documents of the background."""
        prior = self.share.get(term, self.floor)
        return math.log((n + self.prior_docs) / (df + self.prior_docs * prior))


BACKGROUND = Path(__file__).resolve().parent / "data" / "grouping_background.toml"


@cache
def background() -> Background:
    """The background table kept in `claims/data/grouping_background.toml`."""
    raw = tomllib.loads(BACKGROUND.read_text(encoding="utf-8"))
    return Background(
        float(raw["prior_docs"]),
        float(raw["floor"]),
        {str(k): float(v) for k, v in raw["share"].items()},
    )


def vectors(items: Sequence[Item], unique_weight: float = 0.1) -> list[dict[str, float]]:
    """Unit TF-IDF vectors (log term frequency, idf with the background prior; terms of one
    document only are dropped: they can make no pair), cut to each document's `TOP_TERMS`
    heaviest terms."""
    counts = [terms(i) for i in items]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(items)
    bg = background()
    out = []
    for c in counts:
        weights = {t: (1 + math.log(k)) * bg.idf(t, df[t], n) for t, k in c.items()}
        top = sorted(
            ((t, w) for t, w in weights.items() if df[t] > 1), key=lambda kv: (-kv[1], kv[0])
        )[:TOP_TERMS]
        own = sum(w * w for t, w in weights.items() if df[t] == 1)
        norm = math.sqrt(sum(w * w for _, w in top) + unique_weight * own) or 1.0
        out.append({t: w / norm for t, w in top})
    return out


def similarities(items: Sequence[Item], params: Params) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair sharing a term (i < j), with the date penalty.

    One sparse matrix product (scipy). Terms held by more than `MAX_DF` documents (or
    `MAX_DF_SHARE` of them, if more) take no part in it: they are the sector's common words,
    which weigh little and would make every pair a candidate in a large store. Pairs below
    `MIN_PAIR` are left out (they count as 0 in the average linkage).
    """
    import numpy as np  # here: a run with nothing to group needs neither
    from scipy.sparse import csr_matrix, triu

    vecs = vectors(items, params.unique_weight)
    n = len(items)
    cap = max(MAX_DF, int(MAX_DF_SHARE * n))
    df: Counter[str] = Counter(t for vec in vecs for t in vec)
    vocab = {t: k for k, t in enumerate(sorted(t for t, c in df.items() if c <= cap))}
    rows, cols, vals = [], [], []
    for i, vec in enumerate(vecs):
        for t, w in vec.items():
            if t in vocab:
                rows.append(i)
                cols.append(vocab[t])
                vals.append(w)
    x = csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    product = triu(x @ x.T, k=1).tocoo()
    keep = product.data >= MIN_PAIR
    left, right, sims = product.row[keep], product.col[keep], product.data[keep]
    days = np.array([i.published.toordinal() if i.published else -1 for i in items])
    years = np.array([y if (y := year_of(i)) is not None else -1 for i in items])
    dated = (days[left] >= 0) & (days[right] >= 0)
    far = dated & (np.abs(days[left] - days[right]) > params.window_days)
    other_year = ~dated & (years[left] >= 0) & (years[right] >= 0) & (years[left] != years[right])
    sims = np.where(far, sims * params.far_factor, sims)
    sims = np.where(other_year, sims * params.year_factor, sims)
    return {(int(i), int(j)): float(v) for i, j, v in zip(left, right, sims, strict=True)}


_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")


def year_of(item: Item) -> int | None:
    """The year a document is about: its publication year, else the year its title and text
    name most often (the latest among ties; a passing mention of an older attack is
    outnumbered by the incident's own dates), else None."""
    if item.published is not None:
        return item.published.year
    counts = Counter(int(y) for y in _YEAR.findall(f"{item.title}\n{item.text}"))
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def cluster(
    items: Sequence[Item],
    params: Params | None = None,
    sims: dict[tuple[int, int], float] | None = None,
) -> list[list[str]]:
    """Groups of item ids (each sorted, groups sorted by first id). Independent of the order
    of `items`."""
    params = params or fitted()
    items = sorted(items, key=lambda i: i.id)
    if sims is None:
        sims = similarities(items, params)
    # Start from syndication clusters.
    parent = list(range(len(items)))
    first: dict[str, int] = {}
    for k, item in enumerate(items):
        parent[k] = first.setdefault(item.cluster, k)
    members: dict[int, list[int]] = defaultdict(list)
    for k in range(len(items)):
        members[parent[k]].append(k)
    total: dict[int, dict[int, float]] = defaultdict(dict)  # cluster → cluster → sum of sims
    for (i, j), s in sims.items():
        a, b = parent[i], parent[j]
        if a != b:
            total[a][b] = total[a].get(b, 0.0) + s
            total[b][a] = total[b].get(a, 0.0) + s
    heap = [
        (-s / (len(members[a]) * len(members[b])), a, b)
        for a, row in total.items()
        for b, s in row.items()
        if a < b
    ]
    heapq.heapify(heap)
    alive = set(members)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in alive or b not in alive:
            continue
        current = total[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + neg) > 1e-12:
            continue  # stale entry: a newer one for this pair is in the heap
        if current < params.threshold:
            break
        # merge b into a
        members[a].extend(members.pop(b))
        alive.discard(b)
        row_b = total.pop(b)
        row_b.pop(a, None)
        total[a].pop(b, None)
        for c, s in row_b.items():
            total[c].pop(b, None)
            total[a][c] = total[a].get(c, 0.0) + s
            total[c][a] = total[a][c]
        for c, s in total[a].items():
            lo, hi = min(a, c), max(a, c)
            heapq.heappush(heap, (-s / (len(members[a]) * len(members[c])), lo, hi))
    groups = [sorted(items[k].id for k in ks) for ks in members.values()]
    return sorted(groups)
