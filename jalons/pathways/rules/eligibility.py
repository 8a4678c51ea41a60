"""Eligibility screening at entry: spec §3 "Eligibility".

Pure functions over plain data (no ORM). Eligibility is about cumulative difficulties,
so the screen lists every public criterion and every barrier met, with its reason,
rather than a single yes/no. Residence in one of the PLIE's communes is the only
blocker; a missing France Travail registration is a warning (it is required before
the pathway starts, not at orientation). A screen that is not eligible can still be
overridden by the committee with a written justification (``needs_override``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jalons.pathways.rules.exits import whole_months
from jalons.pathways.rules.exits_text import fmt_date as _fmt
from jalons.pathways.rules.exits_text import join_reasons

# Stored codes of the two nomenclatures (interfaces.md), and the report buckets.
QUALIFICATION_BUCKETS: dict[str, str] = {
    "VI": "VI_Vbis",
    "Vbis": "VI_Vbis",
    "1": "VI_Vbis",
    "2": "VI_Vbis",
    "V": "V",
    "3": "V",
    "IV": "IV",
    "4": "IV",
    "III": "III_and_above",
    "II": "III_and_above",
    "I": "III_and_above",
    "5": "III_and_above",
    "6": "III_and_above",
    "7": "III_and_above",
    "8": "III_and_above",
}
LOW_QUALIFICATION_LEVELS = frozenset({"VI", "Vbis", "V", "1", "2", "3"})

CRITERIA_LABELS: dict[str, str] = {
    "deld": "Demandeur d'emploi de longue durée (12 mois ou plus)",
    "rqth": "Travailleur handicapé (RQTH)",
    "minimum_benefit": "Bénéficiaire d'un minimum social (RSA, ASS, AAH)",
    "senior": "Senior (50 ans ou plus)",
    "young_low_qualified": "Jeune de moins de 26 ans peu ou pas qualifié",
    "single_woman_or_family_head": "Femme isolée ou chef de famille monoparentale",
    "qpv": "Résident d'un quartier prioritaire de la politique de la ville (QPV)",
    "executive_excluded": "Cadre durablement exclu de l'emploi",
}

BARRIER_LABELS: dict[str, str] = {
    "qualification": "Qualification",
    "health": "Santé",
    "housing": "Logement",
    "childcare": "Garde d'enfants",
    "debt": "Endettement",
    "psychological": "Difficultés psychologiques",
    "mobility": "Mobilité",
    "language": "Maîtrise de la langue",
    "isolation": "Isolement social",
    "discrimination": "Discriminations",
}

DELD_MONTHS = 12
SENIOR_AGE = 50
YOUNG_AGE_LIMIT = 26


def normalize_level(level: str | None) -> str | None:
    """Stored code of a qualification level ("vbis", "V bis" -> "Vbis"); None when empty."""
    if level is None or not level.strip():
        return None
    compact = level.replace(" ", "").strip()
    for code in QUALIFICATION_BUCKETS:
        if compact.casefold() == code.casefold():
            return code
    raise ValueError(f"unknown qualification level: {level!r}")


def qualification_bucket(level: str | None) -> str:
    """Report bucket of a level: VI_Vbis, V, IV, III_and_above or unknown (spec §4).

    Old nomenclature VI and V bis and new levels 1–2 are "VI_Vbis"; V and 3 are "V";
    IV and 4 are "IV"; III, II, I and 5–8 are "III_and_above"; no level is "unknown".
    """
    code = normalize_level(level)
    return "unknown" if code is None else QUALIFICATION_BUCKETS[code]


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years; someone born on 29 February turns a year older on 1 March."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


@dataclass(frozen=True)
class Situation:
    """A person's situation as declared at orientation or entry (spec §3)."""

    birth_date: date
    sex: str  # "F" or "M"
    commune_insee: str | None = None
    france_travail_registered: bool = False
    job_seeker_since: date | None = None
    rqth: bool = False
    rsa: bool = False
    ass: bool = False
    aah: bool = False
    qualification_level: str | None = None
    single_parent_or_isolated_woman: bool = False
    qpv: bool = False
    executive_long_excluded: bool = False
    barriers: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.sex not in ("F", "M"):
            raise ValueError(f"sex must be 'F' or 'M', not {self.sex!r}")
        unknown = set(self.barriers) - set(BARRIER_LABELS)
        if unknown:
            raise ValueError(f"unknown barrier codes: {sorted(unknown)}")
        object.__setattr__(self, "qualification_level", normalize_level(self.qualification_level))


@dataclass(frozen=True)
class Finding:
    """A criterion or barrier met, a blocker or a warning: a code and French text."""

    code: str
    label: str
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.label} : {self.reason}" if self.reason else self.label


