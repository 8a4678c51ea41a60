"""The review screen (bilan): figures, scope filters, who sees which PLIE, bad input,
exports with the same figures, links from each exit count to its exits, htmx."""

import csv
import html as html_lib
import io
import json
import re
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jalons.pathways import services
from jalons.pathways.services.exits import decide_committee, propose_to_committee, validate_exits
from jalons.protocols.models import Protocol, ProtocolTarget
from jalons.reports.bilan import compute_bilan, scope_for
from jalons.territory.models import Commune
from tests.conftest import make_pathway
from tests.factories import LotFactory, ParticipantFactory

URL = "/bilan/"
START, END = "2024-01-01", "2030-12-31"
PERIOD = {"du": START, "au": END}


def person(world, name, sex, rsa, lot, referent, entry, plie=None, commune="13001"):  # type: ignore[no-untyped-def]
    participant = ParticipantFactory(
        plie=plie or world.plie,
        last_name=name,
        first_name="Test",
        sex=sex,
        rsa=rsa,
        commune=Commune.objects.get(insee_code=commune),
    )
    return make_pathway(participant, world.users[referent] if referent else None, lot, entry=entry)


def exit_with(pathway, kind, on, positive, source="imported", reason="test"):  # type: ignore[no-untyped-def]
    return services.record_exit(
        pathway, kind=kind, on=on, reason=reason, by=None, source=source, is_positive=positive
    )


def build_review_data(world):  # type: ignore[no-untyped-def]
    """AIX: the world's Sophie (F, RSA, lot L1) and Paul (M, RSA, lot L2), plus
    A (F, RSA, L1): CDI imported 01/09/2024 · B (M, L1): CDD computed from its step,
    validated 01/09/2024 · C (F, Gardanne = Sud, L2): drop-out 01/06/2024 ·
    D (M, RSA, Sud, L2): interim imported 01/11/2024.
    MRS: the world's Marc: CDI 01/08/2024, and F (M) still in a pathway."""
    lot1, lot2 = world.pathway.lot, world.other_lot_participant.current_pathway.lot
    protocol = Protocol.objects.create(
        plie=world.plie,
        name="Protocole 2024-2030",
        start_date=date(2024, 1, 1),
        end_date=date(2030, 12, 31),
    )
    ProtocolTarget.objects.create(protocol=protocol, key="accompanied", value=40)
    ProtocolTarget.objects.create(protocol=protocol, key="exits_employment", value=10)
    a = person(world, "Arnaud", "F", True, lot1, "adviser", date(2024, 2, 1))
    b = person(world, "Blanc", "M", False, lot1, "adviser", date(2024, 3, 1))
    c = person(
        world, "Chevalier", "F", False, lot2, "other_lot_adviser", date(2024, 3, 1), commune="13041"
    )
    d = person(
        world, "David", "M", True, lot2, "other_lot_adviser", date(2024, 4, 1), commune="13041"
    )
    exit_with(a, "cdi", date(2024, 9, 1), True)
    services.save_step(
        b,
        author=None,
        kind="cdd",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 12, 31),
        monthly_hours=Decimal("151.67"),
    )
    assert len(validate_exits(world.plie.pk, date(2024, 10, 1))) == 1  # B's CDD
    exit_with(c, "abandon", date(2024, 6, 1), False, source="recorded", reason="Ne vient plus.")
    exit_with(d, "interim", date(2024, 11, 1), True)
    exit_with(world.other_plie_participant.current_pathway, "cdi", date(2024, 8, 1), True)
    person(
        world,
        "Fabre",
        "M",
        False,
        None,
        "other_plie_lead",
        date(2024, 5, 1),
        plie=world.plie2,
        commune="13117",
    )
    mrs_lot = LotFactory(plie=world.plie2, code="M1", name="Marseille Nord")
    return {
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "protocol": protocol,
        "mrs_lot": mrs_lot,
        "lot1": lot1,
        "lot2": lot2,
    }


@pytest.fixture
def review_data(world):  # type: ignore[no-untyped-def]
    return build_review_data(world)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.content.decode())


def value(html: str, label: str) -> int:
    """The number shown on the row labelled `label` (linked or not)."""
    match = re.search(
        rf'<th scope="row" class="fw-normal">{re.escape(label)}</th>\s*<td class="text-end">'
        r'(?:<a href="[^"]*">)?([\d\s\u202f\xa0]+)',
        html,
    )
    assert match, f"no row {label!r}"
    return int(re.sub(r"\D", "", match.group(1)))


