import pytest
from django.test import Client
from django.urls import reverse

from jalons.accounts.models import LoginFailure
from tests.conftest import PASSWORD


def test_login_page_lists_demo_accounts_in_demo_mode(db, settings):  # type: ignore[no-untyped-def]
    settings.DEMO = True
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert "cheffe@demo.jalons.fr" in response.content.decode()


def test_login_page_hides_demo_accounts_outside_demo_mode(db, settings):  # type: ignore[no-untyped-def]
    settings.DEMO = False
    response = Client().get(reverse("login"))
    assert "cheffe@demo.jalons.fr" not in response.content.decode()


def test_anonymous_user_is_sent_to_login(db):  # type: ignore[no-untyped-def]
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_with_email_any_case(world):  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("login"), {"email": "ADVISER@test.jalons.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_says_so_in_french(world):  # type: ignore[no-untyped-def]
    response = Client().post(
        reverse("login"), {"email": "adviser@test.jalons.fr", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert LoginFailure.objects.filter(email="adviser@test.jalons.fr").count() == 1


@pytest.mark.parametrize("attempts", [5])
def test_login_is_throttled_after_repeated_failures(world, attempts):  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(attempts):
        client.post(reverse("login"), {"email": "adviser@test.jalons.fr", "password": "faux"})
    response = client.post(
        reverse("login"), {"email": "adviser@test.jalons.fr", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_open_redirect_is_refused(world):  # type: ignore[no-untyped-def]
    response = Client().post(
        reverse("login") + "?next=https://evil.example/",
        {"email": "adviser@test.jalons.fr", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_logout_requires_post(as_):  # type: ignore[no-untyped-def]
    client = as_("adviser")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_demo_accounts_only_log_in_in_demo_mode(db, settings):  # type: ignore[no-untyped-def]
    from django.contrib.auth import authenticate

    from tests.factories import UserFactory

    user = UserFactory(email="cheffe@demo.jalons.fr")
    user.set_password("demo")
    user.save()
    settings.DEMO = True
    assert authenticate(None, username="cheffe@demo.jalons.fr", password="demo") == user
    settings.DEMO = False
    assert authenticate(None, username="cheffe@demo.jalons.fr", password="demo") is None
