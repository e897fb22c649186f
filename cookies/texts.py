"""Reader-facing texts of the declarations and the banner, in every content language of the site.

A declaration's own text field (django-cookie-consent's CookieGroup.name and .description,
Cookie.description, a provider's data_destination) holds the text in the site's default
language, so the library's views and admin show it; `translations` holds every other language
in WAGTAIL_CONTENT_LANGUAGES as {language code: {field: text}}. A page in a language that has
no text of its own shows the default language's, never a third language's. The admin forms
get one field per language, so a host in English and German edits English and German.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant


def default_language() -> str:
    """The site's default content language, e.g. "fi", or "en" for LANGUAGE_CODE "en-us"."""
    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE.split("-")[0]


def active_language() -> str:
    """The content language the current page is in (the default when none is active)."""
    try:
        return get_supported_content_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def other_languages() -> list[tuple[str, str]]:
    """(code, name) of every content language but the default, in the settings' order."""
    default = default_language()
    return [(code, name) for code, name in get_content_languages().items() if code != default]


def language_name(code: str) -> str:
    return str(get_content_languages().get(code, code))


def translated(obj: models.Model, field: str, default_field: str | None = None) -> str:
    """`obj`'s `field` in the active language, else its default-language text."""
    language = active_language()
    if language != default_language():
        text = (obj.translations or {}).get(language, {}).get(field, "")
        if text:
            return text
    return getattr(obj, default_field or field)


def field_name(field: str, language: str) -> str:
    """The form field of `field` in `language`: "name_sv", "name_pt_br"."""
    return f"{field}_{language.replace('-', '_')}"


class TranslationsForm(WagtailAdminModelForm):
    """Edits `translations` as one form field per field and language (see `translations_form`)."""

    translated_fields: dict[str, list[str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            stored = self.instance.translations or {}
            for field, languages in self.translated_fields.items():
                for language in languages:
                    name = field_name(field, language)
                    if name in self.fields:
                        self.initial[name] = stored.get(language, {}).get(field, "")

    def _post_clean(self):
        stored = {k: dict(v) for k, v in (self.instance.translations or {}).items()}
        for field, languages in self.translated_fields.items():
            for language in languages:
                name = field_name(field, language)
                if name not in self.cleaned_data:
                    continue
                text = (self.cleaned_data[name] or "").strip()
                if text:
                    stored.setdefault(language, {})[field] = text
                else:
                    stored.get(language, {}).pop(field, None)
        self.instance.translations = {k: v for k, v in stored.items() if v}
        super()._post_clean()


def translations_form(
    model_name: str, fields: dict[str, tuple[type[forms.Field], bool]], *, all_languages=False
) -> type[TranslationsForm]:
    """A `TranslationsForm` with a field for each of `fields` ({name: (field class, multiline)})
    in each content language other than the default one (or in every one, `all_languages`)."""
    languages = (
        list(get_content_languages()) if all_languages else [c for c, _n in other_languages()]
    )
    attrs = {"__module__": __name__, "translated_fields": dict.fromkeys(fields, languages)}
    for field, (field_class, multiline) in fields.items():
        for language in languages:
            widget = forms.Textarea(attrs={"rows": 3}) if multiline else None
            attrs[field_name(field, language)] = field_class(
                required=False, label=language_name(language), widget=widget
            )
    return type(f"{model_name}TranslationsForm", (TranslationsForm,), attrs)


def translation_panels(
    field: str, heading, *, default_field: str | None = None, help_text=""
) -> MultiFieldPanel:
    """The default-language field (labelled with its language) and one field per other language."""
    panels = []
    if default_field:
        panels.append(FieldPanel(default_field, heading=language_name(default_language())))
    languages = (
        [c for c, _n in other_languages()] if default_field else list(get_content_languages())
    )
    panels += [FieldPanel(field_name(field, code)) for code in languages]
    if default_field:
        fallback = format_lazy(
            _("A language left empty shows the text in {language}."),
            language=language_name(default_language()),
        )
        help_text = format_lazy("{} {}", help_text, fallback) if help_text else fallback
    return MultiFieldPanel(panels, heading=heading, help_text=help_text)
