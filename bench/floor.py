"""The protocol review's figures computed by one hand-written SQL query: the floor that
`jalons.reports.bilan.compute_bilan` is measured against (same counts, asserted equal).

Each person counts once, with the snapshot of their first pathway active in the period
(whole PLIEs: no earlier pathway ended on or after the start);
exits are counted per PLIE (the training cap applies per PLIE).
"""

import json
from typing import Any

from django.db import connection

from jalons.pathways import profile as codes
from jalons.pathways.rules.exits import capped_training_exits
from jalons.pathways.services.exits import parameters_for
from jalons.reports.bilan import EMPLOYMENT_KINDS, OTHER_KEYS, QUALIFICATION_KEYS, BilanScope


def _bits(shift: int, width: int, index: int) -> str:
    return f"(entry_profile >> {shift}) & {(1 << width) - 1} = {index}"


def _profile_columns() -> str:
    """Counts over the coded situation at entry (`jalons.pathways.profile`), decoded here
    with SQL bit arithmetic."""
    first = "(previous_exit_date IS NULL OR previous_exit_date < %(start)s)"
    flags = {name: f"(entry_profile >> {codes.FLAG_SHIFT + bit}) & 1 = 1"
             for bit, name in enumerate(codes.FLAGS)}  # fmt: skip
    columns = [
        f"count(*) FILTER (WHERE {first}) AS accompanied",
        f"count(*) FILTER (WHERE {first} AND {_bits(codes.SEX_BITS, 2, 1)}) AS women",
        f"count(*) FILTER (WHERE {first} AND {_bits(codes.SEX_BITS, 2, 2)}) AS men",
        *(f"count(*) FILTER (WHERE {first} AND {flags[name]}) AS {name}" for name in flags),
        "count(*) FILTER (WHERE entry_date >= %(start)s) AS entries",
    ]
    columns += [
        f'count(*) FILTER (WHERE {first} AND {_bits(codes.LEVEL_SHIFT, 3, i + 1)}) AS "q_{key}"'
        for i, key in enumerate(codes.LEVELS)
    ]
    columns += [
        f"count(*) FILTER (WHERE {first} AND {_bits(codes.PRESCRIBER_SHIFT, 4, i + 1)}) AS p_{kind}"
        for i, kind in enumerate(codes.PRESCRIBERS)
    ]
    return ",\n  ".join(columns)


def _exit_columns() -> str:
    rules = "e.is_positive AND e.source <> 'committee'"
    committee = "e.is_positive AND e.source = 'committee'"
    employment_committee = f"{committee} AND d.counts_as_employment"
    kinds = ", ".join(f"'{k}'" for k in EMPLOYMENT_KINDS)
    others = "'abandon', 'demenagement', 'deces', 'retraite', 'autre'"
    columns = [
        f"count(*) FILTER (WHERE {rules} AND e.kind = 'formation_qualifiante') AS training",
        f"count(*) FILTER (WHERE {committee}) AS committee",
        f"count(*) FILTER (WHERE {employment_committee}) AS committee_employment",
        f"count(*) FILTER (WHERE {employment_committee} AND e.entry_rsa)"
        " AS committee_employment_rsa",
        f"count(*) FILTER (WHERE {rules} AND e.kind IN ({kinds}) AND e.entry_rsa)"
        " AS employment_rsa",
        f"count(*) FILTER (WHERE NOT e.is_positive AND e.kind NOT IN ({others}))"
        " AS not_positive_other",
    ]
    columns += [
        f"count(*) FILTER (WHERE {rules} AND e.kind = '{k}') AS {k}" for k in EMPLOYMENT_KINDS
    ]
    columns += [
        f"count(*) FILTER (WHERE NOT e.is_positive AND e.kind = '{k}') AS o_{k}" for k in OTHER_KEYS
    ]
    return ",\n  ".join(columns)


# On the same schema as the application (the pathways' coded copy of their entry snapshot
# and the previous pathway's exit date, the exits' copy of the PLIE and RSA at entry),
# written the way one would by hand: one pass of FILTER counts over each table.
SQL = f"""
WITH accompanied AS (
  SELECT w.entry_date, w.entry_profile, w.previous_exit_date
  FROM pathways_pathway w
  WHERE w.plie_id = ANY(%(plies)s) AND w.entry_date <= %(end)s
    AND (w.exit_date IS NULL OR w.exit_date >= %(start)s)
), profile AS (
  SELECT
  {_profile_columns()}
  FROM accompanied
), exits AS (
  SELECT e.plie_id,
  {_exit_columns()}
  FROM pathways_exit e
  LEFT JOIN pathways_committeedecision d ON d.id = e.committee_decision_id
  WHERE e.plie_id = ANY(%(plies)s) AND e.date BETWEEN %(start)s AND %(end)s
  GROUP BY e.plie_id
)
SELECT (SELECT row_to_json(profile) FROM profile),
       (SELECT coalesce(json_agg(exits), '[]'::json) FROM exits)
"""


def floor_counts(scope: BilanScope) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The raw counts: one round trip."""
    params = {"plies": list(scope.plie_ids), "start": scope.start, "end": scope.end}
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        profile, exits = cursor.fetchone()
    if isinstance(profile, str):
        profile, exits = json.loads(profile), json.loads(exits)
    return profile, exits


def floor_bilan(scope: BilanScope) -> dict[str, Any]:
    """The review's figures from the floor query (same arithmetic as compute_bilan)."""
    profile, per_plie = floor_counts(scope)
    by_kind = dict.fromkeys(
        [*EMPLOYMENT_KINDS, "formation_qualifiante", "formation_qualifiante_over_cap", "committee"],
        0,
    )
    other = dict.fromkeys(OTHER_KEYS, 0)
    employment_rsa = committee_employment = 0
    for row in per_plie:
        for kind in EMPLOYMENT_KINDS:
            by_kind[kind] += row[kind]
        by_kind["committee"] += row["committee"]
        others = sum(row[k] for k in EMPLOYMENT_KINDS) + row["committee"]
        cap = parameters_for(row["plie_id"], scope.end).training_cap_percent
        counted, over = capped_training_exits(others, row["training"], cap)
        by_kind["formation_qualifiante"] += counted
        by_kind["formation_qualifiante_over_cap"] += over
        employment_rsa += row["employment_rsa"] + row["committee_employment_rsa"]
        committee_employment += row["committee_employment"]
        for kind in OTHER_KEYS:
            other[kind] += row[f"o_{kind}"]
        other["autre"] += row["not_positive_other"]
    employment = sum(by_kind[k] for k in EMPLOYMENT_KINDS)
    return {
        **{
            k: profile[k]
            for k in ("accompanied", "women", "men", "rsa", "deld", "rqth", "qpv", "entries")
        },  # fmt: skip
        "qualification": {k: profile[f"q_{k}"] for k in QUALIFICATION_KEYS},
        "prescribers": {k: profile[f"p_{k}"] for k in codes.PRESCRIBERS},
        "exits_positive": employment + by_kind["committee"] + by_kind["formation_qualifiante"],
        "exits_employment": employment + committee_employment,
        "exits_employment_rsa": employment_rsa,
        "exits_by_kind": by_kind,
        "exits_other": other,
    }


def comparable(bilan: dict[str, Any]) -> dict[str, Any]:
    """The part of compute_bilan's result that the floor computes too."""
    keys = ("accompanied", "women", "men", "rsa", "deld", "rqth", "qpv", "entries",
            "qualification", "prescribers", "exits_positive", "exits_employment",
            "exits_employment_rsa", "exits_by_kind", "exits_other")  # fmt: skip
    return {k: bilan[k] for k in keys}
