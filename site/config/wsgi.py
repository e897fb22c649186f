import os
import sys
from pathlib import Path

# The project package lives in site/, a plain folder so it never shadows the stdlib "site".
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
