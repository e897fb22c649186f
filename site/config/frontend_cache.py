"""Purging the nginx in front (deploy/nginx/) when Wagtail's frontend cache purges a page.

nginx keeps each compressed variant of a page as its own entry (the key ends in br, gzip or
identity, from the request's Accept-Encoding), so one address is purged once per variant.
A variant that was not cached answers 404: nothing to purge, not an error. Anything else is
raised, so the task that purges (django-tasks, run by the task worker) fails visibly and can be
run again instead of leaving a stale page behind.
"""

import logging
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")

# What deploy/nginx/seloste.conf.template sorts clients into.
VARIANTS = {"br": "br", "gzip": "gzip", "identity": "identity"}
TIMEOUT_SECONDS = 3


class NginxPurgeBackend(HTTPBackend):
    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        address = urlunsplit(
            (self.cache_scheme, self.cache_netloc, parts.path or "/", parts.query, "")
        )
        purged = []
        for variant, accept_encoding in VARIANTS.items():
            request = PurgeRequest(
                url=address,
                headers={
                    "Host": host,
                    "Accept-Encoding": accept_encoding,
                    "User-Agent": f"Wagtail-frontendcache/{__version__}",
                },
            )
            try:
                with urlopen(request, timeout=TIMEOUT_SECONDS):  # noqa: S310 - LOCATION is ours
                    purged.append(variant)
            except HTTPError as error:
                if error.code != 404:  # 404: this variant was not cached
                    raise
        logger.info("Purged %s from nginx (%s)", url, ", ".join(purged) or "nothing cached")
