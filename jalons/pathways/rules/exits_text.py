"""French sentences explaining exit verdicts (exits.md, "Explanations").

Every verdict carries one sentence that names the rule, the figures and the dates.
This module only formats; the decisions are taken in ``exits.py``. It takes plain
values (dates, decimals, strings) so that it never imports the engine.

Number format: comma decimal separator, no ",00" for whole values, a no-break space
(U+00A0) between thousands so that a figure is never split across lines
("1 040 h"). Units are separated by an ordinary space, as in the spec's examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache

THOUSANDS_SEPARATOR = "\u00a0"

KIND_LABELS: dict[str, str] = {
    "cdi": "CDI",
    "cdd": "CDD",
    "interim": "Intérim",
    "formation_qualifiante": "Formation qualifiante",
    "formation": "Formation pré-qualifiante",
    "creation_activite": "Création d'activité",
    "iae_aci": "Contrat en atelier et chantier d'insertion (ACI)",
    "iae_ei": "Contrat en entreprise d'insertion (EI)",
    "iae_etti": "Mission en entreprise de travail temporaire d'insertion (ETTI)",
    "iae_ai": "Mission en association intermédiaire (AI)",
    "clause": "Heures en clause d'insertion",
    "immersion": "Immersion en entreprise (PMSMP)",
    "mobilite": "Action mobilité",
    "accompagnement_social": "Accompagnement santé / social",
    "atelier": "Atelier",
    "autre": "Autre étape",
}

HOURS_MISSING = "heures mensuelles non renseignées"
INCOME_MISSING = "revenu mensuel de la micro-entreprise non renseigné"


@lru_cache(maxsize=1 << 14)  # pure; verdicts repeat the same few thousand dates
def fmt_date(day: date) -> str:
    """01/03/2021."""
    return day.strftime("%d/%m/%Y")


@lru_cache(maxsize=1 << 14)  # pure, and equal values (80 and 80.00) give the same text
def fmt_number(value: Decimal | int) -> str:
    """French format: 151,67 ; 80 (not 80,00) ; 1 040 ; 37,5."""
    number = Decimal(value)
    if number == number.to_integral_value():
        whole, fraction = f"{number:.0f}", ""
    else:
        whole, _, fraction = format(number.normalize(), "f").partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    text = sign + THOUSANDS_SEPARATOR.join(groups)
    return f"{text},{fraction}" if fraction else text


def fmt_hours(value: Decimal | int) -> str:
    """940 h."""
    return f"{fmt_number(value)} h"


def fmt_monthly_hours(value: Decimal | int) -> str:
    """151,67 h/mois."""
    return f"{fmt_number(value)} h/mois"


def fmt_euros(value: Decimal | int) -> str:
    """777,29 € ; 800 € ; 777,30 € (cents always shown unless whole); rounded up to the cent."""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    if amount == amount.to_integral_value():
        return f"{fmt_number(amount)} €"
    whole, _, cents = f"{amount:.2f}".partition(".")
    return f"{fmt_number(Decimal(whole))},{cents} €"


def fmt_percent(ratio: Decimal) -> str:
    """Decimal("0.5") -> 50 %."""
    return f"{fmt_number(ratio * 100)} %"


def join_reasons(reasons: Sequence[str]) -> str:
    """'a', 'a et b', 'a, b et c'."""
    if len(reasons) <= 1:
        return "".join(reasons)
    return ", ".join(reasons[:-1]) + " et " + reasons[-1]


# --- heads: what the step is ---------------------------------------------------------------


def contract_head(
    kind: str, start: date, monthly_hours: Decimal | int | None, months: int | None
) -> str:
    """« CDD de 7 mois à 80 h/mois débuté le 01/03/2021 » ; « CDI à 151,67 h/mois débuté le … »."""
    head = KIND_LABELS[kind]
    if months is not None:
        head += f" de {months} mois" if months > 0 else " de moins d'un mois"
    if monthly_hours is not None:
        head += f" à {fmt_monthly_hours(monthly_hours)}"
    return f"{head} débuté le {fmt_date(start)}"


def training_head(start: date, end: date | None) -> str:
    """« Formation qualifiante du 01/03/2021 au 01/09/2021 » or « … débutée le 01/03/2021 »."""
    if end is None:
        return f"Formation qualifiante débutée le {fmt_date(start)}"
    return f"Formation qualifiante du {fmt_date(start)} au {fmt_date(end)}"


def creation_head(start: date, micro_entrepreneur: bool) -> str:
    """« Création d'activité (micro-entreprise) débutée le 01/03/2021 »."""
    micro = " (micro-entreprise)" if micro_entrepreneur else ""
    return f"Création d'activité{micro} débutée le {fmt_date(start)}"


def other_step_head(kind: str, start: date) -> str:
    """« Atelier débuté le 01/03/2021 » (gender-neutral wording)."""
    return f"Étape « {KIND_LABELS[kind]} » du {fmt_date(start)}"


