"""Authentication by e-mail (case-insensitive), refusing throttled logins."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from jalons.accounts.models import User
from jalons.accounts.throttling import is_locked

DEMO_DOMAIN = "@demo.jalons.fr"


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        if email.endswith(DEMO_DOMAIN) and not settings.DEMO:
            return None  # demo accounts (password "demo") only work in demo mode
        if request is not None and is_locked(email, request):
            return None
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            User().set_password(password)  # same cost whether or not the account exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
