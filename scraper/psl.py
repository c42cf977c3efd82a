"""Registrable domains by the Public Suffix List, from a bundled snapshot (no network fetch).

`scraper/data/public_suffix_list.dat` is the list as shipped by Debian's `publicsuffix`
package (20230209.2326, MPL 2.0). `tldextract` would do the same but is not installable
offline here; the algorithm is the list's own (https://publicsuffix.org/list/): the longest
matching rule wins, `*.` rules match any one label, `!` exceptions override them, and an
unlisted top-level label is a public suffix ("*").
"""

from __future__ import annotations

import functools
import ipaddress
from importlib import resources


@functools.cache
def _rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(exact rules, wildcard parents, exceptions), every label in its ASCII (IDNA) form."""
    exact, wildcard, exception = set(), set(), set()
    text = (resources.files("scraper") / "data" / "public_suffix_list.dat").read_text("utf-8")
    for line in text.splitlines():
        rule = line.strip().split(" ", 1)[0]
        if not rule or rule.startswith("//"):
            continue
        if rule.startswith("!"):
            exception.add(_ascii(rule[1:]))
        elif rule.startswith("*."):
            wildcard.add(_ascii(rule[2:]))
        else:
            exact.add(_ascii(rule))
    return frozenset(exact), frozenset(wildcard), frozenset(exception)


def _ascii(name: str) -> str:
    """A domain in lower-case ASCII (punycode for internationalised labels)."""
    name = name.strip().rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def registrable_domain(host: str) -> str:
    """`normandie.ars.sante.fr` → `sante.fr`, `cert.ssi.gouv.fr` → `ssi.gouv.fr`,
    `blog.lemonde.fr` → `lemonde.fr`; an IP address or a bare suffix is returned whole."""
    host = _ascii(host.strip("[]"))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    labels = host.split(".")
    exact, wildcard, exception = _rules()
    suffix = 1  # the implicit "*" rule
    for i in range(len(labels)):
        name = ".".join(labels[i:])
        if name in exception:
            suffix = len(labels) - i - 1
            break
        if name in exact or (i + 1 < len(labels) and ".".join(labels[i + 1 :]) in wildcard):
            suffix = len(labels) - i
            break
    if len(labels) <= suffix:
        return host
    return ".".join(labels[-suffix - 1 :])
