"""The protocol review (bilan) — spec §4, interfaces.md "The protocol review in JSON".

Counts over the participants accompanied in the period (a pathway active on at least one
day of it), with their situation at entry (the snapshot, never the current situation),
and the exits validated in the period. Two aggregate queries whatever the volume.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from jalons.organisations.enums import PrescriberKind
from jalons.organisations.models import Organisation
from jalons.pathways.enums import OTHER_EXIT_KINDS, ExitSource
from jalons.pathways.models import Exit, Pathway, ReferentAssignment
from jalons.pathways.rules.exits import capped_training_exits
from jalons.pathways.services.exits import parameters_for
from jalons.protocols.enums import TargetKey, TargetUnit
from jalons.protocols.models import Protocol

QUALIFICATION_KEYS = ("VI_Vbis", "V", "IV", "III_and_above", "unknown")
EMPLOYMENT_KINDS = ("cdi", "cdd", "interim", "creation_activite")
OTHER_KEYS = ("abandon", "demenagement", "deces", "retraite", "autre")


@dataclass(frozen=True)
class BilanScope:
    plie_ids: tuple[int, ...]
    start: date
    end: date
    lot_id: int | None = None
    bassin_id: int | None = None
    referent_id: int | None = None
    plie_codes: tuple[str, ...] = field(default=())

    def pathway_filter(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}plie_id__in": self.plie_ids})
        if self.lot_id is not None:
            q &= Q(**{f"{prefix}lot_id": self.lot_id})
        if self.bassin_id is not None:
            q &= Q(**{f"{prefix}snapshot__bassin_id": self.bassin_id})
        if self.referent_id is not None:
            q &= referent_q(self.referent_id, self.start, self.end, prefix)
        return q


def referent_q(referent_id: int, start: date | None, end: date | None, prefix: str = "") -> Q:
    """Pathways followed by this referent on at least one day of [start, end] (their
    assignment history, not today's referent: reports never read the current situation)."""
    assignments = ReferentAssignment.objects.filter(
        pathway=OuterRef(prefix.removesuffix("__") or "pk"), referent_id=referent_id
    )
    if end is not None:
        assignments = assignments.filter(start_date__lte=end)
    if start is not None:
        assignments = assignments.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return Q(Exists(assignments))


def accompanied_pathways(scope: BilanScope) -> QuerySet[Pathway]:
    return Pathway.objects.filter(scope.pathway_filter()).active_during(scope.start, scope.end)


def earlier_pathways(start: date) -> QuerySet[Pathway]:
    """For a pathway of the period (OuterRef), the same person's earlier pathways still
    active on `start`: excluding these counts each person once, on their first pathway."""
    return Pathway.objects.filter(
        participant_id=OuterRef("participant_id"), entry_date__lt=OuterRef("entry_date")
    ).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))


def _profile(scope: BilanScope) -> dict[str, Any]:
    """Two aggregate queries: each person once (their first pathway active in the period,
    earlier ones excluded by an anti-join), then the entries of the period."""
    counts: dict[str, Any] = {
        "accompanied": Count("id"),
        "women": Count("id", filter=Q(snapshot__sex="F")),
        "men": Count("id", filter=Q(snapshot__sex="M")),
        "rsa": Count("id", filter=Q(snapshot__rsa=True)),
        "deld": Count("id", filter=Q(snapshot__deld=True)),
        "rqth": Count("id", filter=Q(snapshot__rqth=True)),
        "qpv": Count("id", filter=Q(snapshot__qpv=True)),
    }
    for key in QUALIFICATION_KEYS:
        counts[f"q_{key}"] = Count("id", filter=Q(snapshot__qualification_bucket=key))
    for kind in PrescriberKind.values:
        counts[f"p_{kind}"] = Count("id", filter=Q(snapshot__prescriber_kind=kind))
    accompanied = accompanied_pathways(scope)
    row = accompanied.exclude(Exists(earlier_pathways(scope.start))).aggregate(**counts)
    row["entries"] = accompanied.filter(entry_date__gte=scope.start).count()
    return row


def _exits(scope: BilanScope) -> dict[int, dict[str, int]]:
    """One query: exits dated in the period, per PLIE (the training cap applies per PLIE)."""
    qs = Exit.objects.filter(
        scope.pathway_filter("pathway__"), date__range=(scope.start, scope.end)
    )
    positive = Q(is_positive=True)
    rules = positive & ~Q(source=ExitSource.COMMITTEE)
    committee = positive & Q(source=ExitSource.COMMITTEE)
    employment_committee = committee & Q(committee_decision__counts_as_employment=True)
    rsa = Q(pathway__snapshot__rsa=True)
    counts: dict[str, Any] = {
        "training": Count("id", filter=rules & Q(kind="formation_qualifiante")),
        "committee": Count("id", filter=committee),
        "committee_employment": Count("id", filter=employment_committee),
        "committee_employment_rsa": Count("id", filter=employment_committee & rsa),
        "employment_rsa": Count("id", filter=rules & Q(kind__in=EMPLOYMENT_KINDS) & rsa),
        "not_positive_other": Count("id", filter=~positive & ~Q(kind__in=OTHER_EXIT_KINDS)),
    }
    for kind in EMPLOYMENT_KINDS:
        counts[kind] = Count("id", filter=rules & Q(kind=kind))
    for kind in OTHER_KEYS:
        counts[f"o_{kind}"] = Count("id", filter=~positive & Q(kind=kind))
    rows = qs.values("pathway__plie_id").annotate(**counts)
    return {row.pop("pathway__plie_id"): row for row in rows}


