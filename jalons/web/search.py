"""Search texts (names, France Travail ids) are personal data: they never go in a URL.

A list's search form posts its text, which is kept in the session under the list's key;
the list then reads it from there (its other filters stay in the query string)."""

from django.http import HttpRequest

SEARCH_MAX_LENGTH = 200


def remembered_search(request: HttpRequest, key: str) -> str:
    """The search the user last posted on the list `key`, or ""."""
    value = request.session.get(key, "")
    return value if isinstance(value, str) else ""


def remember_search(request: HttpRequest, key: str, text: str) -> None:
    """Keep `text` as the list's search; an empty text clears it."""
    text = text.strip()[:SEARCH_MAX_LENGTH]
    if text:
        request.session[key] = text
    else:
        request.session.pop(key, None)
