"""What was seen, compared with what the site declares.

- A cookie or storage key that no published declaration covers (exact names, and patterns
  such as `_ga_<container-id>`) is undeclared.
- An optional cookie or storage key, or any request to another host, seen by a visitor who
  has not consented (not chosen, rejected, sent Global Privacy Control, or the accepting
  visitor before pressing the button) came before consent.
- A declared cookie that lives longer than its declared duration is declared wrongly.
"""

import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from cookie_consent.models import Cookie

from cookies.declarations import declared_lifetime_seconds

from .recording import BEFORE, Recording, SeenCookie, SeenStorageKey
from .visitors import VISITORS, Visitor

# Clock and rounding: a cookie a minute longer than declared is not worth a finding.
LIFETIME_TOLERANCE = 120
# `_ga_<container-id>`: the part in angle brackets stands for any characters.
PLACEHOLDER = re.compile(r"<[^<>]*>|\*")


@dataclass
class Declaration:
    """One declared cookie or storage key, as the comparison needs it."""

    pk: int
    kind: str  # "cookie", "localStorage", "sessionStorage"
    name: str
    domain: str
    group: str
    group_name: str
    required: bool
    live: bool
    # The longest declared lifetime in seconds; None when it is a session cookie or unstated.
    lifetime: float | None
    session: bool

    @property
    def is_pattern(self) -> bool:
        return bool(PLACEHOLDER.search(self.name))

    def matches(self, name: str, domain: str = "") -> bool:
        if self.is_pattern:
            parts = PLACEHOLDER.split(self.name)
            if not re.fullmatch(".+?".join(re.escape(p) for p in parts), name):
                return False
        elif name != self.name:
            return False
        if self.domain and domain:
            want, have = self.domain.lstrip(".").lower(), domain.lstrip(".").lower()
            return have == want or have.endswith("." + want)
        return True


# DeclaredCookie.storage, as the browser names the place.
STORAGE_KINDS = {"cookie": "cookie", "local": "localStorage", "session": "sessionStorage"}


def load_declarations() -> list[Declaration]:
    """Every cookie and storage-key declaration, published or draft, with its group."""
    cookies = Cookie.objects.select_related("cookiegroup", "declaredcookie")
    result = []
    for cookie in cookies:
        details = getattr(cookie, "declaredcookie", None)
        storage = getattr(details, "storage", "cookie") if details else "cookie"
        result.append(
            Declaration(
                pk=cookie.pk,
                kind=STORAGE_KINDS.get(storage, "cookie"),
                name=cookie.name,
                domain=cookie.domain,
                group=cookie.cookiegroup.varname,
                group_name=cookie.cookiegroup.name,
                required=cookie.cookiegroup.is_required,
                live=details.live if details else True,
                lifetime=declared_lifetime_seconds(details) if details else None,
                session=bool(details and details.duration_unit == "session"),
            )
        )
    return result


@dataclass
class Provider:
    """An external media provider (a video, a map) and the hosts its embeds come from."""

    name: str
    group: str
    patterns: list[str]

    def serves(self, url: str) -> bool:
        """Whether the address is one of its own: a listed host or a subdomain of it, and
        under the listed path when there is one."""
        parts = urlsplit(url)
        host, path = (parts.hostname or "").lower(), parts.path or "/"
        for pattern in self.patterns:
            want_host, __, want_path = pattern.partition("/")
            if host != want_host and not host.endswith("." + want_host):
                continue
            if not want_path or path.startswith("/" + want_path):
                return True
        return False


def load_providers() -> list[Provider]:
    """The declared external media providers, when this version of cookies has them."""
    try:
        from cookies.models import ExternalMediaProvider
    except ImportError:
        return []
    providers = ExternalMediaProvider.objects.select_related("cookie_group")
    return [Provider(p.name, p.cookie_group.varname, p.host_patterns()) for p in providers]


def find(declarations: list[Declaration], kind: str, name: str, domain: str = ""):
    """The published declaration that covers the name (an exact name before a pattern),
    and, when none does, a draft that would."""
    matching = [d for d in declarations if d.kind == kind and d.matches(name, domain)]
    matching.sort(key=lambda d: (not d.live, d.is_pattern))
    live = next((d for d in matching if d.live), None)
    draft = None if live else next(iter(matching), None)
    return live, draft


@dataclass
class Problem:
    """One thing the scan fails on, named."""

    # "undeclared", "before_consent", "lifetime", "no_choice", "page_error", "not_visited"
    code: str
    # "cookie", "localStorage", "sessionStorage", "request", "page"
    kind: str
    name: str
    visitors: list[str]
    page: str
    detail: dict = field(default_factory=dict)

    def key(self) -> tuple:
        # A host's script, pixel and frame are separate problems: each is named.
        where = self.detail.get("domain", "") or self.detail.get("request_kind", "")
        return (self.code, self.kind, self.name, where)


@dataclass
class Row:
    """One line of a visitor's table."""

    kind: str
    name: str
    where: str  # the cookie's domain, the storage key's origin, the request's kind
    status: str  # "necessary", "optional", "undeclared", "draft", "other host"
    group: str
    page: str
    set_by: str
    phase: str
    lifetime: float | None = None
    declared_lifetime: float | None = None
    count: int = 0
    failure: str = ""
    problems: list[str] = field(default_factory=list)
    draft_pk: int | None = None
    # The declared external media provider a request goes to, if any.
    provider: str = ""
    # A cookie's path and when the browser deletes it (ISO 8601; empty: with the session).
    path: str = ""
    expires: str = ""


@dataclass
class VisitorResult:
    visitor: str
    choice: str
    choice_page: str
    pages: int
    rows: list[Row]


