"""The scan result for people: a table per visitor, a summary, and each problem in a sentence.

Works on the result's dictionary (what `--json` writes and the admin stores), so a stored scan
reads exactly as the command printed it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cookies.declarations import duration_from_seconds
from cookies.models import DeclaredCookie

from .visitors import VISITORS_BY_KEY

KIND_LABELS = {
    "cookie": gettext_lazy("cookie"),
    "localStorage": "localStorage",
    "sessionStorage": "sessionStorage",
    "request": gettext_lazy("request"),
}


def lifetime_text(seconds: float | None) -> str:
    """ "2 years", "14 days", or "session" for a cookie that ends with the browser."""
    if seconds is None:
        return _("session")
    value, unit = duration_from_seconds(seconds)
    return DeclaredCookie(duration_value=value, duration_unit=unit).duration_display()


def visitor_label(key: str) -> str:
    visitor = VISITORS_BY_KEY.get(key)
    return str(visitor.label) if visitor else key


def visitor_title(key: str) -> str:
    visitor = VISITORS_BY_KEY.get(key)
    return str(visitor.title) if visitor else key


def visitors_text(keys: list[str]) -> str:
    return ", ".join(visitor_label(key) for key in keys)


def status_text(row: dict) -> str:
    labels = {
        "necessary": _("necessary"),
        "optional": _("optional"),
        "undeclared": _("UNDECLARED"),
        "draft": _("UNDECLARED (draft)"),
        "other host": _("other host"),
    }
    text = labels.get(row["status"], row["status"])
    group = row.get("group")
    # The default groups are named after what they are: "necessary (necessary)" says nothing.
    return f"{group} ({text})" if group and group != row["status"] else text


def phase_text(phase: str) -> str:
    return _("before the choice") if phase == "before" else _("after the choice")


def describe(problem: dict, origin: str = "") -> str:
    """One problem as a sentence that names it."""
    detail = problem.get("detail", {})
    values = {
        "name": problem["name"],
        "kind": KIND_LABELS.get(problem["kind"], problem["kind"]),
        "page": problem["page"],
        "visitors": visitors_text(problem["visitors"]),
        "domain": detail.get("domain", ""),
        "set_by": on_site(detail.get("set_by", ""), origin) or _("unknown"),
        "group": detail.get("group", ""),
        "request_kind": ", ".join(
            part for part in (detail.get("request_kind", ""), detail.get("provider", "")) if part
        ),
        "error": detail.get("error", ""),
    }
    code = problem["code"]
    if code == "undeclared":
        return (
            _(
                "Undeclared %(kind)s “%(name)s” (%(domain)s), first on %(page)s, set by "
                "%(set_by)s; seen by: %(visitors)s."
            )
            % values
        )
    if code == "before_consent" and problem["kind"] == "request":
        return (
            _(
                "Request to %(name)s (%(request_kind)s) without consent, first on %(page)s; "
                "seen by: %(visitors)s."
            )
            % values
        )
    if code == "before_consent":
        return (
            _(
                "Optional %(kind)s “%(name)s” (group %(group)s) without consent, first on "
                "%(page)s, set by %(set_by)s; seen by: %(visitors)s."
            )
            % values
        )
    if code == "lifetime":
        declared = (
            _("until the browser is closed")
            if detail.get("declared_session")
            else lifetime_text(detail.get("declared"))
        )
        return _("Cookie “%(name)s” lives %(real)s but is declared for %(declared)s.") % {
            **values,
            "real": lifetime_text(detail.get("lifetime")),
            "declared": declared,
        }
    if code == "no_choice":
        return _("No cookie banner to choose in on %(page)s; visitors: %(visitors)s.") % values
    if code == "page_error":
        return _("%(page)s could not be checked: %(error)s.") % values
    if code == "not_visited":
        count = detail.get("pages", 1)
        return ngettext(
            "The time budget ran out: %(count)d page was not checked (%(page)s).",
            "The time budget ran out: %(count)d pages were not checked, the first %(page)s.",
            count,
        ) % {**values, "count": count}
    return f"{code}: {problem['name']}"


def table(headers: list[str], rows: list[list[str]], indent: str = "    ") -> list[str]:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = [indent + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    for row in rows:
        lines.append(indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return [line.rstrip() for line in lines]


def on_site(url: str, origin: str) -> str:
    """An address of the scanned site as its path; another site's in full."""
    if origin and url.startswith(origin + "/"):
        return url[len(origin) :]
    return url