def link(html: str, label: str) -> str:
    match = re.search(
        rf'<th scope="row" class="fw-normal">{re.escape(label)}</th>\s*'
        r'<td class="text-end"><a href="([^"]*)">',
        html,
    )
    assert match, f"no link on {label!r}"
    return match.group(1).replace("&amp;", "&")


def test_review_figures_of_the_lead(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("lead").get(URL, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bilan du 01/01/2024 au 31/12/2030 – AIX" in html
    assert value(html, "Personnes accompagnées") == 6
    assert value(html, "Femmes") == 3 and value(html, "Hommes") == 3
    assert value(html, "Bénéficiaires du RSA") == 4
    assert value(html, "Sorties positives") == 3
    assert value(html, "Sorties en emploi stable et durable") == 3
    assert value(html, "dont bénéficiaires du RSA") == 2
    assert value(html, "CDI (mi-temps ou plus, validé à 6 mois)") == 1
    assert value(html, "CDD de 6 mois ou plus (mi-temps ou plus)") == 1
    assert value(html, "Abandons de parcours") == 1
    assert "50,0 %" in html  # 3 positive exits of 6 people
    objectives = response.context["review"]["objectives"]
    assert [(o["label"], o["target"], o["achieved"], o["rate"]) for o in objectives] == [
        ("Personnes accompagnées", 40, 6, "15,0 %"),
        ("Sorties en emploi stable et durable", 10, 3, "30,0 %"),
    ]
    charts = response.context["review"]["charts"]
    assert charts["objectives"] == {
        "labels": ["Personnes accompagnées", "Sorties en emploi stable et durable"],
        "target": [40, 10],
        "achieved": [6, 3],
    }
    assert charts["prescribers"]["values"][1] == 6  # CAF
    assert 'id="bilan-charts"' in html and "chart.umd.min.js" in html


def test_pace_on_the_screen_matches_the_review(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    review = as_("lead").get(URL, PERIOD).context["review"]
    pace = review["pace"]
    assert pace.protocol == "Protocole 2024-2030 (2024–2030)"
    assert [(s.key, s.current, s.target) for s in pace.series] == [
        ("accompanied", 6, 40),
        ("exits_employment", 3, 10),
    ]
    assert review["charts"]["pace"]["labels"][:2] == ["janv. 2024", "févr. 2024"]
    # Cumulative exits by the end of each month of 2024: B and A in September, D in November.
    assert pace.series[1].actual[:12] == [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 3, 3]


@pytest.mark.parametrize(
    ("params", "accompanied", "employment"),
    [
        ({"lot": "lot1"}, 3, 2),  # Sophie, A, B
        ({"lot": "lot2"}, 3, 1),  # Paul, C, D
        ({"bassin": "sud"}, 2, 1),  # C and D live in Gardanne
        ({"referent": "other_lot_adviser"}, 3, 1),
    ],
)
def test_scope_filters(review_data, world, as_, params, accompanied, employment) -> None:  # type: ignore[no-untyped-def]
    query = dict(PERIOD)
    for key, name in params.items():
        if key == "lot":
            query["lot"] = str(review_data[name].uid)
        elif key == "referent":
            query["referent"] = str(world.users[name].uid)
        else:
            query[key] = name
    response = as_("coordinator").get(URL, query)
    html = response.content.decode()
    assert value(html, "Personnes accompagnées") == accompanied
    assert value(html, "Sorties en emploi stable et durable") == employment
    # The objectives are the PLIE's: no target line for a part of it.
    assert [s.target for s in response.context["review"]["pace"].series] == [None, None]


def test_oi_sees_its_plies_consolidated_or_one_by_one(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    client = as_("oi")
    html = client.get(URL, PERIOD).content.decode()
    assert "Bilan du 01/01/2024 au 31/12/2030 – AIX, MRS" in html
    assert value(html, "Personnes accompagnées") == 8
    assert value(html, "Sorties en emploi stable et durable") == 4
    assert "La courbe d&#x27;avancement se lit PLIE par PLIE" in html
    assert 'name="plie" value="AIX"' in html and 'name="plie" value="MRS"' in html
    html = client.get(URL, {**PERIOD, "plie": ["MRS"]}).content.decode()
    assert "– MRS</h2>" in html and value(html, "Personnes accompagnées") == 2
    html = client.get(URL, {**PERIOD, "plie": ["AIX", "MRS"]}).content.decode()
    assert value(html, "Personnes accompagnées") == 8
    response = client.get(URL, {**PERIOD, "plie": ["LYON"]})
    assert response.status_code == 200 and response.context["review"] is None
    assert "« LYON » ne fait pas partie de vos PLIE." in text(response)


def test_a_lead_reads_their_own_plie_whatever_the_query(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("lead").get(URL, {**PERIOD, "plie": ["MRS"]})
    html = response.content.decode()
    assert response.context["review"]["bilan"]["plie"] == ["AIX"]
    assert value(html, "Personnes accompagnées") == 6
    assert 'name="plie"' not in html
    # A lot of another PLIE is refused, not read.
    response = as_("lead").get(URL, {**PERIOD, "lot": str(review_data["mrs_lot"].uid)})
    assert response.status_code == 200 and response.context["review"] is None
    assert "Ce lot ne fait pas partie de votre périmètre." in text(response)
    # The other PLIE's lead reads MRS only.
    html = as_("other_plie_lead").get(URL, PERIOD).content.decode()
    assert "– MRS</h2>" in html and value(html, "Personnes accompagnées") == 2
    # Its export too.
    data = json.loads(as_("lead").get("/bilan/export/json/", {**PERIOD, "plie": "MRS"}).content)
    assert data["plie"] == ["AIX"] and data["accompanied"] == 6


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"du": "2024-12-31", "au": "2024-01-01"},
            "La date de fin doit être postérieure ou égale à la date de début.",
        ),
        (
            {"du": "31/02/2024", "au": "2024-12-31"},
            "Saisissez une date valide, au format JJ/MM/AAAA.",
        ),
        ({"du": "2024-01-01", "au": ""}, "Indiquez la date de fin de la période."),
        ({**PERIOD, "referent": "pas-un-uuid"}, "Cette personne n'est référente d'aucun parcours"),
    ],
)
def test_bad_input_gets_a_french_message(review_data, as_, params, message) -> None:  # type: ignore[no-untyped-def]
    response = as_("lead").get(URL, params)
    assert response.status_code == 200
    assert response.context["review"] is None
    assert message in text(response) and "Le filtre contient des erreurs" in text(response)
    # The export refuses the same input the same way: no download.
    response = as_("lead").get("/bilan/export/csv/", params)
    assert response.status_code == 200 and "Content-Disposition" not in response
    assert message in text(response)
    # Its period shortcuts lead back to the screen, not to a download.
    assert 'href="/bilan/?du=' in text(response) and "/bilan/export/csv/?" not in text(response)


def test_french_dates_and_default_period(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    html = as_("lead").get(URL, {"du": "01/01/2024", "au": "31/12/2030"}).content.decode()
    assert value(html, "Personnes accompagnées") == 6
    # Without dates: the protocol in force today (2024–2030), marked in the shortcuts.
    response = as_("lead").get(URL)
    assert response.context["review"]["start"] == date(2024, 1, 1)
    html = response.content.decode()
    assert 'aria-current="true">Protocole 2024–2030</a>' in html
    assert ">Cette année</a>" in html and ">L&#x27;année dernière</a>" in html


def exported(client, fmt: str):  # type: ignore[no-untyped-def]
    response = client.get(f"/bilan/export/{fmt}/", PERIOD)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="bilan_AIX_2024-01-01_2030-12-31.{fmt}"'
    )
    return response


def test_exports_carry_the_screen_figures(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    screen = client.get(URL, PERIOD).context["review"]["bilan"]
    response = exported(client, "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        json.loads(response.content)
        == screen
        == compute_bilan(scope_for(["AIX"], date(2024, 1, 1), date(2030, 12, 31)))
    )
    response = exported(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Public", "Personnes accompagnées", "6", ""] in rows
    assert ["Sorties", "Sorties en emploi stable et durable", "3", "50,0 %"] in rows
    response = exported(client, "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("Public", "Personnes accompagnées", 6, None) in cells
    assert ("Sorties", "Sorties en emploi stable et durable", 3, "50,0 %") in cells
    response = exported(client, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_export_names_the_lot_and_refuses_unknown_formats(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    response = client.get("/bilan/export/csv/", {**PERIOD, "lot": str(review_data["lot1"].uid)})
    assert response["Content-Disposition"] == (
        'attachment; filename="bilan_AIX_2024-01-01_2030-12-31_lot-L1.csv"'
    )
    assert client.get("/bilan/export/docx/", PERIOD).status_code == 404
    assert as_("adviser").get("/bilan/export/csv/", PERIOD).status_code == 403


def test_each_exit_count_opens_the_exits_it_counts(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    html = client.get(URL, PERIOD).content.decode()
    url = link(html, "Sorties en emploi stable et durable")
    assert urlsplit(url).path == reverse("exits:list")
    assert parse_qs(urlsplit(url).query) == {
        "du": [START],
        "au": [END],
        "categorie": ["employment"],
    }
    listed = client.get(url).context["rows"]
    assert sorted(r["participant"].last_name for r in listed) == ["Arnaud", "Blanc", "David"]
    listed = client.get(link(html, "CDI (mi-temps ou plus, validé à 6 mois)")).context["rows"]
    assert [r["participant"].last_name for r in listed] == ["Arnaud"]
    listed = client.get(link(html, "dont bénéficiaires du RSA")).context["rows"]
    assert sorted(r["participant"].last_name for r in listed) == ["Arnaud", "David"]
    listed = client.get(link(html, "Abandons de parcours")).context["rows"]
    assert [(r["participant"].last_name, r["why"]) for r in listed] == [
        ("Chevalier", "Motif : Ne vient plus.")
    ]
    # The scope goes with the link.
    html = client.get(URL, {**PERIOD, "lot": str(review_data["lot2"].uid)}).content.decode()
    listed = client.get(link(html, "Sorties en emploi stable et durable")).context["rows"]
    assert [r["participant"].last_name for r in listed] == ["David"]


def test_htmx_gets_the_page_fragment(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("lead").get(URL, PERIOD, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="bilan-page">')
    assert "<html" not in html and value(html, "Personnes accompagnées") == 6
    assert "HX-Request" in response["Vary"]
    full = as_("lead").get(URL, PERIOD).content.decode()
    assert 'hx-get="/bilan/"' in full and 'hx-target="#bilan-page"' in full


def test_query_count_does_not_grow_with_the_data(
    review_data, world, as_, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    client.get(URL, PERIOD)  # warm the session
    expected = (
        2  # session, user
        + 1  # actor: memberships
        + 1  # protocols of the PLIE (period shortcuts)
        + 1  # the actor's PLIEs
        + 3  # review: people and entries (one scan of the pathways), exits (one scan),
        #      committee decisions counted as employment
        + 1  # protocol parameters for the training cap (AIX has exits)
        + 2  # objectives: protocols and their targets
        + 2  # pace: the protocol (and its targets)
        + 2  # pace: people by month, exits by month
        + 3  # filter choices rendered: lots, bassins, referents
    )
    with django_assert_num_queries(expected):
        client.get(URL, PERIOD)
    for i in range(6):
        pathway = person(
            world, f"Nouveau{i}", "F", True, review_data["lot1"], "adviser", date(2024, 6, 1)
        )
        exit_with(pathway, "cdi", date(2024, 12, 1), True)
    with django_assert_num_queries(expected):
        html = client.get(URL, PERIOD).content.decode()
    assert value(html, "Personnes accompagnées") == 12


def test_every_linked_count_matches_the_exits_listed(review_data, world, as_) -> None:  # type: ignore[no-untyped-def]
    # A committee decision declared as employment, to cover that line too.
    decision = propose_to_committee(
        world.pathway,
        proposed_on=date(2024, 6, 10),
        proposal="Cas limite",
        exit_kind="cdd",
        exit_date=date(2024, 6, 30),
        counts_as_employment=True,
        by=None,
    )
    decide_committee(
        decision,
        accepted=True,
        decided_on=date(2024, 6, 20),
        justification="Emploi durable.",
        by=None,
    )
    client = as_("oi")
    html = client.get(URL, PERIOD).content.decode()
    links = re.findall(
        r'<th scope="row" class="fw-normal">([^<]+)</th>\s*<td class="text-end">'
        r'<a href="([^"]*)">(\d+)<',
        html,
    )
    assert len(links) >= 8
    for label, url, shown in links:
        listed = client.get(url.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(shown), label
