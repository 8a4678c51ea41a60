"""The generator is deterministic for a seed, refuses a second data set, rebuilds the
indexes it suspends, and its command refuses to run outside demo mode without --force."""

import hashlib
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from jalons.participants.models import Participant
from jalons.pathways.models import Contact, Pathway, Step
from jalons.scale.generator import Options, ScaleDataExists, generate

TODAY = date(2025, 6, 30)


def _generate(**extra: object):  # type: ignore[no-untyped-def]
    values: dict = {"participants": 20, "plies": 1, "seed": 7, "today": TODAY, "analyze": False}
    values.update(extra)
    return generate(Options(**values), progress=None, say=lambda text: None)


def _digest() -> str:
    """The data set without its ids (sequences move on between runs on PostgreSQL)."""
    h = hashlib.sha256()
    for row in Participant.objects.order_by("id").values_list(
        "last_name", "first_name", "birth_date", "sex", "status", "france_travail_id"
    ):
        h.update(repr(row).encode())
    for row in Pathway.objects.order_by("id").values_list("entry_date", "exit_date", "status"):
        h.update(repr(row).encode())
    for model in (Contact, Step):
        h.update(repr(list(model.objects.order_by("id").values_list("kind", flat=True))).encode())
    return h.hexdigest()


@pytest.mark.django_db
def test_same_seed_same_data_and_a_second_run_is_refused() -> None:
    digests = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            _generate(participants=150, plies=1, seed=seed)
            digests.append(_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1] != digests[2]
    _generate(participants=20, plies=1)
    with pytest.raises(ScaleDataExists):
        _generate(participants=20, plies=1)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and index rebuild: PostgreSQL")
def test_secondary_indexes_are_rebuilt_after_a_load() -> None:
    def indexes() -> set[tuple]:
        with connection.cursor() as cursor:
            # Names, uniqueness and columns (a re-parsed WHERE clause prints differently).
            cursor.execute(
                "SELECT c.relname, i.indisunique, i.indkey::text, i.indpred IS NOT NULL "
                "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname LIKE 'pathways_%%'"
            )
            return set(cursor.fetchall())

    before = indexes()
    _generate(participants=100, plies=1, suspend_indexes=True)
    assert indexes() == before
    assert Contact.objects.count() > 500


@pytest.mark.django_db
def test_command_refuses_outside_demo_mode_and_runs_with_force(capsys) -> None:  # type: ignore[no-untyped-def]
    with override_settings(DEMO=False), pytest.raises(CommandError, match="mode démonstration"):
        call_command("generate_scale", "--participants", "10")
    assert not Participant.objects.exists()
    with override_settings(DEMO=False):
        call_command("generate_scale", "--participants", "30", "--plies", "1", "--force",
                     "--today", "2025-06-30")  # fmt: skip
    out = capsys.readouterr().out
    assert "Génération de 30 participants dans 1 PLIE" in out and "Terminé en" in out
    assert Participant.objects.count() == 30
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("generate_scale", "--participants", "10")
