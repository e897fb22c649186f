from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Seloste: the cookie settings page and the consent decisions. The notice and its request
    # form are Wagtail pages, served by Wagtail's own URLs below.
    path("", include("cookies.urls")),
    path("", include(wagtail_urls)),
]
