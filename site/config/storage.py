"""Static files as production serves them: minified when collected, then hashed and compressed.

The readable sources stay in the repository; `collectstatic` writes them minified (rjsmin and
rcssmin, the minifiers django-compressor uses: conservative, no configuration, C speedups),
then WhiteNoise's storage names them by a hash of their source and writes .br and .gz
beside each. Inline scripts in templates are never touched, so their CSP hashes stay valid.
"""

from django.core.files.base import ContentFile
from rcssmin import cssmin
from rjsmin import jsmin
from whitenoise.storage import CompressedManifestStaticFilesStorage

# The project's own static folders; third-party files (Wagtail's admin, …) ship as their
# authors built them.
OWN_PREFIXES = ("seloste/", "cookies/", "notices/", "home/", "css/", "js/")
MINIFIERS = {".js": jsmin, ".css": cssmin}


def minifier_for(name: str):
    if not name.startswith(OWN_PREFIXES) or ".min." in name:
        return None
    for suffix, minify in MINIFIERS.items():
        if name.endswith(suffix):
            return minify
    return None


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage that minifies the project's JS and CSS first."""

    def _save(self, name, content):
        minify = minifier_for(name.replace("\\", "/"))
        if minify is not None:
            content.seek(0)
            text = content.read()
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            content = ContentFile(minify(text).encode("utf-8"))
        return super()._save(name, content)
