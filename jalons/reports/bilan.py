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
from jalons.pathways import profile
from jalons.pathways.enums import OTHER_EXIT_KINDS, ExitSource
from jalons.pathways.models import CommitteeDecision, Exit, Pathway, ReferentAssignment
from jalons.pathways.rules.exits import capped_training_exits
from jalons.pathways.services.exits import parameters_for
from jalons.protocols.enums import TargetKey, TargetUnit
from jalons.protocols.models import Protocol

QUALIFICATION_KEYS = profile.LEVELS
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
            q &= Q(**{f"{prefix}entry_bassin_id": self.bassin_id})
        if self.referent_id is not None:
            q &= referent_q(self.referent_id, self.start, self.end, prefix)
        return q

    def exit_filter(self, prefix: str = "") -> Q:
        """The exits of the scope's pathways (the PLIE is the exit's own copy: no join)."""
        q = Q(**{f"{prefix}plie_id__in": self.plie_ids})
        if self.lot_id is not None or self.bassin_id is not None or self.referent_id is not None:
            q &= self.pathway_filter(f"{prefix}pathway__")
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


def first_in_scope(scope: BilanScope) -> Q:
    """For a pathway of the scope, 'it is the person's first pathway of the scope active in
    the period': each person counts once, on that pathway.

    A person's pathways follow each other, so an earlier one active on the period's start
    exists only if the previous one ended on or after it (`previous_exit_date`). The
    previous pathway belongs to the same PLIE (a person's pathways all do): when the scope is
    whole PLIEs, that settles it; within a lot, a bassin or a referent's caseload, the
    earlier pathways of the scope are looked up, for those few re-entries only."""
    start = scope.start
    first = Q(previous_exit_date__isnull=True) | Q(previous_exit_date__lt=start)
    if scope.lot_id is None and scope.bassin_id is None and scope.referent_id is None:
        return first
    earlier = Pathway.objects.filter(
        scope.pathway_filter(),
        participant_id=OuterRef("participant_id"),
        entry_date__lt=OuterRef("entry_date"),
    ).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))
    return first | Q(~Exists(earlier))


def _profile(scope: BilanScope) -> dict[str, Any]:
    """One scan of the pathways of the period, grouped by situation at entry (one coded
    column, a few hundred values): the people, each once, and the entries."""
    rows = (
        accompanied_pathways(scope)
        .order_by()
        .values("entry_profile")
        .annotate(
            people=Count("id", filter=first_in_scope(scope)),
            entries=Count("id", filter=Q(entry_date__gte=scope.start)),
        )
    )
    totals: dict[str, Any] = dict.fromkeys(
        ["accompanied", "women", "men", *profile.FLAGS, "entries"], 0
    )
    totals.update({f"q_{key}": 0 for key in QUALIFICATION_KEYS})
    totals.update({f"p_{kind}": 0 for kind in PrescriberKind.values})
    for row in rows:
        people, situation = row["people"], profile.decode(row["entry_profile"])
        totals["accompanied"] += people
        totals["entries"] += row["entries"]
        sex = {"F": "women", "M": "men"}.get(situation.sex)
        if sex:
            totals[sex] += people
        for flag in profile.FLAGS:
            if getattr(situation, flag):
                totals[flag] += people
        if situation.level:
            totals[f"q_{situation.level}"] += people
        if situation.prescriber:
            totals[f"p_{situation.prescriber}"] += people
    return totals


def _exits(scope: BilanScope) -> dict[int, dict[str, int]]:
    """One scan of the exits dated in the period, grouped by PLIE (the training cap applies
    per PLIE) and by what the review tells apart; the committee decisions counted as
    employment come from their own (small) table."""
    rows = (
        Exit.objects.filter(scope.exit_filter(), date__range=(scope.start, scope.end))
        .order_by()
        .values("plie_id", "kind", "is_positive", "source", "entry_rsa")
        .annotate(n=Count("id"))
    )
    per_plie: dict[int, dict[str, int]] = {}
    for row in rows:
        counts = per_plie.setdefault(row["plie_id"], _empty_exit_counts())
        n, kind, rsa = row["n"], row["kind"], row["entry_rsa"]
        if not row["is_positive"]:
            if kind in OTHER_KEYS:
                counts[f"o_{kind}"] += n
            elif kind not in OTHER_EXIT_KINDS:
                counts["not_positive_other"] += n
        elif row["source"] == ExitSource.COMMITTEE:
            counts["committee"] += n
        elif kind == "formation_qualifiante":
            counts["training"] += n
        elif kind in EMPLOYMENT_KINDS:
            counts[kind] += n
            counts["employment_rsa"] += n if rsa else 0
    employment = (
        CommitteeDecision.objects.filter(
            scope.exit_filter("exit_record__"),
            counts_as_employment=True,
            exit_record__is_positive=True,
            exit_record__source=ExitSource.COMMITTEE,
            exit_record__date__range=(scope.start, scope.end),
        )
        .order_by()
        .values("exit_record__plie_id", "exit_record__entry_rsa")
        .annotate(n=Count("id"))
    )
    for row in employment:
        counts = per_plie.setdefault(row["exit_record__plie_id"], _empty_exit_counts())
        counts["committee_employment"] += row["n"]
        counts["committee_employment_rsa"] += row["n"] if row["exit_record__entry_rsa"] else 0
    return per_plie


def _empty_exit_counts() -> dict[str, int]:
    keys = ["training", "committee", "committee_employment", "committee_employment_rsa",
            "employment_rsa", "not_positive_other", *EMPLOYMENT_KINDS,
            *(f"o_{kind}" for kind in OTHER_KEYS)]  # fmt: skip
    return dict.fromkeys(keys, 0)


def _ratio(part: int | Decimal, whole: int | Decimal) -> float:
    if not whole:
        return 0.0
    return float((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def compute_bilan(scope: BilanScope) -> dict[str, Any]:
    situation = _profile(scope)
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
        "accompanied": situation["accompanied"],
        "women": situation["women"],
        "men": situation["men"],
        "rsa": situation["rsa"],
        "deld": situation["deld"],
        "rqth": situation["rqth"],
        "qpv": situation["qpv"],
        "entries": situation["entries"],
        "qualification": {k: situation[f"q_{k}"] for k in QUALIFICATION_KEYS},
        "prescribers": {k: situation[f"p_{k}"] for k in PrescriberKind.values},
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
