"""Reading files: encodings, separators, XLSX, dates, booleans, and files refused whole."""

from datetime import date
from decimal import Decimal

import pytest

from jalons.imports.parsing import Column, ImportFileError, Line, read_table
from jalons.imports.report import LineError
from tests.imports.conftest import xlsx_bytes

COLUMNS = [
    Column("identifiant", True, ""),
    Column("date_entree", True, ""),
    Column("rsa", False, ""),
    Column("heures", False, ""),
]


def read(data: bytes, filename: str = "f.csv"):  # type: ignore[no-untyped-def]
    return read_table(data, filename, COLUMNS)


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_with_or_without_bom_and_either_separator(sep: str, bom: bytes) -> None:
    text = (
        f"Identifiant{sep}date_entree {sep}rsa\r\n"
        f"P1{sep}01/03/2021{sep}oui\r\nP2{sep}2021-03-02{sep}\r\n"
    )
    table = read(bom + text.encode())
    assert table.columns == {"identifiant", "date_entree", "rsa"}
    assert table.rows == [
        (2, {"identifiant": "P1", "date_entree": "01/03/2021", "rsa": "oui"}),
        (3, {"identifiant": "P2", "date_entree": "2021-03-02", "rsa": ""}),
    ]


def test_csv_quoted_values_blank_lines_and_line_numbers() -> None:
    data = b'identifiant,date_entree\n"P,1",01/01/2020\n,\n\nP3,02/01/2020\n'
    table = read(data)
    # Blank lines are skipped but still counted, as a spreadsheet numbers them.
    assert table.rows == [
        (2, {"identifiant": "P,1", "date_entree": "01/01/2020"}),
        (5, {"identifiant": "P3", "date_entree": "02/01/2020"}),
    ]


def test_xlsx_first_sheet_with_typed_cells() -> None:
    data = xlsx_bytes(
        [
            ["identifiant", "date_entree", "rsa", "heures"],
            [1001, date(2021, 3, 1), True, 151.67],
            ["P2", "15/03/2021", False, 35],
            [None, None, None, None],
        ]
    )
    table = read(data, "export.xlsx")
    assert table.rows == [
        (
            2,
            {
                "identifiant": "1001",
                "date_entree": date(2021, 3, 1),
                "rsa": "oui",
                "heures": "151.67",
            },
        ),
        (3, {"identifiant": "P2", "date_entree": "15/03/2021", "rsa": "non", "heures": "35"}),
    ]


def test_xlsx_is_detected_by_content_whatever_the_name() -> None:
    data = xlsx_bytes([["identifiant", "date_entree"], ["P1", "01/01/2020"]])
    assert read(data, "export.csv").rows == [
        (2, {"identifiant": "P1", "date_entree": "01/01/2020"})
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "f.csv", "Le fichier est vide."),
        (b"  \r\n\r\n", "f.csv", "Le fichier est vide."),
        (
            b"identifiant;date_entree\r\n",
            "f.csv",
            "Le fichier ne contient aucune ligne de données (seulement la ligne d'en-tête).",
        ),
        (
            "identifiant;date_entree\nP1;é\n".encode("latin-1"),
            "f.csv",
            "Le fichier n'est pas encodé en UTF-8 (caractère illisible à la ligne 2) : "
            "enregistrez-le au format « CSV UTF-8 » puis déposez-le à nouveau.",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "f.xlsx",
            "Le fichier n'est pas un classeur XLSX lisible : enregistrez-le au format Excel "
            "(.xlsx) ou CSV UTF-8.",
        ),
        (
            b"identifiant;date;rsa\nP1;01/01/2020;oui\n",
            "f.csv",
            "En-tête du fichier (ligne 1) incorrect. Colonne(s) inconnue(s) : date. Colonnes "
            "possibles : identifiant, date_entree, rsa, heures. Colonne(s) obligatoire(s) "
            "manquante(s) : date_entree.",
        ),
        (
            b"identifiant;date_entree;rsa;rsa\nP1;01/01/2020;oui;non\n",
            "f.csv",
            "En-tête du fichier (ligne 1) incorrect. Colonne(s) en double : rsa.",
        ),
    ],
)
def test_files_refused_as_a_whole(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(ImportFileError) as exc:
        read(data, filename)
    assert exc.value.message == message


def line(**cells: object) -> tuple[Line, list[LineError]]:
    errors: list[LineError] = []
    return Line(7, dict(cells), errors), errors


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/03/2021", date(2021, 3, 1)),
        ("2021-03-01", date(2021, 3, 1)),
        ("1/3/2021", date(2021, 3, 1)),
        (date(2021, 3, 1), date(2021, 3, 1)),
    ],
)
def test_dates_in_both_formats(value: object, expected: date) -> None:
    checked, errors = line(d=value)
    assert checked.date("d", latest=date(2030, 1, 1)) == expected
    assert errors == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2021/03/01", "« 2021/03/01 » n'est pas une date au format JJ/MM/AAAA ou AAAA-MM-JJ."),
        ("31/02/2021", "« 31/02/2021 » n'est pas une date qui existe."),
        ("01/01/1899", "Date invraisemblable (01/01/1899) : antérieure au 01/01/1900."),
        ("02/01/2030", "Date invraisemblable (02/01/2030) : postérieure au 01/01/2030."),
        ("", "Date obligatoire manquante."),
    ],
)
def test_bad_dates(value: str, message: str) -> None:
    checked, errors = line(d=value)
    assert checked.date("d", required=True, latest=date(2030, 1, 1)) is None
    assert errors == [LineError(7, "d", message)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("oui", True),
        ("NON", False),
        ("1", True),
        ("0", False),
        ("True", True),
        ("false", False),
        ("", None),
    ],
)
def test_booleans(value: str, expected: bool | None) -> None:
    checked, errors = line(b=value)
    assert checked.boolean("b") is expected
    assert errors == []


def test_bad_boolean() -> None:
    checked, errors = line(b="peut-être")
    assert checked.boolean("b") is None
    assert errors == [
        LineError(
            7, "b", "« peut-être » n'est pas un booléen : attendu oui/non, 1/0 ou true/false."
        )
    ]


def test_decimals_accept_a_comma_and_reject_negative_or_too_large() -> None:
    checked, errors = line(a="151,67", b="1 200.5", c="-3", d="abc", e="800")
    assert checked.decimal("a", maximum=Decimal(744)) == Decimal("151.67")
    assert checked.decimal("b", maximum=Decimal(9999)) == Decimal("1200.50")
    assert checked.decimal("c", maximum=Decimal(744)) is None
    assert checked.decimal("d", maximum=Decimal(744)) is None
    assert checked.decimal("e", maximum=Decimal(744)) is None
    assert [str(e) for e in errors] == [
        "ligne 7, colonne c : La valeur doit être positive (« -3 »).",
        "ligne 7, colonne d : « abc » n'est pas un nombre.",
        "ligne 7, colonne e : Valeur trop grande (« 800 », 744 au plus).",
    ]
