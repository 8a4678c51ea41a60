"""Login throttling: too many failures for one e-mail or one address lock it for a while."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from jalons.accounts.models import LoginFailure


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _window_start():  # type: ignore[no-untyped-def]
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def is_locked(email: str, request: HttpRequest) -> bool:
    since = _window_start()
    limit = settings.LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(email=email.lower()).count() >= limit:
        return True
    ip = client_ip(request)
    # An address gets more room than one account (several colleagues behind one NAT).
    return bool(ip) and recent.filter(ip_address=ip).count() >= limit * 4


def record_failure(email: str, request: HttpRequest) -> None:
    LoginFailure.objects.create(email=(email or "").lower()[:254], ip_address=client_ip(request))


def clear_failures(email: str) -> None:
    LoginFailure.objects.filter(email=email.lower()).delete()
