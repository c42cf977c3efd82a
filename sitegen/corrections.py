"""Silent edits: claims that changed or vanished when their article was revised at the same URL.

A claim's id hashes its normalised text, so a corrected figure ("126 000" become "12 600")
makes a new claim in the new revision while the old one is marked `vanished`. Here each
claim that vanished from a later revision is paired with the claim of the next revision that
replaced it: the most similar one by words (ties broken by id, so the pairing is stable),
above `MIN_SIMILARITY`; a vanished claim with no such partner was removed. Claims that
vanished because the analysis changed (not the text) are not corrections: they are still in
the latest revision's analysis range (`last_revno` is the latest revision).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from sitegen.data import ClaimRow, Doc, SiteData

MIN_SIMILARITY = 0.5  # word-sequence ratio for "the same claim, reworded or re-numbered"


@dataclass(frozen=True)
class Correction:
    """A claim as first published, and what a later revision made of it."""

    old: ClaimRow
    new: ClaimRow | None  # None: removed from the article
    revno: int  # the revision that no longer has `old`
    seen: str  # when that revision was fetched (ISO), "" when unknown

    @property
    def kind(self) -> str:
        """ "modified" or "removed"."""
        return "removed" if self.new is None else "modified"


def _words(text: str) -> list[str]:
    return text.casefold().replace("\u202f", " ").replace("\xa0", " ").split()


def _doc_corrections(doc: Doc, claims: list[ClaimRow]) -> list[Correction]:
    latest = max([r.revno for r in doc.revisions] or [doc.revision_count])
    seen = {r.revno: r.fetched_at for r in doc.revisions}
    gone = [c for c in claims if c.status == "vanished" and c.last_revno < latest]
    if not gone:
        return []
    scored = []
    for old in gone:
        for new in claims:
            if new.first_revno == old.last_revno + 1 and new.id != old.id:
                ratio = SequenceMatcher(
                    None, _words(old.text), _words(new.text), autojunk=False
                ).ratio()
                if ratio >= MIN_SIMILARITY:
                    scored.append((-ratio, old.id, new.id, old, new))
    partner: dict[str, ClaimRow] = {}
    taken: set[str] = set()
    for _, old_id, new_id, _old, new in sorted(scored, key=lambda s: s[:3]):
        if old_id not in partner and new_id not in taken:
            partner[old_id] = new
            taken.add(new_id)
    return [
        Correction(old, partner.get(old.id), old.last_revno + 1, seen.get(old.last_revno + 1, ""))
        for old in sorted(gone, key=lambda c: (c.position, c.id))
    ]


def find(data: SiteData) -> list[Correction]:
    """Every correction of every revised document, by document then position."""
    out: list[Correction] = []
    for doc_id in sorted(data.docs):
        doc = data.docs[doc_id]
        if doc.revision_count > 1:
            out += _doc_corrections(doc, data.claims_by_doc.get(doc_id, []))
    return out


def by_claim(corrections: list[Correction]) -> dict[str, Correction]:
    """Each correction under the id of its old claim and of its new one."""
    out: dict[str, Correction] = {}
    for c in corrections:
        out[c.old.id] = c
        if c.new is not None:
            out.setdefault(c.new.id, c)
    return out
