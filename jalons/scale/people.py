"""One fictional person's identity and situation, drawn with the source document's shares."""

import random
from datetime import date

from jalons.pathways.rules.eligibility import qualification_bucket
from jalons.scale import names
from jalons.scale.distributions import (
    AAH_SHARE,
    AGE_BANDS,
    ASS_SHARE,
    DELD_SHARE,
    FEMALE_SHARE,
    HOUSEHOLDS,
    LEVELS,
    NEW_LEVEL,
    QPV_COMMUNES,
    QPV_SHARE,
    REGISTERED_SHARE,
    RSA_SHARE,
    Weighted,
    nir,
)
from jalons.territory.models import Commune

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
BUCKETS = {level: qualification_bucket(level or None) for level, _ in LEVELS}
BUCKETS.update({new: qualification_bucket(new) for new in NEW_LEVEL.values()})
# From 2024 some records use the 2019 nomenclature of levels (same report bucket).
NEW_NOMENCLATURE_FROM = date(2024, 1, 1).toordinal()


class Person:
    """A drawn person (plain attributes: millions are drawn)."""

    __slots__ = (
        "sex", "first_name", "last_name", "birth_name", "birth", "birth_ordinal", "commune",
        "qpv", "qpv_zone_id", "level", "rsa", "ass", "aah", "rqth", "registered", "since",
        "household", "children", "barriers", "ft_id", "nir", "email", "phone", "address",
    )  # fmt: skip
    sex: str
    first_name: str
    last_name: str
    birth_name: str
    birth: date
    birth_ordinal: int
    commune: Commune
    qpv: bool
    qpv_zone_id: int | None
    level: str
    rsa: bool
    ass: bool
    aah: bool
    rqth: bool
    registered: bool
    since: int | None
    household: str
    children: int
    barriers: list[str]
    ft_id: str
    nir: str
    email: str
    phone: str
    address: str

    def age_on(self, ordinal: int) -> int:
        day = date.fromordinal(ordinal)
        b = self.birth
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def deld_on(self, ordinal: int) -> bool:
        return self.since is not None and self.since + 365 <= ordinal

    @property
    def bucket(self) -> str:
        return BUCKETS[self.level]


class PeopleDrawer:
    def __init__(
        self, rng: random.Random, communes: list[Commune], qpv_zones: dict[int, list[int]]
    ) -> None:
        self.rng = rng
        self.communes = Weighted([(c, c.population or 100) for c in communes])
        self.qpv_zones = qpv_zones
        in_qpv = sum(c.population or 0 for c in communes if c.insee_code in QPV_COMMUNES)
        total = sum(c.population or 0 for c in communes) or 1
        # QPV residents live only in the four communes that have priority neighbourhoods.
        self.qpv_rate = min(0.9, QPV_SHARE * total / in_qpv) if in_qpv else 0.0
        self.levels = Weighted(LEVELS)
        self.ages = Weighted(AGE_BANDS)
        self.households = {sex: Weighted(pairs) for sex, pairs in HOUSEHOLDS.items()}

    def draw(self, first_entry: int) -> Person:
        rng = self.rng
        r = rng.random
        p = Person()
        p.sex = sex = "F" if r() < FEMALE_SHARE else "M"
        firsts = names.FEMALE_FIRST_NAMES if sex == "F" else names.MALE_FIRST_NAMES
        p.first_name = firsts[int(r() * len(firsts))]
        lasts = names.LAST_NAMES
        last = lasts[int(r() * len(lasts))]
        if r() < 0.05:
            last = f"{last}-{lasts[int(r() * len(lasts))]}"
        p.last_name = last
        p.birth_name = lasts[int(r() * len(lasts))] if sex == "F" and r() < 0.15 else ""
        low, high = self.ages.pick(r())
        age = low + int(r() * (high - low + 1))
        p.birth_ordinal = first_entry - int(age * 365.25) - 1 - int(r() * 360)
        p.birth = date.fromordinal(p.birth_ordinal)
        commune = p.commune = self.communes.pick(r())
        zones = self.qpv_zones.get(commune.pk, ())
        p.qpv = bool(zones) and r() < self.qpv_rate
        p.qpv_zone_id = zones[int(r() * len(zones))] if p.qpv else None
        level = self.levels.pick(r())
        if level and first_entry >= NEW_NOMENCLATURE_FROM and r() < 0.15:
            level = NEW_LEVEL[level]
        p.level = level
        benefit = r()
        p.rsa = benefit < RSA_SHARE
        p.ass = RSA_SHARE <= benefit < RSA_SHARE + ASS_SHARE
        p.aah = RSA_SHARE + ASS_SHARE <= benefit < RSA_SHARE + ASS_SHARE + AAH_SHARE
        p.rqth = p.aah or r() < 0.07
        p.registered = r() < REGISTERED_SHARE
        p.since = None
        if p.registered:
            if r() < DELD_SHARE / REGISTERED_SHARE:
                p.since = first_entry - 366 - int(r() * 1800)
            else:
                p.since = first_entry - 15 - int(r() * 300)
        household = p.household = self.households[sex].pick(r())
        p.children = (1 + int(r() * 3)) if household in ("single_parent", "couple_children") else 0
        p.barriers = self._barriers(level, p.children, p.rqth, household)
        p.ft_id = ""
        if p.registered:
            p.ft_id = f"{1_000_000 + int(r() * 8_999_999)}{LETTERS[int(r() * 23)]}"
        p.nir = nir(rng, sex, p.birth) if r() < 0.55 else ""
        p.email = f"contact{int(r() * 10**9)}@messagerie.example" if r() < 0.65 else ""
        p.phone = (
            f"06 {int(r() * 90) + 10} {int(r() * 90) + 10} {int(r() * 90) + 10} "
            f"{int(r() * 90) + 10}"
            if r() < 0.85
            else ""
        )
        p.address = f"{1 + int(r() * 120)} {names.STREETS[int(r() * len(names.STREETS))]}"
        return p

    def _barriers(self, level: str, children: int, rqth: bool, household: str) -> list[str]:
        r = self.rng.random
        low = level in ("VI", "Vbis", "V", "1", "2", "3", "")
        odds = (
            ("qualification", 0.6 if low else 0.1),
            ("health", 0.55 if rqth else 0.15),
            ("housing", 0.18),
            ("childcare", 0.35 if children else 0.0),
            ("debt", 0.15),
            ("psychological", 0.1),
            ("mobility", 0.45),
            ("language", 0.12),
            ("isolation", 0.3 if household == "single" else 0.12),
            ("discrimination", 0.06),
        )
        found = [code for code, p in odds if r() < p]
        return found or ["mobility" if r() < 0.5 else "qualification"]
