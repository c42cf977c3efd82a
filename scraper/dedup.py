"""Near-duplicate detection: MinHash over word shingles groups syndicated copies."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # datasketch pulls in scipy (~0.5 s): imported when a text is hashed
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 5  # words per shingle
THRESHOLD = 0.5  # estimated Jaccard similarity above which two texts tell one story
# LSH bands are probabilistic: pairs just above THRESHOLD can miss every band. Candidates are
# gathered at a lower LSH threshold, then filtered on the estimated similarity itself.
LSH_THRESHOLD = 0.3
SEED = 1  # fixed: signatures must be identical from run to run
SCHEME = "affine32"  # datasketch >= 2: 32-bit hash values, collision-free permutations

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    """Word n-grams of a lower-cased text, as bytes."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    """MinHash signature of a text."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(list(sorted(shingles(text))))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    """Serialise a signature for the store."""
    import numpy as np

    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    """Rebuild a signature read from the store."""
    import numpy as np
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=SCHEME,
        hashvalues=np.frombuffer(data, dtype=np.uint32).copy(),
    )


class Clusterer:
    """An LSH index of stored signatures, one per document kind."""

    def __init__(self) -> None:
        self._lsh: dict[str, Any] = {}  # kind → datasketch.MinHashLSH
        self._sigs: dict[str, MinHash] = {}

    def add(self, kind: str, doc_id: str, mh: MinHash) -> None:
        """Index a stored document."""
        if doc_id in self._sigs:
            return
        lsh = self._lsh.get(kind)
        if lsh is None:
            from datasketch import MinHashLSH

            lsh = self._lsh[kind] = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        lsh.insert(doc_id, mh)
        self._sigs[doc_id] = mh

    def similar(self, kind: str, mh: MinHash, exclude: str = "") -> list[str]:
        """Ids of indexed documents whose estimated Jaccard similarity reaches the threshold."""
        lsh = self._lsh.get(kind)
        if lsh is None:
            return []
        return sorted(
            key
            for key in lsh.query(mh)
            if key != exclude and self._sigs[key].jaccard(mh) >= THRESHOLD
        )
