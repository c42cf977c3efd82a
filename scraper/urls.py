"""URL canonicalisation: one story, one address."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scraper.psl import registrable_domain

# Query parameters that only track the reader; removing them never changes the page.
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "xtor", "ns_", "_hs")
TRACKING_NAMES = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "ocid",
    "cmpid",
    "xtref",
    "_ga",
    "ref_src",
    "ito",
    "smid",
    "sref",
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
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)
    ]
    path = remove_dot_segments(parts.path or "/")
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def remove_dot_segments(path: str) -> str:
    """`/b/../../x` → `/x`, `/a/./b/..` → `/a/` (RFC 3986, section 5.2.4)."""
    if "." not in path:
        return path
    segments = path.split("/")
    out: list[str] = []
    for n, segment in enumerate(segments):
        last = n == len(segments) - 1
        if segment in (".", ".."):
            if segment == ".." and len(out) > 1:
                out.pop()
            if last:
                out.append("")
            continue
        out.append(segment)
    return "/".join(out) or "/"


def strip_userinfo(url: str) -> str:
    """The URL without `user:password@` (never sent, logged or stored)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def host_of(url: str) -> str:
    """Lower-case host name of a URL, without a leading www."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def same_site(a: str, b: str) -> bool:
    """True when two URLs share a host or a registrable domain by the Public Suffix List
    (`blog.lemonde.fr` and `lemonde.fr` do; `cert.ssi.gouv.fr` and `ars.gouv.fr` do not)."""
    ha, hb = host_of(a), host_of(b)
    return bool(ha) and (ha == hb or registrable_domain(ha) == registrable_domain(hb))


def is_aggregator(url: str) -> bool:
    """True for an aggregator redirect link (Google News)."""
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS)


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and a valid port."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for port 99999 or "abc"
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_consent_page(url: str) -> bool:
    """True for a cookie-consent wall a page redirected to (consent.google.com,
    consent.yahoo.com, …/consent): not the article, and retrying will not help."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    first = parts.path.strip("/").split("/")[0].lower()
    return host.startswith("consent.") or first in ("consent", "cookie-consent", "cmp")
