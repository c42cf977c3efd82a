"""Immutable records passed between stages. Only the store and the HTTP client touch I/O."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attempt:
    """One HTTP exchange, for the fetch log."""

    url: str
    status: int | None  # None when no response arrived
    elapsed_ms: int
    size: int
    error: str = ""  # empty when an answer arrived


@dataclass(frozen=True)
class Response:
    """A completed fetch: body already read and capped."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200..299 or 304
    headers: dict[str, str]  # lower-cased names
    body: bytes
    charset: str | None  # from the Content-Type header, if declared
    redirects: tuple[str, ...] = ()  # intermediate URLs, in order

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET."""
        return self.status == 304


@dataclass(frozen=True)
class PageVersion:
    """What identifies the version of a page that was dropped as poison or too complex."""

    url: str  # the address requested
    body_hash: str  # SHA-256 of the body as received (decompressed)
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, response: Response) -> PageVersion:
        """The version of a fetched page (validators as the server sent them)."""
        return cls(
            url=response.url,
            body_hash=hashlib.sha256(response.body).hexdigest(),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, before its page is fetched."""

    link: str
    title: str = ""
    published: datetime | None = None
    summary: str = ""
    # The item's <source url="…">name</source> (Google News: the publisher), when given.
    publisher_url: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Extracted:
    """A document's text and metadata after extraction and cleaning."""

    text: str
    title: str = ""
    author: str = ""
    site_name: str = ""
    published: datetime | None = None
    canonical_url: str = ""
    language: str = ""
    removed: tuple[str, ...] = field(default=(), compare=False)  # cleaning log, for --verbose
