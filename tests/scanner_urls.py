"""URLs of a host without language prefixes, as `wagtail start` makes them."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("", include("cookies.urls")),
    path("", include(wagtail_urls)),
]
