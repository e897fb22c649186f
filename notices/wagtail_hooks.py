from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .snippets import ContactPerson, Organisation, SupervisoryAuthority


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "home"
    menu_label = _("Organisations")
    list_display = ["name", "business_id", "city"]
    search_fields = ["name", "business_id"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = _("Contact persons")
    list_display = ["name", "role", "email"]
    search_fields = ["name", "email"]


class SupervisoryAuthorityViewSet(SnippetViewSet):
    model = SupervisoryAuthority
    icon = "mail"
    menu_label = _("Supervisory authorities")
    list_display = ["name", "email", "is_default"]


class NoticeSnippetsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ContactPersonViewSet, SupervisoryAuthorityViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Privacy notice")
    menu_name = "privacy-notice"


register_snippet(NoticeSnippetsGroup)