def _ratio(part: int | Decimal, whole: int | Decimal) -> float:
    if not whole:
        return 0.0
    return float((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def compute_bilan(scope: BilanScope) -> dict[str, Any]:
    profile = _profile(scope)
    per_plie = _exits(scope)
    by_kind = dict.fromkeys(
        [*EMPLOYMENT_KINDS, "formation_qualifiante", "formation_qualifiante_over_cap", "committee"],
        0,
    )
    other = dict.fromkeys(OTHER_KEYS, 0)
    employment_rsa = 0
    committee_employment = 0
    for plie_id, row in per_plie.items():
        for kind in EMPLOYMENT_KINDS:
            by_kind[kind] += row[kind]
        by_kind["committee"] += row["committee"]
        others = sum(row[k] for k in EMPLOYMENT_KINDS) + row["committee"]
        cap = parameters_for(plie_id, scope.end).training_cap_percent
        counted, over = capped_training_exits(others, row["training"], cap)
        by_kind["formation_qualifiante"] += counted
        by_kind["formation_qualifiante_over_cap"] += over
        employment_rsa += row["employment_rsa"] + row["committee_employment_rsa"]
        committee_employment += row["committee_employment"]
        for kind in OTHER_KEYS:
            other[kind] += row[f"o_{kind}"]
        # A positive kind that the source system did not validate is an "other" exit.
        other["autre"] += row["not_positive_other"]
    exits_employment = sum(by_kind[k] for k in EMPLOYMENT_KINDS) + committee_employment
    exits_positive = (
        sum(by_kind[k] for k in EMPLOYMENT_KINDS)
        + by_kind["committee"]
        + by_kind["formation_qualifiante"]
    )
    result: dict[str, Any] = {
        "period": {"from": scope.start.isoformat(), "to": scope.end.isoformat()},
        "plie": list(scope.plie_codes),
        "accompanied": profile["accompanied"],
        "women": profile["women"],
        "men": profile["men"],
        "rsa": profile["rsa"],
        "deld": profile["deld"],
        "rqth": profile["rqth"],
        "qpv": profile["qpv"],
        "entries": profile["entries"],
        "qualification": {k: profile[f"q_{k}"] for k in QUALIFICATION_KEYS},
        "prescribers": {k: profile[f"p_{k}"] for k in PrescriberKind.values},
        "exits_positive": exits_positive,
        "exits_employment": exits_employment,
        "exits_employment_rsa": employment_rsa,
        "exits_by_kind": by_kind,
        "exits_other": other,
    }
    result["objectives"] = objectives(scope, result)
    return result


ACHIEVED_KEYS = {
    TargetKey.ACCOMPANIED: "accompanied",
    TargetKey.RSA: "rsa",
    TargetKey.ENTRIES: "entries",
    TargetKey.EXITS_POSITIVE: "exits_positive",
    TargetKey.EXITS_EMPLOYMENT: "exits_employment",
    TargetKey.EXITS_EMPLOYMENT_RSA: "exits_employment_rsa",
}


def _achieved(key: str, result: dict[str, Any]) -> int:
    if key == TargetKey.EXITS_TRAINING:
        return int(result["exits_by_kind"]["formation_qualifiante"])
    return int(result[ACHIEVED_KEYS[TargetKey(key)]])


def objectives(scope: BilanScope, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Objective vs achieved. A protocol's targets apply when the period is the protocol's;
    for a shorter period, yearly targets of the years it covers if the protocol has them,
    else the protocol's target prorated to the days of the period it covers."""
    totals: dict[tuple[str, str], Decimal] = {}
    protocols = Protocol.objects.filter(plie_id__in=scope.plie_ids).overlapping(
        scope.start, scope.end
    )
    for protocol in protocols.prefetch_related("targets"):
        lo, hi = max(protocol.start_date, scope.start), min(protocol.end_date, scope.end)
        whole = lo == protocol.start_date and hi == protocol.end_date
        years = set(range(lo.year, hi.year + 1))
        for target in protocol.targets.all():
            if target.unit == TargetUnit.PERCENT:
                if target.year is None:
                    totals[(target.key, target.unit)] = target.value
                continue
            yearly = [
                t for t in protocol.targets.all() if t.key == target.key and t.year is not None
            ]
            if whole or not yearly:
                if target.year is not None:
                    continue
                share = (
                    Decimal(1)
                    if whole
                    else Decimal((hi - lo).days + 1)
                    / Decimal((protocol.end_date - protocol.start_date).days + 1)
                )
                value = target.value * share
            elif target.year in years:
                value = target.value
            else:
                continue
            totals[(target.key, target.unit)] = (
                totals.get((target.key, target.unit), Decimal(0)) + value
            )
    rows = []
    accompanied = result["accompanied"]
    for (key, unit), goal in sorted(
        totals.items(), key=lambda kv: list(TargetKey.values).index(kv[0][0])
    ):
        achieved = _achieved(key, result)
        if unit == TargetUnit.PERCENT:
            achieved_pct = _ratio(achieved, accompanied) * 100
            rows.append(
                {
                    "key": key,
                    "unit": "percent",
                    "target": float(goal),
                    "achieved": round(achieved_pct, 2),
                    "rate": _ratio(Decimal(str(achieved_pct)), goal),
                }
            )
        else:
            rounded = int(goal.quantize(Decimal(1), ROUND_HALF_UP))
            rows.append(
                {
                    "key": key,
                    "target": rounded,
                    "achieved": achieved,
                    "rate": _ratio(achieved, rounded),
                }
            )
    return rows


def scope_for(plie_codes: list[str], start: date, end: date, **filters: Any) -> BilanScope:
    plies = list(Organisation.objects.filter(kind="plie", code__in=plie_codes).order_by("code"))
    return BilanScope(
        plie_ids=tuple(p.pk for p in plies),
        plie_codes=tuple(p.code or "" for p in plies),
        start=start,
        end=end,
        **filters,
    )
