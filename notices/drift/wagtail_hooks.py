"""Admin wiring of translation drift: the report, its menu item and the dashboard panel."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .status import translation_status, untranslated_texts
from .views import TranslationsBehindPanel, TranslationsBehindView


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translations-behind/",
            TranslationsBehindView.as_view(),
            name="notices_translations_behind",
        ),
        path(
            "reports/translations-behind/results/",
            TranslationsBehindView.as_view(results_only=True),
            name="notices_translations_behind_results",
        ),
    ]


# Seloste's own Reports group (cookies.menu.SELOSTE_REPORTS_MENU_HOOK; named, not imported: this
# app stands alone).
@hooks.register("register_seloste_reports_menu_item")
def register_translations_behind_menu_item():
    return MenuItem(
        _("Translations behind"),
        reverse("notices_translations_behind"),
        name="translations-behind",
        icon_name="resubmit",
        order=10,
    )


@hooks.register("construct_homepage_panels")
def add_translations_behind_panel(request, panels):
    panels.append(TranslationsBehindPanel(request))


@hooks.register("seloste_untranslated_texts")
def untranslated_texts_of(page) -> dict:
    """For the notice: the texts a live translation shows in its original's language."""
    from django.conf import settings

    if page.locale.language_code == settings.LANGUAGE_CODE:
        return {}  # the site's own language is the original here; spare the most read pages
    status = translation_status(page)
    texts = untranslated_texts(page) if status else []
    return {"language": status.source_language, "texts": texts} if texts else {}


@hooks.register("before_edit_page", order=-10)
def warn_about_untranslated_texts(request, page):
    """Before a translation is published, the translator hears what would stay untranslated.

    Runs before wagtail-localize's own hook opens its editor, which shows the message.
    """
    if request.method != "GET":
        return None
    status = translation_status(page)
    count = len(untranslated_texts(page)) if status else 0
    if count:
        messages.warning(
            request,
            ngettext(
                "One text is not translated yet. If you publish now, readers see it in the "
                "original language.",
                "%(count)s texts are not translated yet. If you publish now, readers see them "
                "in the original language.",
                count,
            )
            % {"count": count},
        )
    return None
