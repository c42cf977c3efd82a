"""Private-network guard: content never makes the client reach an internal address.

A feed item, a redirect or a canonical link is written by whoever controls a page, so an
address resolving to loopback, private, link-local, unique-local, shared or reserved ranges is
fetched only from an origin the operator named (a registry feed or homepage, a `--feed` URL).
`VIGIE_ALLOW_PRIVATE_NETWORKS=1` lifts the rule (intranets, tests across loopback origins).

The rule is applied twice with the same code: before each hop (so a refused link costs no
robots.txt request and names no port state) and again when the socket is opened, on the
addresses actually connected to, so a name that resolves differently the second time (DNS
rebinding) is still refused. Every spelling of an address (decimal `2130706433`, IPv6-mapped
`::ffff:127.0.0.1`, names) is judged by what it resolves to.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import typing
from collections.abc import Iterable

import httpcore
import httpx

ALLOW_ENV = "VIGIE_ALLOW_PRIVATE_NETWORKS"
DEFAULT_PORTS = {"http": 80, "https": 443}


class PrivateAddress(Exception):
    """Raised by the connection layer for a refused host; the client turns it into a
    FetchError naming the URL (this exception knows only the host)."""


def env_allows_private() -> bool:
    """True when VIGIE_ALLOW_PRIVATE_NETWORKS=1 lifts the guard."""
    return os.environ.get(ALLOW_ENV, "").strip() == "1"


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped/6to4 IPv6 judged as IPv4)."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback or ip.is_link_local
    )


def origin_key(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL as the connection layer sees it; None if unparseable."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
    port = parsed.port or DEFAULT_PORTS.get(parsed.scheme)
    if not parsed.host or port is None:
        return None
    return parsed.host.lower(), port


class Guard:
    """Which (host, port) origins may resolve to private addresses: the operator's."""

    def __init__(self, named: Iterable[str], *, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self.named = {key for url in named if (key := origin_key(url)) is not None}

    def trusted(self, host: str, port: int) -> bool:
        """True when `host:port` is exempt from the check (named origin, or guard lifted)."""
        return self.allow_private or (host.lower(), port) in self.named

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses `host` resolves to, all public; PrivateAddress if any is not.

        DNS failures raise OSError (socket.gaierror), like a connection attempt would.
        """
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        found = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not found or not all(is_public(address) for address in found):
            raise PrivateAddress(host)
        return found

    def check_url(self, url: str) -> None:
        """Pre-flight check of one hop: PrivateAddress when it would reach a refused address."""
        key = origin_key(url)
        if key is None or self.trusted(*key):
            return
        try:
            self.addresses(*key)
        except OSError:
            return  # unresolvable: the request itself fails with its DNS reason


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to the addresses the guard checked."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Open a connection to a checked address of `host` (the first that answers)."""
        if self._guard.trusted(host, port):
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = self._guard.addresses(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        failure: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure


def guarded_transport(guard: Guard) -> httpx.HTTPTransport:
    """httpx's default transport whose connections go through GuardedBackend."""
    transport = httpx.HTTPTransport()
    pool = transport._pool  # noqa: SLF001 - httpx offers no public hook for the backend
    pool._network_backend = GuardedBackend(guard)  # noqa: SLF001
    return transport
