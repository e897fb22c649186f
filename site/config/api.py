"""Wagtail's API v2 under /api/v2/, with the query checked before it reaches the database.

Wagtail passes some parameters to the database as they come: `find/?id=abc` fails in the query
and a NUL byte (which PostgreSQL refuses in any string) in `?search=`, `?locale=` or
`?html_path=` as well; each was a 500. A malformed query is the client's mistake, so it gets
the API's own 400 answer, whatever the database. So does a filter on a date field that is no
date, and an offset past what the database can count.
"""

from django.core.exceptions import ValidationError
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

# PostgreSQL's bigint, the type of every id here.
LARGEST_ID = 2**63 - 1


class CheckedQueryMixin:
    """Refuses NUL bytes anywhere in the query, an `id` that is no id, numbers the database
    cannot hold and filter values their field cannot take, with a 400."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(
                    f"{name.replace(chr(0), '')!r}: NUL characters are not allowed"
                )
        for name in ("id", "offset", "limit"):
            if name in request.GET and not is_count(request.GET[name]):
                raise BadRequestError(f"{name} must be a positive integer")

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except (ValidationError, ValueError) as error:
            # A field filter (?first_published_at=abc) whose value the field cannot take.
            raise BadRequestError(
                "query parameter error: a value does not fit its field"
            ) from error


def is_count(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) <= LARGEST_ID


class CheckedPagesAPIViewSet(CheckedQueryMixin, PagesAPIViewSet):
    pass


class CheckedImagesAPIViewSet(CheckedQueryMixin, ImagesAPIViewSet):
    pass


class CheckedDocumentsAPIViewSet(CheckedQueryMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CheckedPagesAPIViewSet)
api_router.register_endpoint("images", CheckedImagesAPIViewSet)
api_router.register_endpoint("documents", CheckedDocumentsAPIViewSet)
