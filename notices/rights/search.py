"""What keeps the inbox's search index-backed however many requests there are."""

import logging
import re
import time

from django.db import DatabaseError, connection, transaction
from wagtail.search.models import IndexEntry

logger = logging.getLogger(__name__)

# A whole address, as a handler pastes it from a mail: found by the requests' own index.
WHOLE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# How often a process looks again whether SQLite's statistics still describe the search index.
STATISTICS_CHECK_SECONDS = 600
# Rows ANALYZE samples per index: enough for the planner's choice, cheap at any size.
ANALYSIS_LIMIT = 1000

_checked_at: float | None = None


def keep_search_statistics() -> None:
    """On SQLite, give the planner statistics of Wagtail's search index when it has none or
    has grown to more than twice what they describe.

    Without them SQLite walks every index entry of the model and asks the full-text table
    about each one: seconds for one search at 10^4 requests. With them it reads the full-text
    matches first: milliseconds at 10^5. PostgreSQL keeps its own statistics (autovacuum).
    """
    global _checked_at
    if connection.vendor != "sqlite":
        return
    now = time.monotonic()
    if _checked_at is not None and now - _checked_at < STATISTICS_CHECK_SECONDS:
        return
    _checked_at = now
    table = IndexEntry._meta.db_table
    try:
        with connection.cursor() as cursor:
            described = 0
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
                stats = [int(row[0].split()[0]) for row in cursor.fetchall()]
                described = max(stats, default=0)
            cursor.execute(f'SELECT MAX(rowid) FROM "{table}"')  # noqa: S608 - a model's table
            entries = cursor.fetchone()[0] or 0
        if entries <= 2 * described:
            return
        # Only now a write (the statistics table), so a search takes the write lock at most
        # once per doubling of the index.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            cursor.execute(f'ANALYZE "{table}"')
    except DatabaseError as error:  # a read-only database: the search still works, slower
        logger.warning("Search index statistics not refreshed: %s", error)
