"""Expected failures and rejections. Each carries the URL (or source) and a one-line reason.

A *failure* (FetchError) is something that went wrong and may work next time; a *drop* is an
expected rejection ("not French", "off topic", "duplicate") that is counted, not retried.
"""

from __future__ import annotations

from core.errors import VigieError


class FetchError(VigieError):
    """A URL could not be fetched. `reason` is short and human-readable."""

    kind = "fetch_error"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class OfflineError(FetchError):
    """The run is offline and the URL is not available locally."""

    kind = "offline"


class RobotsDisallowed(FetchError):
    """robots.txt forbids the URL for our user agent (or is unavailable for now)."""

    kind = "robots"


class FetchTimeout(FetchError):
    """Connect, read or whole-request deadline exceeded."""

    kind = "timeout"


class TooLarge(FetchError):
    """The decompressed body exceeded the size cap."""

    kind = "too_large"


class RedirectError(FetchError):
    """Too many redirects, a redirect loop, or a redirect to a non-HTTP scheme."""

    kind = "redirect"


class PrivateNetworkRefused(FetchError):
    """A link found in content leads to a private address (scraper.netguard): never fetched,
    and recorded as a drop, not a failure to retry."""

    kind = "private_network"


class HTTPStatusError(FetchError):
    """The final answer was an HTTP error status (after retries for 429/5xx)."""

    kind = "http_status"

    def __init__(self, url: str, status: int, reason: str | None = None) -> None:
        super().__init__(url, reason or f"HTTP {status}")
        self.status = status


class NetworkError(FetchError):
    """Connection refused, reset, DNS failure, TLS error."""

    kind = "network"


class Drop(VigieError):
    """An expected rejection of a document, counted by reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
