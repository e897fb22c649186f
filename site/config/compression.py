"""Public pages compressed once and kept compressed, so a cache hit sends stored bytes.

A public page is compressed when the page cache stores it, in Brotli and gzip beside the plain
bytes; every later hit (and nginx, which keeps each variant as an entry of its own) answers with
the variant the client accepts and compresses nothing. Only pages the page cache may store are
compressed: they are the same for everyone and hold no secret, so compression cannot leak one
(BREACH needs a secret and a reflected input in the same compressed body).
"""

import functools
import gzip

import brotli

# Brotli at 5 is within 5 % of its best (11) on a notice, at a thirtieth of the time: a miss pays
# it once, about a millisecond for a notice.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
ENCODINGS = ("br", "gzip")


def compressed_variants(content: bytes) -> dict[str, bytes]:
    return {
        "identity": content,
        "br": brotli.compress(content, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT),
        "gzip": gzip.compress(content, GZIP_LEVEL, mtime=0),
    }


@functools.lru_cache(maxsize=128)
def preferred_encoding(accept_encoding: str) -> str:
    """ "br" when the client takes Brotli, else "gzip", else "identity" (q=0 refuses one)."""
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, __, parameters = part.partition(";")
        weight = 1.0
        parameters = parameters.strip()
        if parameters.startswith("q="):
            try:
                weight = float(parameters[2:])
            except ValueError:
                weight = 0.0
        weights[name.strip()] = weight
    for encoding in ENCODINGS:
        if weights.get(encoding, weights.get("*", 0.0)) > 0:
            return encoding
    return "identity"
