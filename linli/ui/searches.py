"""Search terms that may be personal data stay out of URLs.

A name, a mobile or an ID number typed into a search box would otherwise sit in every access log,
proxy log and browser history (`?q=13800138000`). Such a search is posted; the term is kept in the
session and the URL carries only a random handle (`?s=Xy3…`), so the results page can still be
paged, reloaded and linked to (by the same signed-in user).
"""

import secrets

from django.http import HttpRequest, QueryDict

SESSION_KEY = "linli.searches"
KEPT = 20  # the newest terms per session


def keep(request: HttpRequest, term: str) -> str:
    """Keep `term` in the session; the handle that finds it again."""
    kept: dict[str, str] = request.session.get(SESSION_KEY, {})
    handle = secrets.token_urlsafe(6)
    kept[handle] = term
    for old in list(kept)[:-KEPT]:
        del kept[old]
    request.session[SESSION_KEY] = kept
    return handle


def kept(request: HttpRequest, handle: str) -> str:
    """The term behind a handle; "" when unknown (another session, or dropped as old)."""
    return str(request.session.get(SESSION_KEY, {}).get(handle, "")) if handle else ""


def query_for(request: HttpRequest, params: QueryDict, term_field: str = "q") -> str:
    """The query string for a posted search form: its fields, with the term behind a handle."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        if name not in ("csrfmiddlewaretoken", "page", "s", term_field) and any(values):
            query.setlist(name, values)
    term = params.get(term_field, "").strip()
    if term:
        query["s"] = keep(request, term)
    return query.urlencode()


def bound_data(request: HttpRequest, term_field: str = "q") -> QueryDict | None:
    """A search form's data from a results URL: its fields, and the term behind its handle.
    None when the URL holds no search at all. A term put in the URL itself is ignored."""
    if not request.GET:
        return None
    data = request.GET.copy()
    data.pop(term_field, None)
    data[term_field] = kept(request, request.GET.get("s", ""))
    return data
