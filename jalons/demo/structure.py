"""The demonstration's organisations, territorial lots and accounts (all fictional people).

The OI of the Métropole funds two PLIEs: the PLIE du Pays d'Aix (36 communes, three
territorial lots held by accompaniment providers, seven advisers — source document) and a
small second PLIE so that multi-PLIE scoping can be seen.
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from jalons.accounts.models import User
from jalons.organisations.enums import OrganisationKind, PrescriberKind, Role
from jalons.organisations.models import Lot, Membership, Organisation
from jalons.organisations.services import create_plie
from jalons.territory.models import BassinDeVie

DEMO_PASSWORD = "demo"
EDB_COMMUNES = ["13117", "13071", "13019"]  # Vitrolles, Les Pennes-Mirabeau, Cabriès

# code → (name, provider, bassins of the lot)
AIX_LOTS = {
    "L1": ("Centre", "Association Parcours Sainte-Victoire", ["Centre"]),
    "L2": (
        "Sud et Haute Vallée de l'Arc",
        "Horizons Insertion Sud",
        ["Sud", "Haute Vallée de l'Arc"],
    ),
    "L3": (
        "Val de Durance, Chaîne des Côtes et Trévaresse",
        "Durance Trévaresse Accompagnement",
        ["Val de Durance", "Chaîne des Côtes et Trévaresse"],
    ),
}

AIX_PRESCRIBERS = {
    PrescriberKind.FRANCE_TRAVAIL: ("France Travail Aix-en-Provence", "13001"),
    PrescriberKind.CAF: ("CAF des Bouches-du-Rhône", "13001"),
    PrescriberKind.CCAS: ("CCAS d'Aix-en-Provence", "13001"),
    PrescriberKind.BME: ("BME (Boutique Métier Emploi) de Gardanne", "13041"),
    PrescriberKind.POLE_INSERTION: ("Pôle insertion du Département", "13001"),
}

# Organisations that run steps: key → (kind, name)
STEP_PROVIDERS = {
    "wimoov": (OrganisationKind.OTHER, "WIMOOV"),
    "aci": (OrganisationKind.IAE_STRUCTURE, "ACI Les Jardins de l'Arc"),
    "ei": (OrganisationKind.IAE_STRUCTURE, "EI Recyclerie Sainte-Victoire"),
    "etti": (OrganisationKind.IAE_STRUCTURE, "ETTI Tremplin Intérim"),
    "ai": (OrganisationKind.IAE_STRUCTURE, "AI Durance Services"),
    "training": (OrganisationKind.OTHER, "Centre de formation du Pays d'Aix"),
    "training2": (OrganisationKind.OTHER, "Institut des métiers de Provence"),
}

# key → (e-mail, first name, last name, role, organisation key, lot code)
ACCOUNTS = [
    ("lead", "cheffe@demo.jalons.fr", "Isabelle", "Arnaud", Role.PROJECT_LEAD, "aix", None),
    (
        "coordinator",
        "coordination@demo.jalons.fr",
        "Marc",
        "Delorme",
        Role.COORDINATOR,
        "aix",
        None,
    ),
    ("cre", "cre@demo.jalons.fr", "Sophie", "Laurent", Role.CRE, "aix", None),
    ("clauses", "clauses@demo.jalons.fr", "Pierre", "Castel", Role.CLAUSE_OFFICER, "aix", None),
    ("prescriber", "prescripteur@demo.jalons.fr", "Amina", "Saïdi", Role.PRESCRIBER, "caf", None),
    ("oi", "oi@demo.jalons.fr", "Valérie", "Roux", Role.OI_CONTROLLER, "oi", None),
    ("admin", "admin@demo.jalons.fr", "Patrick", "Lemoine", Role.ADMIN, "oi", None),
    # The seven advisers (AAE) of the Pays d'Aix: 2 on lot 1, 3 on lot 2, 2 on lot 3.
    ("aae2", "aae2@demo.jalons.fr", "Nadia", "Haddad", Role.ADVISER, "L1", "L1"),
    ("aae3", "aae3@demo.jalons.fr", "Claire", "Vidal", Role.ADVISER, "L1", "L1"),
    ("adviser", "conseiller@demo.jalons.fr", "Julien", "Ferrand", Role.ADVISER, "L2", "L2"),
    ("aae4", "aae4@demo.jalons.fr", "Mehdi", "Rahmani", Role.ADVISER, "L2", "L2"),
    ("aae5", "aae5@demo.jalons.fr", "Sandrine", "Olivier", Role.ADVISER, "L2", "L2"),
    ("aae6", "aae6@demo.jalons.fr", "Thomas", "Girard", Role.ADVISER, "L3", "L3"),
    ("aae7", "aae7@demo.jalons.fr", "Élodie", "Marchetti", Role.ADVISER, "L3", "L3"),
    # The second PLIE.
    ("edb_lead", "cheffe-edb@demo.jalons.fr", "Laure", "Bonnet", Role.PROJECT_LEAD, "edb", None),
    ("edb_adviser", "aae-edb@demo.jalons.fr", "Yann", "Costa", Role.ADVISER, "EDB1", "EDB1"),
]
# The demo adviser carries a slightly larger caseload (~140 for 1,000 participants).
ADVISER_WEIGHTS = {"adviser": 1.05}


@dataclass
class Structure:
    oi: Organisation
    aix: Organisation
    edb: Organisation
    lots: dict[str, Lot]
    lot_of_bassin: dict[int, Lot]  # AIX: bassin id → lot
    advisers: dict[int, list[tuple[User, float]]]  # lot id → [(adviser, weight)]
    prescribers: dict[str, Organisation]  # AIX: prescriber kind → organisation
    edb_prescriber: Organisation
    providers: dict[str, Organisation]
    users: dict[str, User] = field(default_factory=dict)


def _org(kind: str, name: str, **extra: object) -> Organisation:
    return Organisation.objects.create(kind=kind, name=name, **extra)


def build_structure(today: date) -> Structure:
    """Create the OI, both PLIEs, lots, partners and the demo accounts."""
    from jalons.territory.models import Commune

    communes = {c.insee_code: c for c in Commune.objects.all()}
    oi = _org(OrganisationKind.OI, "Métropole Aix-Marseille-Provence – OI FSE", code="AMP")
    aix = create_plie("AIX", "PLIE du Pays d'Aix", None, oi=oi)
    aix.commune = communes["13001"]
    aix.save(update_fields=["commune"])
    edb = create_plie("EDB", "PLIE de l'Étang de Berre", EDB_COMMUNES, oi=oi)
    orgs: dict[str, Organisation] = {"oi": oi, "aix": aix, "edb": edb}

    bassins = {b.name: b for b in BassinDeVie.objects.all()}
    lots: dict[str, Lot] = {}
    lot_of_bassin: dict[int, Lot] = {}
    for code, (name, provider_name, bassin_names) in AIX_LOTS.items():
        provider = _org(OrganisationKind.PROVIDER, provider_name, plie=aix)
        lot = Lot.objects.create(plie=aix, code=code, name=name, provider=provider)
        lot.bassins.set([bassins[b] for b in bassin_names])
        lots[code], orgs[code] = lot, provider
        for bassin_name in bassin_names:
            lot_of_bassin[bassins[bassin_name].pk] = lot
    edb_provider = _org(OrganisationKind.PROVIDER, "Étang Emploi Solidaire", plie=edb)
    lots["EDB1"] = Lot.objects.create(
        plie=edb, code="L1", name="Étang de Berre", provider=edb_provider
    )
    lots["EDB1"].bassins.set({communes[c].bassin for c in EDB_COMMUNES})
    orgs["EDB1"] = edb_provider

    prescribers: dict[str, Organisation] = {}
    for kind, (name, insee) in AIX_PRESCRIBERS.items():
        prescribers[kind] = _org(
            OrganisationKind.PRESCRIBER,
            name,
            plie=aix,
            prescriber_kind=kind,
            commune=communes[insee],
        )
    orgs["caf"] = prescribers[PrescriberKind.CAF]
    edb_prescriber = _org(
        OrganisationKind.PRESCRIBER,
        "France Travail Vitrolles",
        plie=edb,
        prescriber_kind=PrescriberKind.FRANCE_TRAVAIL,
        commune=communes["13117"],
    )
    providers = {key: _org(kind, name, plie=aix) for key, (kind, name) in STEP_PROVIDERS.items()}

    structure = Structure(
        oi=oi,
        aix=aix,
        edb=edb,
        lots=lots,
        lot_of_bassin=lot_of_bassin,
        advisers={lot.pk: [] for lot in lots.values()},
        prescribers=prescribers,
        edb_prescriber=edb_prescriber,
        providers=providers,
    )
    _create_accounts(structure, orgs, today)
    return structure


def _create_accounts(structure: Structure, orgs: dict[str, Organisation], today: date) -> None:
    # One hash for every account: hashing is deliberately slow and the password is the same.
    # `set_password` does not run the password validators ("demo" is far too short for them).
    template = User()
    template.set_password(DEMO_PASSWORD)
    since = today - relativedelta(years=3)
    for key, email, first_name, last_name, role, org_key, lot_code in ACCOUNTS:
        is_admin = role == Role.ADMIN
        user = User.objects.create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=template.password,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        lot = structure.lots[lot_code] if lot_code else None
        Membership.objects.create(
            user=user, organisation=orgs[org_key], role=role, lot=lot, start_date=since
        )
        structure.users[key] = user
        if lot is not None:
            structure.advisers[lot.pk].append((user, ADVISER_WEIGHTS.get(key, 1.0)))