def short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def text_report(result: dict) -> list[str]:
    """The tables and the summary as lines of text; `verdict_lines` says what it means."""
    pages = len(result["pages"]) - len(result["skipped_pages"])
    lines = [
        ngettext(
            "Cookie scan of %(url)s: %(pages)d page, %(seconds)s s",
            "Cookie scan of %(url)s: %(pages)d pages, %(seconds)s s",
            pages,
        )
        % {"url": result["base_url"], "pages": pages, "seconds": result["seconds"]},
    ]
    if result["skipped_pages"]:
        lines.append(
            ngettext(
                "The time budget ran out: %(n)d page was not visited.",
                "The time budget ran out: %(n)d pages were not visited.",
                len(result["skipped_pages"]),
            )
            % {"n": len(result["skipped_pages"])}
        )
    for visitor in result["visitors"]:
        lines += ["", visitor_block_title(visitor)]
        lines += visitor_tables(visitor, result["base_url"])
    lines += ["", _("Summary")]
    for visitor in result["visitors"]:
        lines.append("  " + visitor_summary(visitor))
    if result["unseen"]:
        lines.append(
            "  " + _("Declared but not seen: %(names)s") % {"names": ", ".join(result["unseen"])}
        )
    if result.get("not_found"):
        lines.append(
            "  "
            + _("Not checked, the page answered with an error: %(paths)s")
            % {"paths": ", ".join(result["not_found"])}
        )
    return lines


def verdict_lines(result: dict) -> list[str]:
    """The verdict: clean, or each problem in a sentence."""
    problems = result["problems"]
    if not problems:
        return [_("Clean: nothing undeclared, nothing optional before consent.")]
    return [
        ngettext("%(n)d problem:", "%(n)d problems:", len(problems)) % {"n": len(problems)},
        *(f"  - {describe(problem, result['base_url'])}" for problem in problems),
    ]


def visitor_block_title(visitor: dict) -> str:
    title = ngettext(
        "%(title)s (%(pages)d page)", "%(title)s (%(pages)d pages)", visitor["pages"]
    ) % {
        "title": visitor_title(visitor["visitor"]),
        "pages": visitor["pages"],
    }
    if visitor["choice"] == "made":
        title += " – " + _("chose on %(page)s") % {"page": visitor["choice_page"]}
    return title


def visitor_tables(visitor: dict, origin: str = "") -> list[str]:
    rows = visitor["rows"]
    lines = []
    # Only a visitor who presses a button has a before and an after.
    chooses = bool(visitor["choice"])

    def when(row: dict) -> list[str]:
        return [phase_text(row["phase"])] if chooses else []

    when_header = [_("when")] if chooses else []
    cookies = [r for r in rows if r["kind"] == "cookie"]
    storage = [r for r in rows if r["kind"] in ("localStorage", "sessionStorage")]
    requests = [r for r in rows if r["kind"] == "request"]
    lines.append("  " + _("Cookies"))
    if cookies:
        lines += table(
            [
                _("name"),
                _("domain"),
                _("status"),
                _("lifetime"),
                *when_header,
                _("first page"),
                _("set by"),
            ],
            [
                [
                    r["name"],
                    r["where"] + (r.get("path") if r.get("path", "/") != "/" else ""),
                    status_text(r),
                    lifetime_text(r["lifetime"]),
                    *when(r),
                    r["page"],
                    short(on_site(r["set_by"], origin) or _("unknown")),
                ]
                for r in cookies
            ],
        )
    else:
        lines.append("    " + _("none"))
    lines.append("  " + _("Storage keys"))
    if storage:
        lines += table(
            [
                _("key"),
                _("area"),
                _("origin"),
                _("status"),
                *when_header,
                _("first page"),
                _("set by"),
            ],
            [
                [
                    r["name"],
                    r["kind"],
                    r["where"],
                    status_text(r),
                    *when(r),
                    r["page"],
                    short(on_site(r["set_by"], origin) or _("unknown")),
                ]
                for r in storage
            ],
        )
    else:
        lines.append("    " + _("none"))
    lines.append("  " + _("Requests to other hosts"))
    if requests:
        lines += table(
            [
                _("host"),
                _("kind"),
                *when_header,
                _("count"),
                _("first page"),
                _("result"),
                _("address"),
            ],
            [
                [
                    f"{r['name']} ({r['provider']})" if r.get("provider") else r["name"],
                    r["where"],
                    *when(r),
                    str(r["count"]),
                    r["page"],
                    r["failure"] or _("answered"),
                    short(r["set_by"], 60),
                ]
                for r in requests
            ],
        )
    else:
        lines.append("    " + _("none"))
    return lines


def visitor_summary(visitor: dict) -> str:
    rows = visitor["rows"]
    cookies = sum(1 for r in rows if r["kind"] == "cookie")
    storage = sum(1 for r in rows if r["kind"] in ("localStorage", "sessionStorage"))
    hosts = len({r["name"] for r in rows if r["kind"] == "request"})
    problems = sum(1 for r in rows if r["problems"])
    counts = ", ".join(
        [
            ngettext("%(n)d cookie", "%(n)d cookies", cookies) % {"n": cookies},
            ngettext("%(n)d storage key", "%(n)d storage keys", storage) % {"n": storage},
            ngettext("%(n)d other host", "%(n)d other hosts", hosts) % {"n": hosts},
        ]
    )
    verdict = (
        ngettext("%(n)d problem", "%(n)d problems", problems) % {"n": problems}
        if problems
        else _("OK")
    )
    return f"{visitor_label(visitor['visitor'])}: {counts} – {verdict}"
