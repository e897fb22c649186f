"""Installing and removing Seloste in a host site, as `prepare_seloste` and `uninstall_seloste` do.

Each Seloste app's AppConfig has `seloste_prepare(report)` and `seloste_uninstall(report)`; the
commands call them in `seloste_order` (cookies first when installing, last when removing).
Every step says what it did through `report`, and running it again changes nothing. What is
made or granted outside Seloste's own tables is written down (InstallationRecord), so removal
takes back exactly that and never a host's own group, grant or cookie group.

The helpers here are for the other Seloste apps too: `ensure_group` and `grant`.
"""

from collections.abc import Callable, Iterable

from cookie_consent.models import CookieGroup
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import defaults
from .models import DeclaredCookie, DeclaredCookieGroup, ExternalMediaProvider, InstallationRecord
from .texts import default_language, other_languages

Report = Callable[[str], None]

# The languages cookies/defaults.py has texts in; a site in another default language gets the
# English ones in the library's fields (and adds its own in the admin).
SHIPPED_LANGUAGES = ("fi", "sv", "en")


def ensure_permissions(app_label: str) -> None:
    """Django creates permissions after `migrate`; make sure they exist before granting them."""
    create_permissions(apps.get_app_config(app_label), verbosity=0)


def ensure_group(name: str, report: Report) -> Group:
    """The group `name`, created (and remembered as Seloste's) when the site lacks it."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        InstallationRecord.objects.get_or_create(
            kind=InstallationRecord.Kind.GROUP, group_name=name
        )
        report(f"Created group “{name}”.")
    return group


def grant(group: Group, permissions: Iterable[str], report: Report) -> None:
    """Give `group` each "app_label.codename" it lacks, saying so; remembered for removal."""
    for label in permissions:
        app_label, codename = label.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            report(f"Skipped {label} for “{group.name}”: no such permission.")
            continue
        if group.permissions.filter(pk=permission.pk).exists():
            continue
        group.permissions.add(permission)
        InstallationRecord.objects.get_or_create(
            kind=InstallationRecord.Kind.GRANT, group_name=group.name, permission=label
        )
        report(f"Granted “{group.name}” {label}.")


def take_back(report: Report) -> None:
    """Revoke every recorded grant and delete every group Seloste created."""
    for record in InstallationRecord.objects.filter(kind=InstallationRecord.Kind.GRANT):
        app_label, codename = record.permission.split(".", 1)
        group = Group.objects.filter(name=record.group_name).first()
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if group and permission and group.permissions.filter(pk=permission.pk).exists():
            group.permissions.remove(permission)
            report(f"Revoked {record.permission} from “{group.name}”.")
        record.delete()
    for record in InstallationRecord.objects.filter(kind=InstallationRecord.Kind.GROUP):
        deleted, _counts = Group.objects.filter(name=record.group_name).delete()
        if deleted:
            report(f"Deleted group “{record.group_name}”.")
        record.delete()


# What the standard Wagtail groups may do with the declarations; moderators also read the proof.
DECLARATION_PERMISSIONS = [
    f"seloste_cookies.{action}_{model}"
    for model in ("declaredcookie", "declaredcookiegroup", "externalmediaprovider")
    for action in ("add", "change", "delete", "view")
] + ["seloste_cookies.change_consentsettings"]
GRANTS = {
    "Editors": DECLARATION_PERMISSIONS,
    "Moderators": [*DECLARATION_PERMISSIONS, "seloste_cookies.view_consentrecord"],
}


def _texts(texts: dict[str, str], field: str, base: str) -> dict:
    """{language: {field: text}} for the site's other content languages we have a text in."""
    return {
        code: {field: texts[code]}
        for code, _name in other_languages()
        if code != base and texts.get(code)
    }


def _merge(*translations: dict) -> dict:
    merged: dict = {}
    for item in translations:
        for language, fields in item.items():
            merged.setdefault(language, {}).update(fields)
    return merged


