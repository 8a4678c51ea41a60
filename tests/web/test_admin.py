"""The Django admin (users, memberships, organisations, reference data) works for staff."""

import pytest
from django.test import Client

from jalons.accounts.models import User
from jalons.territory.models import Commune

PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/organisations/organisation/",
    "/admin/organisations/membership/",
    "/admin/territory/commune/",
    "/admin/territory/qpv/",
    "/admin/territory/smicrate/",
    "/admin/protocols/protocol/",
]


@pytest.fixture
def staff(world) -> Client:  # type: ignore[no-untyped-def]
    admin = world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_admin_pages(staff, url):  # type: ignore[no-untyped-def]
    assert staff.get(url).status_code == 200


def test_reference_data_is_read_only(staff):  # type: ignore[no-untyped-def]
    commune = Commune.objects.get(insee_code="13001")
    assert staff.get(f"/admin/territory/commune/{commune.pk}/delete/").status_code == 403
    assert staff.get("/admin/territory/commune/add/").status_code == 403


def test_admin_creates_a_user_with_an_email(staff):  # type: ignore[no-untyped-def]
    response = staff.post(
        "/admin/accounts/user/add/",
        {
            "email": "nouvelle@test.jalons.fr",
            "first_name": "Nouvelle",
            "last_name": "Conseillère",
            "password1": "un-mot-de-passe-solide-2026",
            "password2": "un-mot-de-passe-solide-2026",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="nouvelle@test.jalons.fr").check_password(
        "un-mot-de-passe-solide-2026"
    )


def test_non_staff_is_sent_to_the_admin_login(as_):  # type: ignore[no-untyped-def]
    assert as_("coordinator").get("/admin/").status_code == 302
