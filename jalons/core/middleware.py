from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from jalons.core.actor import SESSION_KEY, Actor, build_actor


class ActorMiddleware:
    """Resolves `request.actor` once per request (lazily: static files pay nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        def resolve() -> Actor | None:
            if not request.user.is_authenticated:
                return None
            actor = build_actor(request.user, request.session.get(SESSION_KEY))
            request.user._actor = actor  # for `rules` predicates
            return actor

        request.actor = SimpleLazyObject(resolve)  # type: ignore[attr-defined]
        return self.get_response(request)
