from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from jalons.accounts.throttling import is_locked, record_failure

if TYPE_CHECKING:
    from jalons.accounts.models import User


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if not email or not password:
            return data
        if is_locked(email, self.request):
            raise forms.ValidationError(
                "Trop de tentatives de connexion échouées : réessayez dans quelques minutes.",
                code="locked",
            )
        self.user = authenticate(self.request, username=email, password=password)
        if self.user is None:
            record_failure(email, self.request)
            raise forms.ValidationError(
                "Adresse e-mail ou mot de passe incorrect.", code="invalid_login"
            )
        return data
