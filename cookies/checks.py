"""System checks: an embed that bypasses the consent placeholder would load a third party's
frame before any consent, so say so at deploy time, not after a visitor's browser did it."""

from pathlib import Path

from django.apps import apps
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

EMBED_TEMPLATE = "wagtailembeds/embed_frontend.html"
OURS = Path(__file__).resolve().parent / "templates" / EMBED_TEMPLATE


@checks.register(checks.Tags.templates)
def check_embed_placeholder(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not apps.is_installed("wagtail.embeds"):
        return []
    try:
        origin = get_template(EMBED_TEMPLATE).origin
    except TemplateDoesNotExist:
        return []
    if Path(origin.name).resolve() == OURS:
        return []
    return [
        checks.Warning(
            f"Embeds render with {origin.name}, not Seloste's consent placeholder: videos and "
            "maps in page content would load before consent.",
            hint="Put 'cookies' above 'wagtail.embeds' in INSTALLED_APPS, or make your own "
            "template use {% external_media_for embed %} from seloste_consent.",
            id="seloste_cookies.W001",
        )
    ]