def install_declarations(report: Report) -> None:
    """The default cookie groups, their cookies and the external media providers."""
    language = default_language()
    base = language if language in SHIPPED_LANGUAGES else "en"
    for spec in defaults.GROUPS:
        varname = spec["varname"]
        existing = CookieGroup.objects.filter(varname=varname).first()
        if existing is not None:
            if DeclaredCookieGroup.objects.filter(pk=existing.pk, installed_by_seloste=True):
                report(f"Cookie group “{existing.name}” ({varname}) is in place.")
            else:
                report(f"Cookie group “{varname}” is the site's own: kept as it is.")
            continue
        with transaction.atomic():
            group = DeclaredCookieGroup.objects.create(
                varname=varname,
                name=spec["name"][base],
                description=spec["description"][base],
                translations=_merge(
                    _texts(spec["name"], "name", base),
                    _texts(spec["description"], "description", base),
                ),
                is_required=spec["is_required"],
                is_deletable=spec["is_deletable"],
                ordering=spec["ordering"],
                installed_by_seloste=True,
            )
            for cookie in spec["cookies"]:
                cookie = dict(cookie)
                purpose = cookie.pop("purpose")
                DeclaredCookie.objects.create(
                    cookiegroup=group,
                    description=purpose[base],
                    translations=_texts(purpose, "purpose", base),
                    **cookie,
                )
        report(
            f"Created cookie group “{group.name}” ({varname}) with "
            f"{len(spec['cookies'])} declared cookies and storage keys."
        )
    for spec in defaults.PROVIDERS:
        spec = dict(spec)
        name = spec["name"]
        if ExternalMediaProvider.objects.filter(name=name).exists():
            report(f"External media provider “{name}” is in place.")
            continue
        group = CookieGroup.objects.filter(varname=spec.pop("cookie_group")).first()
        if group is None or group.is_required:
            report(f"Skipped external media provider “{name}”: its cookie group is missing.")
            continue
        destination = spec.pop("data_destination")
        ExternalMediaProvider.objects.create(
            cookie_group=group,
            data_destination=destination[base],
            translations=_texts(destination, "data_destination", base),
            installed_by_seloste=True,
            **spec,
        )
        report(f"Created external media provider “{name}” (cookie group “{group.varname}”).")


def prepare(report: Report) -> None:
    install_declarations(report)
    ensure_permissions("seloste_cookies")
    for name, permissions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            grant(group, permissions, report)


def delete_pages(model, report: Report) -> None:
    """Every page of `model` (and below it) with its revisions and history, so no page of a
    removed type is left live as an empty page whose edit view fails."""
    from wagtail.models import Page, PageLogEntry

    pages = list(Page.objects.type(model).order_by("-depth"))
    for page in pages:
        page = Page.objects.filter(pk=page.pk).first()  # a parent deleted before took it along
        if page is None:
            continue
        ids = list(page.get_descendants(inclusive=True).values_list("pk", flat=True))
        title = page.title
        page.delete()
        PageLogEntry.objects.filter(page_id__in=ids).delete()
        report(f"Deleted {model._meta.verbose_name} “{title}” ({len(ids)} page(s)).")


def forget_app_records(app_label: str, report: Report) -> None:
    """What Wagtail and wagtail-localize keep about `app_label`'s objects in their own tables:
    revisions, history, references, translation sources."""
    from django.db.models import Q
    from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

    counts = {
        "revisions": Revision.objects.filter(base_content_type__app_label=app_label).delete()[0],
        "history entries": ModelLogEntry.objects.filter(content_type__app_label=app_label).delete()[
            0
        ],
        "references": ReferenceIndex.objects.filter(
            Q(base_content_type__app_label=app_label) | Q(to_content_type__app_label=app_label)
        ).delete()[0],
    }
    if apps.is_installed("wagtail_localize"):
        from wagtail_localize.models import TranslationSource

        counts["translation sources"] = TranslationSource.objects.filter(
            specific_content_type__app_label=app_label
        ).delete()[0]
    done = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    if done:
        report(f"Deleted what Wagtail kept about {app_label}: {done}.")


def uninstall(report: Report) -> None:
    groups = CookieGroup.objects.filter(declaredcookiegroup__installed_by_seloste=True)
    # Providers hold on to their group; whatever embeds them goes with it.
    ExternalMediaProvider.objects.filter(cookie_group__in=groups).delete()
    for group in groups:
        report(f"Deleted cookie group “{group.name}” ({group.varname}) and its cookies.")
    groups.delete()
    kept = CookieGroup.objects.count()
    if kept:
        report(f"Kept {kept} cookie group(s) the site made itself (django-cookie-consent's).")
    take_back(report)


def forget_content_types_of_removed_apps(sender, apps=None, using="default", **kwargs) -> None:
    """A post_migrate receiver: a Seloste app unapplied to zero keeps no content types.

    Django, and Wagtail for its snippets, create content types again at every `migrate` while
    an app is installed, even one whose tables `migrate <label> zero` has just dropped. This
    runs once per `migrate`, after every other app's receivers (on the last app's signal), and
    deletes the content types, with their permissions, of each Seloste app that the migration
    state no longer has.
    """
    from django.apps import apps as global_apps

    # Django sends post_migrate once for each app that has models, in INSTALLED_APPS order.
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if apps is None or not with_models or sender is not with_models[-1]:
        return
    try:
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return
    for config in global_apps.get_app_configs():
        if not hasattr(config, "seloste_order"):
            continue
        try:
            apps.get_app_config(config.label)
        except LookupError:
            ContentType.objects.using(using).filter(app_label=config.label).delete()
