"""Fictional participants whose distributions follow the 2013–2017 review of the source
document: 74% RSA, 76% long-term job seekers, 49% women, levels VI/V bis 33%, V 31%, IV 18%,
12% QPV residents (Aix-en-Provence, Gardanne, Vitrolles, Pertuis), prescribers France
Travail 29%, CAF 23%, BME 19%, CCAS 7%, Pôle insertion 6%.
"""

import random
import unicodedata
import uuid
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

from dateutil.relativedelta import relativedelta

from jalons.accounts.models import User
from jalons.demo import names, texts
from jalons.organisations.models import Organisation
from jalons.participants.enums import Barrier, Household
from jalons.participants.models import Participant
from jalons.territory.models import Commune, Qpv

T = TypeVar("T")

# The source document's shares, one definition for the demo and the scale generator.
from jalons.scale.distributions import (  # noqa: E402
    AAH_SHARE,
    AGE_BANDS,
    ASS_SHARE,
    DELD_SHARE,
    FEMALE_SHARE,
    HOUSEHOLDS,
    LEVELS,
    NEW_LEVEL,
    PRESCRIBER_KINDS,
    QPV_COMMUNES,
    QPV_SHARE,
    REGISTERED_SHARE,
    RSA_SHARE,
)

EDB_PRESCRIBER_KINDS = (("france_travail", 50), ("autre", 25), ("spontane", 25))


class Weighted(Generic[T]):
    """A fast weighted choice over fixed (value, weight) pairs."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values: list[T] = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        index = bisect_left(self.cumulative, rng.random() * self.cumulative[-1])
        return self.values[min(index, len(self.values) - 1)]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def demo_uuid(rng: random.Random) -> uuid.UUID:
    """Reproducible identifiers: the same seed gives the same URLs."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def nir_for(rng: random.Random, sex: str, birth_date: date) -> str:
    department = rng.choice(("13", "13", "13", "84", "83", "30", "75", "69"))
    base = (
        f"{1 if sex == 'M' else 2}{birth_date:%y}{birth_date:%m}{department}"
        f"{rng.randint(1, 300):03d}{rng.randint(1, 999):03d}"
    )
    return f"{base}{97 - int(base) % 97:02d}"


