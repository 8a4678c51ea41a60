import pytest
from django.core.management import CommandError, call_command

from jalons.territory.models import Qpv
from jalons.territory.qpv_loader import QpvFileError, load_qpv

OFFICIAL_2015 = (
    b"CODE_QP;NOM_QP;COMMUNE_QP\n"
    b"QP013050;Notre Dame;13041\n"
    b"QP084011;Centre Ancien;84089\n"
    b"QP075001;Quartier parisien;75056\n"
)


def test_loads_the_territory_rows_and_fills_the_missing_codes(db):  # type: ignore[no-untyped-def]
    result = load_qpv(OFFICIAL_2015, "2015")
    assert (result.created, result.updated, result.skipped) == (0, 2, 1)
    assert Qpv.objects.get(code="QP013050").name == "Notre Dame"
    assert Qpv.objects.get(code="QP084011").commune.insee_code == "84089"
    again = load_qpv(OFFICIAL_2015, "2015")
    assert (again.created, again.updated) == (0, 0)


def test_a_bad_line_loads_nothing(db):  # type: ignore[no-untyped-def]
    before = Qpv.objects.count()
    bad = OFFICIAL_2015 + b"XX;Sans code;13001\n"
    result = load_qpv(bad, "2015")
    assert result.errors == ["ligne 5, colonne code : code QPV invalide « XX »"]
    assert Qpv.objects.count() == before
    assert not Qpv.objects.filter(code="QP013050").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "vide"), (b"\xff\xfe", "UTF-8"), (b"a;b\n1;2\n", "Colonne manquante")],
)
def test_unreadable_files_are_refused(db, content, message):  # type: ignore[no-untyped-def]
    with pytest.raises(QpvFileError, match=message):
        load_qpv(content, "2024")


def test_command(db, tmp_path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "qpv.csv"
    path.write_bytes(b"code_qp,lib_qp,insee_com\nQN01399Z,Nouveau quartier,13001\n")
    call_command("load_qpv", str(path), "--generation", "2024")
    assert "1 créé(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Génération inconnue"):
        call_command("load_qpv", str(path), "--generation", "2030")
