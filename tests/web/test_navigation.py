"""The main menu shows each role what it may open, and nothing else."""

import html as htmllib

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        (
            "adviser",
            ["Participants", "Orientations", "Sorties"],
            ["Bilan", "Imports", "Journal d'audit"],
        ),
        (
            "lead",
            ["Participants", "Bilan", "Sorties", "Portefeuilles", "Imports", "Journal d'audit"],
            [],
        ),
        ("coordinator", ["Bilan", "Imports", "Portefeuilles"], ["Journal d'audit"]),
        ("prescriber", ["Mes orientations"], ["Participants", "Bilan", "Sorties"]),
        ("cre", ["Participants"], ["Orientations", "Bilan", "Sorties", "Imports"]),
        (
            "oi",
            ["Participants", "Bilan", "Sorties", "Journal d'audit"],
            ["Imports", "Portefeuilles"],
        ),
    ],
)
def test_menu_by_role(as_, persona, present, absent):  # type: ignore[no-untyped-def]
    html = htmllib.unescape(as_(persona).get(reverse("home")).content.decode())
    nav = html[html.index('id="nav-principale"') : html.index("</nav>")]
    for label in present:
        assert f">{label}</a>" in nav, label
    for label in absent:
        assert f">{label}</a>" not in nav, label