class People:
    """Draws participants of one PLIE (unsaved instances, reproducible with the rng)."""

    def __init__(
        self,
        rng: random.Random,
        plie: Organisation,
        communes: list[Commune],
        qpvs: dict[int, list[Qpv]],
    ) -> None:
        self.rng = rng
        self.plie = plie
        self.communes = Weighted([(c, c.population or 100) for c in communes])
        self.qpvs = qpvs
        in_qpv_communes = sum(c.population or 0 for c in communes if c.insee_code in QPV_COMMUNES)
        total = sum(c.population or 0 for c in communes) or 1
        # QPV residents live only in the four communes that have priority neighbourhoods.
        self.qpv_rate = min(0.9, QPV_SHARE * total / in_qpv_communes) if in_qpv_communes else 0
        self.levels = Weighted(LEVELS)
        self.ages = Weighted(AGE_BANDS)
        self.households = {sex: Weighted(pairs) for sex, pairs in HOUSEHOLDS.items()}
        self.children = Weighted(((1, 40), (2, 35), (3, 17), (4, 8)))
        kinds = PRESCRIBER_KINDS if plie.code == "AIX" else EDB_PRESCRIBER_KINDS
        self.prescriber_kinds = Weighted(kinds)

    def participant(self, entry: date, created_by: User | None = None) -> Participant:
        rng = self.rng
        sex = "F" if rng.random() < FEMALE_SHARE else "M"
        first = rng.choice(names.FEMALE_FIRST_NAMES if sex == "F" else names.MALE_FIRST_NAMES)
        last = rng.choice(names.LAST_NAMES)
        low, high = self.ages.pick(rng)
        age = rng.randint(low, high)
        birth = entry - relativedelta(years=age) - timedelta(days=rng.randint(1, 364))
        commune = self.communes.pick(rng)
        qpv = commune.insee_code in QPV_COMMUNES and rng.random() < self.qpv_rate
        zones = self.qpvs.get(commune.pk, [])
        level = self.levels.pick(rng)
        if level and entry.year >= 2024 and rng.random() < 0.15:
            level = NEW_LEVEL[level]
        benefit = rng.random()
        rsa = benefit < RSA_SHARE
        ass = RSA_SHARE <= benefit < RSA_SHARE + ASS_SHARE
        aah = RSA_SHARE + ASS_SHARE <= benefit < RSA_SHARE + ASS_SHARE + AAH_SHARE
        rqth = aah or rng.random() < 0.07
        registered = rng.random() < REGISTERED_SHARE
        since = None
        if registered:
            if rng.random() < DELD_SHARE / REGISTERED_SHARE:
                since = entry - relativedelta(months=12) - timedelta(days=rng.randint(1, 1800))
            else:
                since = entry - timedelta(days=rng.randint(15, 330))
        household = self.households[sex].pick(rng)
        children = (
            self.children.pick(rng)
            if household in (Household.SINGLE_PARENT, Household.COUPLE_CHILDREN)
            else 0
        )
        return Participant(
            uid=demo_uuid(rng),
            plie=self.plie,
            last_name=last,
            first_name=first,
            sex=sex,
            birth_date=birth,
            email=(
                f"{ascii_slug(first)}.{ascii_slug(last)}{rng.randint(1, 99)}@messagerie.example"
                if rng.random() < 0.65
                else ""
            ),
            phone=(
                f"0{rng.choice('67')} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
                if rng.random() < 0.85
                else ""
            ),
            address=f"{rng.randint(1, 120)} {rng.choice(names.STREETS)}",
            postal_code=commune.postal_code,
            commune=commune,
            qpv=qpv,
            qpv_zone=rng.choice(zones) if qpv and zones else None,
            france_travail_registered=registered,
            france_travail_id=(
                f"{rng.randint(10**6, 10**7 - 1)}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
                if registered
                else ""
            ),
            nir=nir_for(rng, sex, birth) if rng.random() < 0.55 else "",
            job_seeker_since=since,
            rsa=rsa,
            ass=ass,
            aah=aah,
            rqth=rqth,
            qualification_level=level,
            household=household,
            children=children,
            executive_long_excluded=level in ("I", "II", "6", "7") and age >= 45,
            barriers=self._barriers(level, children, rqth, household),
            created_by=created_by,
        )

    def _barriers(self, level: str, children: int, rqth: bool, household: str) -> list[str]:
        rng = self.rng
        low = level in ("VI", "Vbis", "V", "1", "2", "3", "")
        odds = {
            Barrier.QUALIFICATION: 0.6 if low else 0.1,
            Barrier.HEALTH: 0.55 if rqth else 0.15,
            Barrier.HOUSING: 0.18,
            Barrier.CHILDCARE: 0.35 if children else 0.0,
            Barrier.DEBT: 0.15,
            Barrier.PSYCHOLOGICAL: 0.1,
            Barrier.MOBILITY: 0.45,
            Barrier.LANGUAGE: 0.12,
            Barrier.ISOLATION: 0.3 if household == Household.SINGLE else 0.12,
            Barrier.DISCRIMINATION: 0.06,
        }
        found = [str(code) for code, p in odds.items() if rng.random() < p]
        return found or [str(Barrier.MOBILITY if rng.random() < 0.5 else Barrier.QUALIFICATION)]

    def prescriber_kind(self) -> str:
        return self.prescriber_kinds.pick(self.rng)

    def reasons(self, participant: Participant, entry: date) -> str:
        """The prescriber's words: benefit, time out of work and the person's wish."""
        rng = self.rng
        e = "e" if participant.sex == "F" else ""
        parts = []
        if participant.rsa:
            parts.append(f"Bénéficiaire du RSA depuis {rng.randint(1, 9)} an(s)")
        elif participant.ass:
            parts.append("Bénéficiaire de l'ASS")
        elif participant.aah:
            parts.append("Bénéficiaire de l'AAH")
        since = participant.job_seeker_since
        if since:
            months = (entry.year - since.year) * 12 + entry.month - since.month
            parts.append(f"inscrit{e} à France Travail depuis {max(months, 1)} mois")
        else:
            parts.append(f"non inscrit{e} à France Travail")
        head = ", ".join(parts)
        return f"{head[0].upper()}{head[1:]} ; {rng.choice(texts.ORIENTATION_REASONS)}."