@dataclass
class Comparison:
    visitors: list[VisitorResult]
    problems: list[Problem]
    unseen: list[str]
    # Pages of the tree that answered "not found" or "forbidden": nothing of them was checked.
    not_found: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def compare(
    recordings: list[Recording],
    declarations: list[Declaration],
    providers: list[Provider] | None = None,
) -> Comparison:
    visitors = {visitor.key: visitor for visitor in VISITORS}
    problems: dict[tuple, Problem] = {}
    used: set[int] = set()

    def problem(code: str, kind: str, name: str, visitor: str, page: str, **detail) -> str:
        found = Problem(code, kind, name, [visitor], page, detail)
        existing = problems.setdefault(found.key(), found)
        if visitor not in existing.visitors:
            existing.visitors.append(visitor)
        return code

    results = []
    for recording in recordings:
        visitor = visitors[recording.visitor]
        rows = []
        for cookie in recording.cookies:
            rows.append(cookie_row(cookie, visitor, declarations, used, problem))
        for key in recording.storage:
            rows.append(storage_row(key, visitor, declarations, used, problem))
        for request in recording.requests:
            provider = next((p for p in providers or [] if p.serves(request.url)), None)
            row = Row(
                kind="request",
                name=request.host,
                where=request.kind,
                status="other host",
                group=provider.group if provider else "",
                provider=provider.name if provider else "",
                page=request.pages[0] if request.pages else "",
                set_by=request.url,
                phase=request.phase,
                count=request.count,
                failure=request.failure,
            )
            if without_consent(visitor, request.phase):
                row.problems.append(
                    problem(
                        "before_consent",
                        "request",
                        request.host,
                        visitor.key,
                        row.page,
                        request_kind=request.kind,
                        url=request.url,
                        provider=row.provider,
                    )
                )
            rows.append(row)
        if visitor.action and recording.choice_page and recording.choice != "made":
            problem("no_choice", "page", recording.choice_page, visitor.key, recording.choice_page)
        for visit in recording.pages:
            if visit.error or (visit.status or 0) >= 500:
                problem(
                    "page_error",
                    "page",
                    visit.path,
                    visitor.key,
                    visit.path,
                    error=visit.error or f"HTTP {visit.status}",
                )
        results.append(
            VisitorResult(
                visitor=recording.visitor,
                choice=recording.choice,
                choice_page=recording.choice_page,
                pages=len(recording.pages),
                rows=rows,
            )
        )
    unseen = sorted({d.name for d in declarations if d.live and d.pk not in used})
    not_found = sorted(
        {
            visit.path
            for recording in recordings
            for visit in recording.pages
            if visit.status and 400 <= visit.status < 500
        }
    )
    return Comparison(results, list(problems.values()), unseen, not_found)


def without_consent(visitor: Visitor, phase: str) -> bool:
    return not visitor.consents or phase == BEFORE


def cookie_row(cookie: SeenCookie, visitor, declarations, used, problem) -> Row:
    live, draft = find(declarations, "cookie", cookie.name, cookie.domain)
    row = Row(
        kind="cookie",
        name=cookie.name,
        where=cookie.domain,
        status=status_of(live, draft),
        group=live.group if live else (draft.group if draft else ""),
        page=cookie.first_page,
        set_by=cookie.set_by,
        phase=cookie.phase,
        lifetime=cookie.lifetime,
        declared_lifetime=live.lifetime if live else None,
        draft_pk=draft.pk if draft else None,
        path=cookie.path,
        expires=cookie.expires,
    )
    detail = {"domain": cookie.domain, "set_by": cookie.set_by, "lifetime": cookie.lifetime}
    if live is None:
        row.problems.append(
            problem("undeclared", "cookie", cookie.name, visitor.key, row.page, **detail)
        )
        return row
    used.add(live.pk)
    if not live.required and without_consent(visitor, cookie.phase):
        row.problems.append(
            problem(
                "before_consent",
                "cookie",
                cookie.name,
                visitor.key,
                row.page,
                group=live.group,
                **detail,
            )
        )
    if lives_too_long(cookie.lifetime, live):
        row.problems.append(
            problem(
                "lifetime",
                "cookie",
                cookie.name,
                visitor.key,
                row.page,
                declared=live.lifetime,
                declared_session=live.session,
                **detail,
            )
        )
    return row


def lives_too_long(lifetime: float | None, declaration: Declaration) -> bool:
    if lifetime is None:
        return False  # a session cookie is never longer than declared
    if declaration.session:
        return True
    if declaration.lifetime is None:
        return False  # declared without a duration: nothing to compare with
    return lifetime > declaration.lifetime + LIFETIME_TOLERANCE


def storage_row(key: SeenStorageKey, visitor, declarations, used, problem) -> Row:
    live, draft = find(declarations, key.area, key.key, urlsplit(key.origin).hostname or "")
    row = Row(
        kind=key.area,
        name=key.key,
        where=key.origin,
        status=status_of(live, draft),
        group=live.group if live else "",
        page=key.first_page,
        set_by=key.set_by,
        phase=key.phase,
        draft_pk=draft.pk if draft else None,
    )
    detail = {"domain": key.origin, "set_by": key.set_by}
    if live is None:
        row.problems.append(
            problem("undeclared", key.area, key.key, visitor.key, row.page, **detail)
        )
        return row
    used.add(live.pk)
    if not live.required and without_consent(visitor, key.phase):
        row.problems.append(
            problem(
                "before_consent",
                key.area,
                key.key,
                visitor.key,
                row.page,
                group=live.group,
                **detail,
            )
        )
    return row


def status_of(live: Declaration | None, draft: Declaration | None) -> str:
    if live is not None:
        return "necessary" if live.required else "optional"
    return "draft" if draft is not None else "undeclared"
