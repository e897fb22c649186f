"""Test settings for a task worker started as a separate process by the delivery tests: the
test database (DATABASE_URL) and a real SMTP server on loopback (SMTP_TEST_PORT)."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["SMTP_TEST_PORT"])
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "2"))
SELOSTE_OUTBOX_FINAL_REPLY_TIMEOUT = float(os.environ.get("FINAL_REPLY_TIMEOUT", "60"))
