"""The participants export: an XLSX of the actor's scope, with the list's filters, no
sensitive column, built by chunks in constant queries and streamed."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jalons.participants import exports
from jalons.participants.models import Participant
from tests.conftest import make_pathway
from tests.factories import LotFactory, ParticipantFactory

URL = reverse("exports:participants_xlsx")
LIST_URL = reverse("participants:list")
HEADER = [
    "identifiant", "nom", "prénom", "sexe", "date de naissance", "commune", "statut",
    "date d'entrée", "référent", "lot",
]  # fmt: skip


def sheet(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == exports_content_type()
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["Participants"]
    return [list(row) for row in workbook["Participants"].iter_rows(values_only=True)]


def exports_content_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def names(rows: list[list[object]]) -> list[str]:
    return [f"{row[1]} {row[2]}" for row in rows[1:]]


def test_coordinator_exports_the_plie_participants_in_name_order(world, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("coordinator").get(URL)
    assert response["Content-Disposition"].startswith('attachment; filename="participants-')
    rows = sheet(response)
    assert rows[0] == HEADER
    assert names(rows) == ["Bernard Paul", "Martin Sophie", "Petit Léa"]
    sophie = world.participant
    martin = rows[2]
    assert martin == [
        str(sophie.uid), "Martin", "Sophie", "Femme",
        datetime.combine(sophie.birth_date, datetime.min.time()), "Aix-en-Provence",
        "En parcours", datetime(2024, 1, 15), "Adviser Test", "L1",
    ]  # fmt: skip
    petit = rows[3]  # oriented, no pathway yet
    assert petit[6:] == ["Orienté·e", None, None, None]


def test_dates_are_shown_day_first_and_the_identifiant_is_the_source_one(world, as_) -> None:  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=world.participant.pk).update(source_id="H00042")
    content = b"".join(as_("lead").get(URL).streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook["Participants"]
    assert ws["A3"].value == "H00042"
    assert ws["E3"].number_format == "DD/MM/YYYY" and ws["H3"].number_format == "DD/MM/YYYY"
    assert ws["A1"].font.bold


def test_no_sensitive_data_in_the_export(world, as_) -> None:  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=world.participant.pk).update(
        nir="269054958815780", email="sophie@example.org", phone="06 11 22 33 44"
    )
    text = repr(sheet(as_("coordinator").get(URL)))
    for secret in ("269054958815780", "sophie@example.org", "06 11 22 33 44", "health", "Santé",
                   "debt", "RSA", "RQTH", "rqth"):  # fmt: skip
        assert secret not in text


def test_oi_controller_exports_every_plie_and_other_plie_lead_only_theirs(world, as_) -> None:  # type: ignore[no-untyped-def]
    assert names(sheet(as_("oi").get(URL))) == [
        "Bernard Paul", "Durand Marc", "Martin Sophie", "Petit Léa",
    ]  # fmt: skip
    assert names(sheet(as_("other_plie_lead").get(URL))) == ["Durand Marc"]


def test_the_list_filters_apply(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = as_("lead")
    assert names(sheet(lead.get(URL, {"status": "oriented"}))) == ["Petit Léa"]
    lot2 = world.other_lot_participant.current_pathway.lot
    assert names(sheet(lead.get(URL, {"lot": lot2.pk}))) == ["Bernard Paul"]
    # The search comes from the list's session, never from the query string.
    assert len(names(sheet(lead.get(URL, {"q": "mart"})))) == 3
    lead.post(LIST_URL, {"q": "mart"})
    assert names(sheet(lead.get(URL))) == ["Martin Sophie"]
    assert names(sheet(lead.get(URL, {"status": "oriented"}))) == []
    lead.get(LIST_URL, {"reinitialiser": "1"})
    assert len(names(sheet(lead.get(URL)))) == 3
    other = as_("other_plie_lead")
    other.post(LIST_URL, {"q": "Martin"})
    assert names(sheet(other.get(URL))) == []


def test_an_invalid_filter_exports_nothing_and_says_why(world, as_) -> None:  # type: ignore[no-untyped-def]
    other_plie_lot = LotFactory(plie=world.plie2, code="M1", name="Marseille")
    response = as_("lead").get(URL, {"lot": other_plie_lot.pk})
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith(
        "Filtres invalides, rien n'a été exporté. Lot : Sélectionnez un choix valide"
    )


@pytest.mark.parametrize("persona", ["adviser", "cre", "prescriber", "admin", "no_role"])
def test_other_roles_are_refused(world, as_, persona) -> None:  # type: ignore[no-untyped-def]
    assert as_(persona).get(URL).status_code == 403
    assert as_("lead").post(URL).status_code == 405


def test_rows_are_read_by_chunks_in_constant_queries(
    world, as_, django_assert_num_queries, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)  # several chunks even for a few rows
    lot1 = world.pathway.lot

    def add(first: int, n: int) -> None:
        for i in range(first, first + n):
            person = ParticipantFactory(plie=world.plie, last_name=f"Zed{i:02d}")
            make_pathway(person, world.users["adviser"], lot1, entry=date(2024, 3, 1))

    client = as_("coordinator")
    expected = (
        2  # session, user
        + 1  # actor: memberships
        + 1  # more rows than an inline export may hold? (LIMIT 1 OFFSET max, no count)
        + 1  # participants with commune, pathway, referent and lot (one cursor, by chunks)
    )
    add(0, 2)
    with django_assert_num_queries(expected):
        response = client.get(URL)
        rows = sheet(response)
    assert len(rows) == 1 + 5
    add(2, 6)
    with django_assert_num_queries(expected):
        rows = sheet(client.get(URL))
    assert len(rows) == 1 + 11 and rows[-1][1] == "Zed07"


def test_list_page_offers_the_export_with_its_filters(world, as_):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    coordinator = as_("coordinator")
    coordinator.post(reverse("participants:list"), {"q": "martin", "status": "active"})
    html = coordinator.get(reverse("participants:list"), {"status": "active"}).content.decode()
    # The search is not in the link (personal data): the export reads it from the session.
    assert f'href="{reverse("exports:participants_xlsx")}?status=active"' in html
    assert reverse("exports:participants_xlsx") not in (
        as_("adviser").get(reverse("participants:list")).content.decode()
    )
