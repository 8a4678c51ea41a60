"""The organisations and accounts of the scale data set: one OI, K PLIEs (PLIE01…), each
with three territorial lots held by providers, prescribers, step providers, a project lead,
a coordination account and advisers (about one per 140 people in pathway).

Advisers come and go over the years: each caseload "slot" of a lot is held by a chain of
advisers, so pathways get a referent history (a leaving adviser's caseload is transferred).
"""

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from jalons.accounts.models import User
from jalons.organisations.enums import OrganisationKind, PrescriberKind, Role
from jalons.organisations.models import Lot, Membership, Organisation
from jalons.scale import names
from jalons.territory.models import BassinDeVie, Commune

OI_CODE = "ECHELLE"
DOMAIN = "echelle.jalons.fr"
ADVISER_CASELOAD = 140
# code → (name, bassins): the five bassins of the reference territory in three lots.
LOTS = (
    ("L1", "Centre", ("Centre",)),
    ("L2", "Sud et Haute Vallée de l'Arc", ("Sud", "Haute Vallée de l'Arc")),
    ("L3", "Val de Durance et Trévaresse", ("Val de Durance", "Chaîne des Côtes et Trévaresse")),
)
PRESCRIBERS = (
    (PrescriberKind.FRANCE_TRAVAIL, "France Travail"),
    (PrescriberKind.CAF, "CAF"),
    (PrescriberKind.BME, "BME"),
    (PrescriberKind.CCAS, "CCAS"),
    (PrescriberKind.POLE_INSERTION, "Pôle insertion du Département"),
    (PrescriberKind.AUTRE, "Mission locale"),
)
STEP_PROVIDERS = (
    ("aci", OrganisationKind.IAE_STRUCTURE, "ACI Jardins solidaires"),
    ("ei", OrganisationKind.IAE_STRUCTURE, "EI Recyclerie"),
    ("etti", OrganisationKind.IAE_STRUCTURE, "ETTI Tremplin Intérim"),
    ("ai", OrganisationKind.IAE_STRUCTURE, "AI Services de proximité"),
    ("training", OrganisationKind.OTHER, "Centre de formation professionnelle"),
    ("mobility", OrganisationKind.OTHER, "Plateforme mobilité"),
)


@dataclass
class Slot:
    """One caseload of a lot over time: (start ordinal, adviser id) sorted by start."""

    starts: list[int] = field(default_factory=list)
    holders: list[int] = field(default_factory=list)

    def holder_on(self, day: int) -> int:
        return self.holders[max(bisect_right(self.starts, day) - 1, 0)]

    def changes(self, after: int, until: int) -> list[tuple[int, int]]:
        """(day, new adviser) for each hand-over in (after, until]."""
        i = bisect_right(self.starts, after)
        found = []
        while i < len(self.starts) and self.starts[i] <= until:
            found.append((self.starts[i], self.holders[i]))
            i += 1
        return found


@dataclass
class LotSetup:
    lot_id: int
    slots: list[Slot]


@dataclass
class PlieSetup:
    plie_id: int
    code: str
    size: int  # participants to generate
    lots: list[LotSetup]
    lot_of_bassin: dict[int, int]  # bassin id → index in lots
    prescribers: dict[str, int]  # prescriber kind → organisation id
    providers: dict[str, int]
    lead_id: int
    coordinator_id: int


@dataclass
class Structure:
    oi_id: int
    plies: list[PlieSetup]
    communes: list[Commune]
    controller_id: int


def plie_sizes(participants: int, plies: int, rng: random.Random) -> list[int]:
    """Varied PLIE sizes (±40 %) adding up to `participants`."""
    weights = [0.6 + 0.8 * rng.random() for _ in range(plies)]
    total = sum(weights)
    sizes = [int(participants * w / total) for w in weights]
    sizes[0] += participants - sum(sizes)
    return sizes


def _slots(rng: random.Random, count: int, first: int, today: int, make_user) -> list[Slot]:  # type: ignore[no-untyped-def]
    slots = []
    for _ in range(count):
        slot = Slot()
        day = first - int(rng.random() * 1000)
        while day <= today:
            slot.starts.append(day)
            slot.holders.append(make_user(day))
            day += 700 + int(rng.random() * 1500)  # an adviser stays 2 to 6 years
        slots.append(slot)
    return slots


