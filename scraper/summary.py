"""What a run did, counted: the summary printed at the end and saved with the run."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Drops that are faults of one page (binary junk, nothing to read) rather than expected
# rejections: each is named with its URL in the summary, like a failure.
FAULT_DROPS = frozenset({"unreadable", "empty", "poison", "private_network", "too_complex"})
# Terminal control: C0 and C1 controls (ESC included) and DEL, never printed raw.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class RunSummary:
    """Counters of one collect or ingest run."""

    feeds_polled: int = 0
    feeds_unchanged: int = 0
    feeds_offline: int = 0
    malformed_feeds: list[tuple[str, str]] = field(default_factory=list)
    entries_seen: int = 0
    entries_known: int = 0
    decoded: int = 0  # Google News article links decoded to the publisher's address
    entries_capped: int = 0  # feed entries past max_feed_items, ignored
    pages_deferred: int = 0  # pages past max_pages, left to the next run
    poison_rechecked: int = 0  # poison or too complex pages asked again (conditionally)
    poison_unchanged: int = 0  # of those, unchanged (304 or the same body): not processed
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    drops: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)  # url, reason, detail

    @property
    def stored(self) -> int:
        """Documents written (new or updated)."""
        return self.new + self.updated

    def as_dict(self) -> dict[str, object]:
        """Plain data for the runs table and `--json` style output."""
        return {
            "feeds_polled": self.feeds_polled,
            "feeds_unchanged": self.feeds_unchanged,
            "feeds_offline": self.feeds_offline,
            "malformed_feeds": [list(m) for m in sorted(self.malformed_feeds)],
            "entries_seen": self.entries_seen,
            "entries_known": self.entries_known,
            "decoded": self.decoded,
            "entries_capped": self.entries_capped,
            "pages_deferred": self.pages_deferred,
            "poison_rechecked": self.poison_rechecked,
            "poison_unchanged": self.poison_unchanged,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "drops": dict(sorted(self.drops.items())),
            "failures": [list(f) for f in sorted(self.failures)],
        }

    def details(self, faults: bool = False) -> list[str]:
        """One line per expected drop (for --verbose), or with `faults` per fault drop (always
        shown by `lines`)."""
        return [
            printable(f"dropped {reason}: {url}" + (f" ({_short(detail, url)})" if detail else ""))
            for url, reason, detail in sorted(self.dropped)
            if (reason in FAULT_DROPS) == faults
        ]

    def lines(self) -> list[str]:
        """The human summary, one fact per line."""
        out = [
            f"feeds polled: {self.feeds_polled} (unchanged/304: {self.feeds_unchanged})",
            f"documents: {self.new} new, {self.updated} updated, {self.unchanged} unchanged"
            f" ({self.entries_known} links already known)",
        ]
        if self.decoded:
            out.append(f"Google News links decoded to their publisher: {self.decoded}")
        if self.feeds_offline:
            out.append(f"offline: {self.feeds_offline} feeds not polled")
        if self.entries_capped:
            out.append(f"capped: {self.entries_capped} feed entries past the per-feed cap")
        if self.pages_deferred:
            out.append(f"deferred: {self.pages_deferred} pages past the per-run cap")
        if self.poison_rechecked:
            out.append(
                f"poison pages asked again: {self.poison_rechecked}"
                f" ({self.poison_unchanged} unchanged, not processed)"
            )
        for url, reason in sorted(self.malformed_feeds):
            out.append(f"malformed feed (entries still used): {url}: {reason}")
        if self.drops:
            out.append("dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(self.drops.items())))
        out += self.details(faults=True)
        for url, reason in sorted(self.failures):
            out.append(f"failed: {url}: {reason}")
        return [printable(line) for line in out]


def printable(text: str) -> str:
    """`text` without terminal control characters (a feed link cannot move the cursor)."""
    return _CONTROLS.sub("\ufffd", text)


def _short(detail: str, url: str) -> str:
    """A drop's detail without the URL the line already names."""
    return detail.replace(f" at {url}", "").strip() or detail
