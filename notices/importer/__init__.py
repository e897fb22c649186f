"""Import an existing privacy notice (plain text, HTML or DOCX) as a draft PrivacyNoticePage.

The pipeline: `reading` turns a file into lines, `splitting` finds the headings (with the
vocabulary of `headings`, in Finnish, Swedish and English), `builders` fill typed blocks where
the text allows and keep everything else as text, and `create` saves the draft page. `views`
is the admin's import screen.
"""

from .create import ImportResult, default_parent, import_notice
from .reading import MAX_FILE_BYTES, NoticeImportError

__all__ = ["MAX_FILE_BYTES", "ImportResult", "NoticeImportError", "default_parent", "import_notice"]