class StructureBuilder:
    """Creates the organisations and accounts (a few thousand rows: the ORM is fine)."""

    def __init__(self, rng: random.Random, today: date, years: int) -> None:
        self.rng = rng
        self.today = today
        self.first_day = today - timedelta(days=round(365.25 * years))
        self.password = make_password(None)  # unusable: these accounts never log in
        self.users: list[User] = []
        self.memberships: list[Membership] = []

    def build(self, participants: int, plies: int, open_share: float) -> Structure:
        if Organisation.objects.filter(kind=OrganisationKind.OI, code=OI_CODE).exists():
            raise ValueError("exists")
        communes = list(Commune.objects.select_related("bassin").order_by("insee_code"))
        oi = Organisation.objects.create(
            kind=OrganisationKind.OI, code=OI_CODE, name="OI de volumétrie (données fictives)"
        )
        controller = self._user("controle", "Contrôle", "OI", f"controle@{DOMAIN}")
        self._member(controller, oi, Role.OI_CONTROLLER, None, self.first_day)
        sizes = plie_sizes(participants, plies, self.rng)
        setups = [self._plie(i + 1, size, oi, communes, open_share) for i, size in enumerate(sizes)]
        User.objects.bulk_create(self.users, batch_size=1000)
        for membership in self.memberships:
            membership.user_id = membership.user.pk
        Membership.objects.bulk_create(self.memberships, batch_size=1000)
        for setup in setups:
            for lot in setup.lots:
                for slot in lot.slots:
                    slot.holders = [self.users[i].pk for i in slot.holders]
            setup.lead_id = self.users[setup.lead_id].pk
            setup.coordinator_id = self.users[setup.coordinator_id].pk
        return Structure(
            oi_id=oi.pk, plies=setups, communes=communes, controller_id=controller.pk or 0
        )

    def _user(self, local: str, first: str, last: str, email: str = "") -> User:
        user = User(
            email=email or f"{local}@{DOMAIN}",
            first_name=first,
            last_name=last,
            password=self.password,
        )
        self.users.append(user)
        return user

    def _member(
        self,
        user: User,
        org: Organisation,
        role: str,
        lot: Lot | None,
        start: date,
        end: date | None = None,
    ) -> None:
        self.memberships.append(
            Membership(
                user=user, organisation=org, role=role, lot=lot, start_date=start, end_date=end
            )
        )

    def _plie(
        self, number: int, size: int, oi: Organisation, communes: list[Commune], open_share: float
    ) -> PlieSetup:
        rng, code = self.rng, f"PLIE{number:02d}"
        domain = f"{code.lower()}.{DOMAIN}"
        plie = Organisation.objects.create(
            kind=OrganisationKind.PLIE, code=code, name=f"PLIE n° {number} (volumétrie)", oi=oi
        )
        plie.communes.set(communes)
        lead = self._user("", "Cheffe", code, f"cheffe@{domain}")
        coordinator = self._user("", "Coordination", code, f"coordination@{domain}")
        self._member(lead, plie, Role.PROJECT_LEAD, None, self.first_day)
        self._member(coordinator, plie, Role.COORDINATOR, None, self.first_day)
        bassins = {b.name: b.pk for b in BassinDeVie.objects.all()}
        population = dict.fromkeys(bassins.values(), 0)
        for commune in communes:
            population[commune.bassin_id] += commune.population or 0
        total = sum(population.values()) or 1
        lots, lot_of_bassin = [], {}
        today, first = self.today.toordinal(), self.first_day.toordinal()
        for index, (lot_code, lot_name, bassin_names) in enumerate(LOTS):
            provider = Organisation.objects.create(
                kind=OrganisationKind.PROVIDER,
                name=f"Accompagnement {lot_name} ({code})",
                plie=plie,
            )
            lot = Lot.objects.create(plie=plie, code=lot_code, name=lot_name, provider=provider)
            ids = [bassins[name] for name in bassin_names if name in bassins]
            lot.bassins.set(ids)
            share = sum(population[pk] for pk in ids) / total
            count = max(1, round(size * open_share * share / ADVISER_CASELOAD))

            def make_user(day: int, lot: Lot = lot, provider: Organisation = provider) -> int:
                n = len(self.users)
                sex_names = names.FEMALE_FIRST_NAMES if n % 2 else names.MALE_FIRST_NAMES
                user = self._user(
                    "",
                    sex_names[n % len(sex_names)],
                    names.LAST_NAMES[n % len(names.LAST_NAMES)],
                    f"aae{n}@{domain}",
                )
                start = date.fromordinal(max(day, 1))
                self._member(user, provider, Role.ADVISER, lot, start)
                return n

            slots = _slots(rng, count, first, today, make_user)
            # Close the memberships of the advisers who handed their caseload over.
            for slot in slots:
                for k in range(len(slot.holders) - 1):
                    membership = self._membership_of(slot.holders[k])
                    membership.end_date = date.fromordinal(slot.starts[k + 1] - 1)
            lots.append(LotSetup(lot.pk, slots))
            for pk in ids:
                lot_of_bassin[pk] = index
        prescribers = {
            str(kind): Organisation.objects.create(
                kind=OrganisationKind.PRESCRIBER,
                name=f"{label} ({code})",
                plie=plie,
                prescriber_kind=kind,
            ).pk
            for kind, label in PRESCRIBERS
        }
        providers = {
            key: Organisation.objects.create(kind=kind, name=f"{label} ({code})", plie=plie).pk
            for key, kind, label in STEP_PROVIDERS
        }
        return PlieSetup(
            plie_id=plie.pk,
            code=code,
            size=size,
            lots=lots,
            lot_of_bassin=lot_of_bassin,
            prescribers=prescribers,
            providers=providers,
            lead_id=self.users.index(lead),
            coordinator_id=self.users.index(coordinator),
        )

    def _membership_of(self, user_index: int) -> Membership:
        user = self.users[user_index]
        return next(m for m in reversed(self.memberships) if m.user is user)
