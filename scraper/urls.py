"""URL canonicalisation: one story, one address."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader; removing them never changes the page.
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "xtor", "ns_", "_hs")
TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "ocid", "cmpid", "xtref", "_ga", "ref_src", "ito", "smid", "sref",
}

# Aggregators whose article links are opaque redirects: never a document's address.
AGGREGATOR_HOSTS = ("news.google.com", "news.url.google.com", "consent.google.com")


def is_tracking(name: str) -> bool:
    """True for a query parameter that only tracks the reader."""
    lower = name.lower()
    return lower in TRACKING_NAMES or lower.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Normalise a URL: lower-case scheme and host, no default port, fragment or tracking."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not is_tracking(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def host_of(url: str) -> str:
    """Lower-case host name of a URL, without a leading www."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def same_site(a: str, b: str) -> bool:
    """True when two URLs share a registrable domain (last two labels, a fair approximation)."""
    return host_of(a).split(".")[-2:] == host_of(b).split(".")[-2:]


def is_aggregator(url: str) -> bool:
    """True for an aggregator redirect link (Google News)."""
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS)


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_consent_page(url: str) -> bool:
    """True for a cookie-consent wall a page redirected to (consent.google.com,
    consent.yahoo.com, …/consent): not the article, and retrying will not help."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    first = parts.path.strip("/").split("/")[0].lower()
    return host.startswith("consent.") or first in ("consent", "cookie-consent", "cmp")
