"""Logging in and out in a real browser."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jalons.accounts.models import LoginFailure
from tests.e2e.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory, PlieFactory, UserFactory

PASSWORD = "motdepasse-solide-42"
EMAIL = "camille.durand@test.jalons.fr"


def _adviser() -> None:
    plie = PlieFactory(code="AIX", name="PLIE du Pays d'Aix")
    provider = OrganisationFactory(kind="provider", name="Accompagnement Centre", plie=plie)
    user = UserFactory(email=EMAIL, first_name="Camille", last_name="Durand")
    MembershipFactory(user=user, organisation=provider, role="adviser")


def test_adviser_logs_in_sees_the_home_page_and_logs_out(
    page: Page, live_server: LiveServer
) -> None:
    _adviser()
    broken: list[str] = []  # stylesheets, scripts, icons that the server could not serve
    page.on("response", lambda r: broken.append(r.url) if r.status >= 400 else None)

    login(page, live_server, EMAIL, PASSWORD)

    expect(page).to_have_url(f"{live_server.url}{reverse('home')}")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_count(1)
    expect(heading).to_be_visible()
    expect(heading).not_to_have_text("")
    navigation = page.get_by_role("navigation", name="Navigation principale")
    expect(navigation).to_contain_text("Accompagnateur à l'emploi (AAE) · Accompagnement Centre")
    expect(navigation).to_contain_text("Camille Durand")
    assert broken == []

    navigation.get_by_role("button", name="Déconnexion").click()

    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")
    expect(page.get_by_role("alert")).to_have_text("Vous êtes déconnecté·e.")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_have_count(0)
    page.goto(f"{live_server.url}{reverse('home')}")
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}{reverse('login')}?")))


def test_wrong_password_shows_the_french_error(page: Page, live_server: LiveServer) -> None:
    _adviser()

    login(page, live_server, EMAIL, "pas-le-bon-mot-de-passe")

    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")
    expect(page.get_by_role("alert")).to_have_text("Adresse e-mail ou mot de passe incorrect.")
    expect(page.get_by_label("Adresse e-mail")).to_have_value(EMAIL)
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_have_count(0)
    assert LoginFailure.objects.filter(email=EMAIL).count() == 1
