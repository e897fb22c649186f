"""The admin: what an editor's pages cost in SQL."""

from . import figure

DASHBOARD_QUERIES = 15


@figure(order=400)
def dashboard_queries(bench) -> None:
    """SQL queries of the Wagtail dashboard (every panel of every app) for a signed-in
    superuser, after one visit has warmed the process."""
    bench.django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, __ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    count = len(queries)
    assert response.status_code == 200
    bench.show(f"dashboard: {count} SQL queries, {len(response.content)} bytes")
    bench.budget("dashboard SQL queries", count, DASHBOARD_QUERIES)