# --- conclusions -------------------------------------------------------------------------


def positive(head: str, validated_on: date, detail: str | None = None) -> str:
    text = f"{head} : sortie positive validée le {fmt_date(validated_on)}"
    return f"{text}, {detail}" if detail else text


def pending(head: str, expected_on: date, detail: str | None = None) -> str:
    text = f"{head} : en attente de validation le {fmt_date(expected_on)}"
    return f"{text}, {detail}" if detail else text


def rejected(head: str, reasons: Sequence[str], feminine: bool = False) -> str:
    agreement = "e" if feminine else ""
    return f"{head} : non retenu{agreement}, {join_reasons(reasons)}"


def ignored_after(head: str, as_of: date) -> str:
    return f"{head} : non prise en compte, l'étape commence après le {fmt_date(as_of)}"


def not_qualifying(head: str) -> str:
    return f"{head} : ce type d'étape ne constitue pas une sortie positive"


def no_qualifying_step(as_of: date) -> str:
    return (
        "Aucune étape de CDI, CDD, intérim, formation qualifiante ou création d'activité "
        f"au {fmt_date(as_of)}"
    )


# --- reasons -----------------------------------------------------------------------------


def too_few_hours(minimum: Decimal | int) -> str:
    """« moins de 76 h/mois (mi-temps) »."""
    return f"moins de {fmt_monthly_hours(minimum)} (mi-temps)"


def ended_early(
    end: date, months: int, earliest_end: date, *, planned: bool, feminine: bool
) -> str:
    """Contract or creation that did not last N months (end date inclusive)."""
    what = "fin prévue le" if planned else ("terminée le" if feminine else "terminé le")
    return (
        f"{what} {fmt_date(end)}, moins de {months} mois après son début "
        f"(fin requise le {fmt_date(earliest_end)} au plus tôt)"
    )


def training_ended_early(end: date, months: int, validation: date, *, planned: bool) -> str:
    """Qualifying training not still running on start + N months."""
    what = "fin prévue le" if planned else "terminée le"
    return (
        f"{what} {fmt_date(end)}, sans dépasser {months} mois "
        f"(elle devait être encore en cours le {fmt_date(validation)})"
    )


def training_detail(months: int, cap_percent: int) -> str:
    return (
        f"formation de plus de {months} mois, comptée dans la limite de {cap_percent} % "
        "des sorties positives"
    )


def income_detail(income: Decimal | int, threshold: Decimal, ratio: Decimal, on: date) -> str:
    """Positive or pending micro-entrepreneur: the income and the threshold it reaches."""
    return (
        f"revenu mensuel de {fmt_euros(income)} pour un seuil de {fmt_euros(threshold)} "
        f"({fmt_percent(ratio)} du SMIC brut mensuel en vigueur le {fmt_date(on)})"
    )


def income_too_low(income: Decimal | int, threshold: Decimal, ratio: Decimal, on: date) -> str:
    return (
        f"revenu mensuel de {fmt_euros(income)} inférieur au seuil de {fmt_euros(threshold)} "
        f"({fmt_percent(ratio)} du SMIC brut mensuel en vigueur le {fmt_date(on)})"
    )


# --- temporary work ------------------------------------------------------------------------


def interim_positive(
    hours: Decimal, first_day: date, last_day: date, threshold: Decimal, months: int
) -> str:
    """« Intérim : 940 h travaillées du 04/01/2021 au 30/09/2021 (seuil 936 h en 9 mois) : … »."""
    return (
        f"Intérim : {fmt_hours(hours)} travaillées du {fmt_date(first_day)} au "
        f"{fmt_date(last_day)} (seuil {fmt_hours(threshold)} en {months} mois) : "
        f"sortie positive validée le {fmt_date(last_day)}"
    )


def interim_window(hours: Decimal, months: int, first_day: date, last_day: date) -> str:
    return f"{fmt_hours(hours)} en {months} mois (du {fmt_date(first_day)} au {fmt_date(last_day)})"


def interim_not_positive(
    best: Sequence[str],
    thresholds: Sequence[tuple[Decimal, int]],
    as_of: date,
    missing_hours: int,
) -> str:
    """Under both thresholds: the best figures found, or no mission ended by as_of."""
    figures = (
        f"au mieux {join_reasons(best)}"
        if best
        else f"aucune mission terminée au {fmt_date(as_of)}"
    )
    limits = join_reasons(
        [f"de {fmt_hours(hours)} en {months} mois" for hours, months in thresholds]
    )
    missing = ""
    if missing_hours:
        plural = "s" if missing_hours > 1 else ""
        missing = f" ; heures non renseignées pour {missing_hours} mission{plural}"
    return (
        f"Intérim : {figures}, sous les seuils {limits}{missing} : non retenu au {fmt_date(as_of)}"
    )


def no_interim_mission(as_of: date) -> str:
    return f"Intérim : aucune mission commencée au {fmt_date(as_of)}"
