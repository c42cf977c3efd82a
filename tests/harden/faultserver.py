"""A loopback HTTP/1.0 server whose every path is a scripted behaviour, good or hostile.

Raw sockets rather than werkzeug: a hostile answer (silence, a body cut mid-way, an endless
stream) must not make the server itself log errors into the stderr under test, and each
behaviour must be exact (no keep-alive, no automatic Content-Length).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from email.utils import formatdate

Behaviour = Callable[[socket.socket, threading.Event], None]
REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def head(status: int = 200, headers: dict[str, str] | None = None) -> bytes:
    """A status line and headers (HTTP/1.0, the connection closes after the body)."""
    lines = [f"HTTP/1.0 {status} {REASONS.get(status, 'Status')}", f"Date: {formatdate()}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(
    body: bytes | str = b"",
    status: int = 200,
    content_type: str = "text/html",
    headers: dict[str, str] | None = None,
) -> Behaviour:
    """A complete answer with its Content-Length."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    extra = {"Content-Type": content_type, "Content-Length": str(len(data)), **(headers or {})}
    raw = head(status, extra) + data

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(raw)

    return run


def stream(
    chunks: Callable[[], Iterable[bytes]], headers: dict[str, str], gap: float = 0.0
) -> Behaviour:
    """A 200 whose body is written chunk by chunk (`gap` seconds apart) until the client
    hangs up or the chunks run out; nothing is built in memory beyond one chunk."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(200, headers))
        for chunk in chunks():
            if stop.is_set():
                return
            conn.sendall(chunk)
            if gap:
                time.sleep(gap)

    return run


def silence() -> Behaviour:
    """Accept the request and never answer (until the server stops)."""

    def run(conn: socket.socket, stop: threading.Event) -> None:
        stop.wait(120)

    return run


def cut(body: bytes, keep: int, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    """Promise the whole body (Content-Length), send `keep` bytes of it, close."""
    raw = head(200, {"Content-Type": content_type, "Content-Length": str(len(body))})

    def run(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(raw + body[:keep])

    return run


def big_page(total: int, chunk: int = 1 << 20) -> Callable[[], Iterator[bytes]]:
    """`total` bytes of HTML paragraphs, generated one chunk at a time."""
    block = (b"<p>" + b"a" * (chunk - 7) + b"</p>\n")[:chunk]

    def gen() -> Iterator[bytes]:
        sent = 0
        while sent < total:
            yield block[: total - sent]
            sent += len(block)

    return gen


def gzip_bomb(inflated: int) -> bytes:
    """A gzip member inflating to `inflated` zero bytes, compressed without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(inflated // len(block))]
    return b"".join(parts) + packer.flush()


class FaultServer:
    """Serve behaviours by path on 127.0.0.1; unknown paths answer 404 (robots.txt included,
    which RFC 9309 reads as "everything allowed")."""

    def __init__(self) -> None:
        self.routes: dict[str, Behaviour] = {}
        self.requests: list[str] = []
        self.heads: list[bytes] = []  # raw request lines and headers, in order
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, behaviour: Behaviour) -> str:
        """Serve `behaviour` at `path`; returns the URL."""
        self.routes[path] = behaviour
        return self.url(path)

    def hits(self, path: str) -> int:
        """How many requests a path received."""
        return self.requests.count(path)

    def close(self) -> None:
        """Stop accepting, release silent handlers, wait for the threads."""
        self._stop.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(65536)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
            self.requests.append(path)
            self.heads.append(request.split(b"\r\n\r\n", 1)[0])
            behaviour = self.routes.get(path, answer(b"", status=404, content_type="text/plain"))
            behaviour(conn, self._stop)