@dataclass(frozen=True)
class Screening:
    """Everything the screen shows; blockers and warnings carry their message as ``label``."""

    criteria: tuple[Finding, ...]
    barriers: tuple[Finding, ...]
    blockers: tuple[Finding, ...]
    warnings: tuple[Finding, ...]

    @property
    def is_eligible(self) -> bool:
        """No blocker and at least one public criterion."""
        return not self.blockers and bool(self.criteria)

    @property
    def needs_override(self) -> bool:
        """Entry then needs a committee decision with a written justification."""
        return not self.is_eligible


def _criterion(code: str, reason: str) -> Finding:
    return Finding(code, CRITERIA_LABELS[code], reason)


def registration_months(registered: bool, since: date | None, as_of: date) -> int | None:
    """Whole months registered at France Travail on `as_of` (None when not registered)."""
    if not registered or since is None or since > as_of:
        return None
    return whole_months(since, as_of)


def is_deld(registered: bool, since: date | None, as_of: date) -> bool:
    """Long-term job seeker (DELD): registered for 12 months or more on `as_of` (spec §3)."""
    months = registration_months(registered, since, as_of)
    return months is not None and months >= DELD_MONTHS


def _criteria(s: Situation, as_of: date) -> list[Finding]:
    found = []
    feminine = "e" if s.sex == "F" else ""
    age = age_on(s.birth_date, as_of)
    since = s.job_seeker_since
    months = registration_months(s.france_travail_registered, since, as_of)
    if since is not None and months is not None and months >= DELD_MONTHS:
        reason = f"Inscrit{feminine} à France Travail depuis le {_fmt(since)} ({months} mois)"
        found.append(_criterion("deld", reason))
    if s.rqth:
        found.append(_criterion("rqth", "Reconnaissance de la qualité de travailleur handicapé"))
    benefits = [
        name for name, held in (("du RSA", s.rsa), ("de l'ASS", s.ass), ("de l'AAH", s.aah)) if held
    ]
    if benefits:
        found.append(_criterion("minimum_benefit", f"Bénéficiaire {join_reasons(benefits)}"))
    if age >= SENIOR_AGE:
        found.append(_criterion("senior", f"Âgé{feminine} de {age} ans au {_fmt(as_of)}"))
    level = s.qualification_level
    if age < YOUNG_AGE_LIMIT and level in LOW_QUALIFICATION_LEVELS:
        reason = f"{age} ans au {_fmt(as_of)}, niveau {level.replace('bis', ' bis')}"
        found.append(_criterion("young_low_qualified", reason))
    if s.single_parent_or_isolated_woman:
        if s.sex == "F":
            reason = "Femme isolée ou cheffe de famille monoparentale"
        else:
            reason = "Chef de famille monoparentale"
        found.append(_criterion("single_woman_or_family_head", reason))
    if s.qpv:
        found.append(_criterion("qpv", "Réside dans un quartier prioritaire"))
    if s.executive_long_excluded:
        found.append(_criterion("executive_excluded", "Cadre durablement éloigné de l'emploi"))
    return found


def screen(situation: Situation, plie_communes: set[str], as_of: date) -> Screening:
    """Screen a situation against a PLIE's communes and the public criteria (spec §3).

    DELD: registered at France Travail for 12 months or more on ``as_of``. Senior: 50 or
    older on ``as_of``. Young low-qualified: under 26 with level VI, V bis, V or 1–3.
    """
    blockers = []
    commune = situation.commune_insee
    if not commune:
        blockers.append(
            Finding(
                "residence_unknown",
                "Commune de résidence non renseignée : "
                "la résidence sur le territoire du PLIE ne peut pas être vérifiée",
            )
        )
    elif commune not in plie_communes:
        blockers.append(
            Finding(
                "residence_outside_plie",
                f"Réside hors du territoire du PLIE (commune INSEE "
                f"{commune}) : la résidence dans l'une de ses communes est obligatoire",
            )
        )
    warnings = []
    if not situation.france_travail_registered:
        warnings.append(
            Finding(
                "not_registered",
                "Non inscrit à France Travail : l'inscription est "
                "requise avant le début du parcours",
            )
        )
    elif situation.job_seeker_since is None:
        warnings.append(
            Finding(
                "registration_date_unknown",
                "Date d'inscription à France Travail non "
                "renseignée : l'ancienneté de demandeur d'emploi ne peut pas être calculée",
            )
        )
    barriers = [
        Finding(code, label) for code, label in BARRIER_LABELS.items() if code in situation.barriers
    ]
    return Screening(
        criteria=tuple(_criteria(situation, as_of)),
        barriers=tuple(barriers),
        blockers=tuple(blockers),
        warnings=tuple(warnings),
    )
