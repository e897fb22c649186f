"""Error views that never make things worse: no database, no request body, no 500 of their own.

Django's default error views are decorated with `requires_csrf_token`, which runs the CSRF check
and so reads the request's body again: a body that cannot be decoded (a form posted in another
charset) turns the 400 it deserved into a 500. These views read neither the body nor the
database.
"""

import sys

from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# PostgreSQL's "cannot execute … in a read-only transaction": a standby after a failover, or a
# primary set read-only for maintenance.
READ_ONLY_SQLSTATE = "25006"
RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    """True when `error` (or what caused it) means the database cannot be reached or written."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        if isinstance(error, InternalError) and (
            getattr(error.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE
        ):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def service_unavailable() -> HttpResponse:
    """The 503 page (needs no database) with Retry-After, so browsers, balancers and crawlers
    come back."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a plain page; never touches the body that was bad."""
    response = HttpResponse(render_to_string("400.html"), status=400)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the site's 404 page, rendered as Django's own view does but without its CSRF
    decorator (see above)."""
    return HttpResponse(render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage (restart, failover, a read-only standby) is a 503; anything
    else the plain 500 page, rendered without the request."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
