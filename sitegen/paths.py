"""Where each page lives in the generated docs folder, and its stable anchors.

Ids and slugs come from the store: they are reduced to safe file names here, so that no stored
value ever chooses a path (`../`, `<`, spaces) or an anchor.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitegen.markup import key

HOME = "index.md"
INCIDENTS = "incidents/index.md"
VERIFY = "a-verifier.md"
ENTITIES = "entites.md"
MEDIA = "medias.md"
METHOD = "methodologie.md"
SCALING = "passage-a-l-echelle.md"  # hand-written, docs/
ROBUSTNESS = "robustesse.md"  # hand-written, docs/: what the tests promise
OPEN_DATA = "donnees.md"
FEED_RSS = "flux/a-verifier.xml"
FEED_JSON = "flux/a-verifier.json"
DATA_DIR = "donnees"
ASSETS = "assets/vigie"
OUTLETS = "medias"  # one page per outlet, medias/<slug>.md
GENERATED = (HOME, INCIDENTS, VERIFY, ENTITIES, MEDIA, OPEN_DATA, OUTLETS)

_HEX_ID = re.compile(r"[0-9a-f]{1,64}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # a claim's or document's id is turned into a path on every page
def safe_id(value: str) -> str:  # that links to it (14 times per id at 1 000 articles)
    """A store id as a file name or anchor: hex ids as they are, anything else hashed."""
    return value if _HEX_ID.fullmatch(value) else key(value, "x")


def page_slug(slug: str) -> str:
    """An incident slug as a file name: lower-case ASCII and dashes, hashed when altered."""
    safe = _NOT_SLUG.sub("-", slug.lower()).strip("-")[:60].strip("-")
    return safe if safe and safe == slug else f"{safe or 'incident'}-{key(slug, '')[:8]}"


def article(doc_id: str) -> str:
    """The page of one document (press article or official communiqué)."""
    return f"articles/{safe_id(doc_id)}.md"


def incident(slug: str) -> str:
    """The page of one incident."""
    return f"incidents/{page_slug(slug)}.md"


def incident_feed(slug: str) -> str:
    """The RSS feed of one incident (flagged claims and corrections)."""
    return f"flux/incidents/{page_slug(slug)}.xml"


def outlet(slug: str) -> str:
    """The page of one outlet (a slug made by `outlet_slug`)."""
    return f"medias/{slug}.md"


def outlet_slug(name: str) -> str:
    """An outlet's page name: a key of its name, never the name itself (no stored value
    chooses a path or reaches an address)."""
    return key(name, "m")


def claim_anchor(claim_id: str) -> str:
    """The anchor of a claim on every page showing it: its id, prefixed (ids may start with a
    digit, which CSS selectors do not accept)."""
    return f"c-{safe_id(claim_id)}"
