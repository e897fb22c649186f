"""The verification link's token: the request's number and nonce, signed with SECRET_KEY.

The database holds the nonce but never the token: the token needs the signing key, which is
not in the database, and the outbox asks for it only while sending (`send_time_value`), so a
backup or a support dump cannot confirm anybody's request. The same request always gives the
same token, so a mail sent again carries the same working link.
"""

import base64

from django.core import signing

SIGNING_SALT = "notices.rights-request.verify"


def verification_token(rights_request) -> str:
    """One plain URL path segment (Wagtail's routes allow letters, digits, "_" and "-")."""
    signed = signing.Signer(salt=SIGNING_SALT).sign_object(
        {"r": rights_request.pk, "n": rights_request.verification_nonce}
    )
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_token(token: str) -> dict | None:
    """The signed payload, or None for anything not signed with this site's key."""
    padded = token + "=" * (-len(token) % 4)
    try:
        signed = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
        payload = signing.Signer(salt=SIGNING_SALT).unsign_object(signed)
    except (ValueError, UnicodeError, signing.BadSignature):
        return None
    return payload if isinstance(payload, dict) else None
