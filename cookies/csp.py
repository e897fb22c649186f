"""Content-Security-Policy sources the consent tag needs, for a host's CSP settings.

Importable from a settings module: it reads only this app's own template file, so a host can
write `"script-src": [SELF, *cookies.csp.script_hashes()]` before Django is set up.
"""

import base64
import hashlib
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "templates" / "cookies" / "consent_default.html"

# Google's tag and the GA4 collection endpoints (EU included), allowed only when analytics is on.
GOOGLE_ANALYTICS_SCRIPT_SRC = ("https://www.googletagmanager.com",)
GOOGLE_ANALYTICS_CONNECT_SRC = (
    "https://*.google-analytics.com",
    "https://*.analytics.google.com",
    "https://www.googletagmanager.com",
)
GOOGLE_ANALYTICS_IMG_SRC = ("https://*.google-analytics.com", "https://www.googletagmanager.com")


# What every consent placeholder of an embed carries (cookies/media_placeholder.html): a page
# without it frames no provider, so its policy names none.
MEDIA_PLACEHOLDER_MARKER = b"data-cc-media"


def frames_media(content: bytes) -> bool:
    """Whether a page's HTML holds an embed that may load once consent is given."""
    return MEDIA_PLACEHOLDER_MARKER in content


def script_hashes() -> list[str]:
    """CSP hash sources of the inline Consent Mode default script.

    A hash rather than a nonce: the script is the same for everyone, and a nonce would make
    every page's bytes differ, so no CDN or page cache could hold them.
    """
    text = TEMPLATE.read_text(encoding="utf-8")
    bodies = re.findall(r"<script>(.*?)</script>", text, flags=re.DOTALL)
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies
    ]
