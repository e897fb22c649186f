"""The notice's models: the page, the records it points to, and its published versions."""

from .pages import NoticeSection, PrivacyNoticePage
from .snippets import (
    AuthorityContactDetails,
    ContactDetails,
    ContactPerson,
    Organisation,
    SupervisoryAuthority,
)
from .versions import NoticeVersion

__all__ = [
    "AuthorityContactDetails",
    "ContactDetails",
    "ContactPerson",
    "NoticeSection",
    "NoticeVersion",
    "Organisation",
    "PrivacyNoticePage",
    "SupervisoryAuthority",
]
