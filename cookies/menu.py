"""The admin's one menu group for Seloste, which every Seloste app fills through hooks.

Seloste
    Privacy notice ▸ (organisations, contact persons, supervisory authorities)   notices
    Import a notice                                                                notices
    Rights requests (the inbox)                                                    notices.rights
    Cookie consent ▸ (declarations, external media, proof, statistics, scan)      cookies
    Settings ▸ (cookie consent, rights requests)                                  each app
    Reports ▸ (translations behind …)                                              each app

An app adds an item by registering a function returning a MenuItem under one of the hook names
below (or by giving its viewset `menu_hook = SELOSTE_MENU_HOOK`). Every item says itself whom
it is shown to; a group with nothing to show a user is not shown.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, SubmenuMenuItem

SELOSTE_MENU_HOOK = "register_seloste_menu_item"
SELOSTE_SETTINGS_MENU_HOOK = "register_seloste_settings_menu_item"
SELOSTE_REPORTS_MENU_HOOK = "register_seloste_reports_menu_item"


def seloste_menu_item() -> SubmenuMenuItem:
    return SubmenuMenuItem(
        "Seloste",
        Menu(register_hook_name=SELOSTE_MENU_HOOK, construct_hook_name="construct_seloste_menu"),
        name="seloste",
        icon_name="lock",
        order=305,
    )


def settings_menu_item() -> SubmenuMenuItem:
    return SubmenuMenuItem(
        _("Settings"),
        Menu(register_hook_name=SELOSTE_SETTINGS_MENU_HOOK),
        name="seloste-settings",
        icon_name="cog",
        order=900,
    )


def reports_menu_item() -> SubmenuMenuItem:
    return SubmenuMenuItem(
        _("Reports"),
        Menu(register_hook_name=SELOSTE_REPORTS_MENU_HOOK),
        name="seloste-reports",
        icon_name="table",
        order=950,
    )


def without_seloste_settings(request, menu_items: list) -> None:
    """Wagtail's Settings menu lists every registered setting; Seloste's are in its own group."""
    from wagtail.contrib.settings.registry import SettingMenuItem

    menu_items[:] = [
        item
        for item in menu_items
        if not (
            isinstance(item, SettingMenuItem) and item.model._meta.app_label.startswith("seloste_")
        )
    ]
