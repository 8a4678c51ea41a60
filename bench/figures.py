"""Each benchmark figure, measured in the same run as its reference (so that the ratio
holds on a busy machine): the review against a hand-written SQL floor, the search and
the pages against their raw SQL or a minimal page, the exit engine against the bare
reading of its data, imports against `bulk_create`, the export's memory against the
process before the export."""

import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.floor import comparable, floor_bilan
from jalons.accounts.models import User
from jalons.core.actor import build_actor
from jalons.core.scoping import scope
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways.models import Pathway, Step
from jalons.pathways.services.exits import STEP_FIELDS, evaluate_participants
from jalons.pathways.services.review_copies import review_copy_mismatches
from jalons.reports.bilan import compute_bilan, scope_for

HERE = Path(__file__).resolve().parent


@dataclass
class Figure:
    key: str
    label: str
    target: str
    measured: float
    unit: str
    reference_label: str = ""
    reference: float | None = None
    passed: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.reference:
            return None
        return self.measured / self.reference

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


@dataclass
class Context:
    today: date
    oi_code: str = "ECHELLE"
    plie_code: str = "PLIE01"
    repeat: int = 5
    explain: bool = False
    rng: random.Random = field(default_factory=lambda: random.Random(1))

    @property
    def plie(self) -> Organisation:
        return Organisation.objects.get(kind="plie", code=self.plie_code)

    @property
    def coordinator(self) -> User:
        return User.objects.get(email=f"coordination@{self.plie_code.lower()}.echelle.jalons.fr")


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def explain(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


# --- the protocol review ------------------------------------------------------------------


def review(ctx: Context) -> Figure:
    codes = list(
        Organisation.objects.filter(kind="plie", oi__code=ctx.oi_code).values_list(
            "code", flat=True
        )
    )
    first = Pathway.objects.filter(plie__code__in=codes).order_by("entry_date").first()
    start = first.entry_date if first else ctx.today
    scope_ = scope_for(codes, start, ctx.today)
    ours, theirs = compute_bilan(scope_), floor_bilan(scope_)  # warm-up, and equal figures
    assert comparable(ours) == theirs, (comparable(ours), theirs)
    orm, floor = [], []
    for _ in range(ctx.repeat):  # alternated: a noisy moment hits both
        orm.append(timed(lambda: compute_bilan(scope_))[0])
        floor.append(timed(lambda: floor_bilan(scope_))[0])
    measured, reference = statistics.median(orm), statistics.median(floor)
    details: dict[str, Any] = {
        "plies": len(codes), "period": [start.isoformat(), ctx.today.isoformat()],
        "accompanied": ours["accompanied"], "exits_positive": ours["exits_positive"],
        "runs_orm": orm, "runs_floor": floor,
    }  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        compute_bilan(scope_)
    details["queries"] = len(queries.captured_queries)
    # The review reads the pathways' and exits' copies of the snapshots: they must hold.
    details["review_copy_mismatches"] = review_copy_mismatches()
    if ctx.explain:
        slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
        details["plans"] = [explain(q["sql"], None) for q in slow]
    return Figure(
        "review", "Protocol review, whole history (compute_bilan)", "≤ 1 s and ≤ 1.5× floor",
        measured, "s", "hand-written SQL (floor)", reference,
        passed=measured <= 1.0 and measured <= 1.5 * reference
        and not details["review_copy_mismatches"],
        details=details,
    )  # fmt: skip


# --- search -------------------------------------------------------------------------------


def search_terms(ctx: Context, count: int = 200) -> list[str]:
    people = list(
        Participant.objects.filter(plie=ctx.plie)
        .order_by("?")
        .values_list("last_name", "first_name", "france_travail_id")[: count * 2]
    )
    terms = []
    for i, (last, first, ft_id) in enumerate(people[:count]):
        kind = i % 5
        if kind == 0:
            terms.append(last)
        elif kind == 1:
            terms.append(f"{first} {last}")
        elif kind == 2:
            terms.append(last[:3].lower())
        elif kind == 3 and ft_id:
            terms.append(ft_id)
        else:
            terms.append(f"{last[:4]} {first[:2]}")
    return terms


def _orm_search(qs: Any) -> int:
    """What the list view asks: the count (paginator), then the first page."""
    n = qs.all().count()
    list(qs.all()[:25])
    return int(n)


def _raw_search(qs: Any) -> None:
    sql, params = qs[:25].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql.rsplit(' LIMIT', 1)[0]}) x", params)
        cursor.fetchall()
        cursor.execute(sql, params)
        cursor.fetchall()


def search(ctx: Context) -> Figure:
    actor = build_actor(ctx.coordinator)
    base = scope(
        Participant.objects.select_related(
            "plie", "commune", "current_pathway__referent", "current_pathway__lot"
        ).order_by("last_name", "first_name", "pk"),
        actor,
    )
    orm, raw, found = [], [], []
    for term in search_terms(ctx):
        qs = base.search(term)  # type: ignore[attr-defined]
        elapsed, n = timed(lambda qs=qs: _orm_search(qs))
        orm.append(elapsed)
        raw.append(timed(lambda qs=qs: _raw_search(qs))[0])
        found.append(n)
    measured = p95(orm)
    details = {"queries": len(orm), "median": statistics.median(orm), "max": max(orm),
               "median_matches": statistics.median(found), "max_matches": max(found)}  # fmt: skip
    if ctx.explain:
        slowest = search_terms(ctx)[orm.index(max(orm))]
        sql, params = base.search(slowest)[:25].query.sql_with_params()  # type: ignore[attr-defined]
        details["plan"] = {"term_kind": "slowest", "plan": explain(sql, params)}
    return Figure(
        "search", "Participant search p95 (name, FT id), coordinator scope", "p95 ≤ 50 ms",
        measured * 1000, "ms", "same SQL, raw cursor (p95)", p95(raw) * 1000,
        passed=measured <= 0.050, details=details,
    )  # fmt: skip


# --- pages --------------------------------------------------------------------------------


SEARCH = "?q="  # a list "URL" with this prefix is a posted search (never in a real URL)


def _request(client: Client, url: str) -> Any:
    """GET `url`; a search (`?q=…`) is posted, as the list's form does with htmx, and
    forgotten afterwards (the list keeps it in the session), outside the timing."""
    if SEARCH not in url:
        return client.get(url)
    path, text = url.split(SEARCH)
    return client.post(path, {"q": text}, headers={"hx-request": "true"})


def _page_times(client: Client, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        elapsed, response = timed(lambda u=url: _request(client, u))
        assert response.status_code == 200, (url, response.status_code)
        times.append(elapsed)
        if SEARCH in url:
            client.get(reverse("participants:list") + "?reinitialiser=1")
    return times


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert _request(client, url).status_code == 200
    count = len(captured.captured_queries)  # before the next request resets the log
    if SEARCH in url:
        client.get(reverse("participants:list") + "?reinitialiser=1")
    return count


def pages(ctx: Context) -> list[Figure]:
    client = Client()
    client.force_login(ctx.coordinator)
    health = reverse("health")
    list_url = reverse("participants:list")
    total = Participant.objects.filter(plie=ctx.plie).count()
    last_page = max(1, (total + 24) // 25)
    variants = [
        "", "?page=2", f"?page={last_page // 2}", f"?page={last_page}", "?sort=-entry_date",
        "?sort=-last_contact", "?sort=referent", "?status=active", "?q=mar", "?q=Martin",
        "?qpv=true&status=exited", "?rsa=true&page=3",
    ]  # fmt: skip
    list_urls = [list_url + variants[i % len(variants)] for i in range(60)]
    people = list(
        Participant.objects.filter(plie=ctx.plie, current_pathway__isnull=False)
        .order_by("?").values_list("uid", flat=True)[:60]
    )  # fmt: skip
    detail_urls = [reverse("participants:detail", args=[uid]) for uid in people]
    for url in (health, list_url, detail_urls[0]):  # warm-up
        client.get(url)
    reference = p95(_page_times(client, [health] * 30))
    list_times = _page_times(client, list_urls)
    by_variant: dict[str, list[float]] = {}
    for url, seconds in zip(list_urls, list_times, strict=True):
        by_variant.setdefault(url[len(list_url) :] or "?page=1", []).append(seconds)
    variant_ms = {k: round(statistics.median(v) * 1000, 1) for k, v in by_variant.items()}
    detail_times = _page_times(client, detail_urls)
    list_counts = {v or "?page=1": _queries(client, list_url + v) for v in
                   ("", "?page=2", f"?page={last_page}", "?q=mar", "?sort=referent")}  # fmt: skip
    small, big = _extreme_files(ctx)
    detail_counts = {f"{label} ({n} contacts, {k} pathways)": _queries(client, url)
                     for label, url, n, k in (small, big)}  # fmt: skip
    oi = Client()
    oi.force_login(User.objects.get(email=f"controle@{ctx.oi_code.lower()}.jalons.fr"))
    oi.get(list_url)
    oi_times = _page_times(
        oi, [list_url + v for v in ("", "?page=3", "?q=mar", "?status=active")] * 5
    )
    everyone = Participant.objects.filter(plie__oi__code=ctx.oi_code).count()
    list_constant = len({list_counts[k] for k in ("?page=1", "?page=2", f"?page={last_page}")}) == 1
    detail_constant = len(set(detail_counts.values())) == 1
    return [
        Figure(
            "list_page", "Participant list page p95 (test client, coordinator)",
            "p95 ≤ 100 ms, constant queries", p95(list_times) * 1000, "ms",
            "health page p95", reference * 1000,
            passed=p95(list_times) <= 0.100 and list_constant,
            details={"participants_in_scope": total, "pages": last_page,
                     "median_ms": statistics.median(list_times) * 1000,
                     "median_ms_by_variant": variant_ms,
                     "queries": list_counts, "queries_constant_across_pages": list_constant},
        ),
        Figure(
            "file_page", "Participant file page p95 (test client, coordinator)",
            "p95 ≤ 100 ms, constant queries", p95(detail_times) * 1000, "ms",
            "health page p95", reference * 1000,
            passed=p95(detail_times) <= 0.100 and detail_constant,
            details={"median_ms": statistics.median(detail_times) * 1000,
                     "queries": detail_counts, "queries_constant": detail_constant},
        ),
        Figure(
            "list_page_oi", "Participant list p95, OI controller (every PLIE; no target)",
            "(information)", p95(oi_times) * 1000, "ms", "health page p95", reference * 1000,
            details={"participants_in_scope": everyone,
                     "median_ms": statistics.median(oi_times) * 1000},
        ),
    ]  # fmt: skip


def _extreme_files(ctx: Context) -> tuple[tuple[str, str, int, int], ...]:
    """Two files of the same shape (one open pathway) with the fewest and the most
    contacts: the query count must not depend on the history's size."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.uid, count(c.id) AS n, count(DISTINCT w.id)
            FROM participants_participant p
            JOIN pathways_pathway w ON w.participant_id = p.id
            LEFT JOIN pathways_contact c ON c.pathway_id = w.id
            WHERE p.id IN (
              SELECT id FROM participants_participant
              WHERE plie_id = %s AND status = 'active' ORDER BY id LIMIT 3000)
            GROUP BY p.uid ORDER BY n, p.uid
            """,
            [ctx.plie.pk],
        )
        rows = cursor.fetchall()
    few, many = rows[0], rows[-1]
    return tuple(
        (label, reverse("participants:detail", args=[uid]), n, k)
        for label, (uid, n, k) in (("smallest file", few), ("largest file", many))
    )


# --- exit evaluation ----------------------------------------------------------------------


def exits(ctx: Context) -> Figure:
    plie = ctx.plie

    def evaluate() -> int:
        return sum(1 for _ in evaluate_participants(plie.pk, ctx.today))

    def read_only() -> int:  # the same rows, read without evaluating them
        latest = dict(
            Pathway.objects.filter(plie_id=plie.pk, entry_date__lte=ctx.today)
            .order_by("participant_id", "entry_date", "id").values_list("participant_id", "id")
        )  # fmt: skip
        ids = list(latest.values())
        n = 0
        for start in range(0, len(ids), 5000):
            chunk = Step.objects.filter(pathway_id__in=ids[start : start + 5000])
            for _ in chunk.filter(start_date__lte=ctx.today).values_list(*STEP_FIELDS):
                n += 1
        return len(list(Participant.objects.filter(plie_id=plie.pk).values_list("id", "uid")))

    evaluate()  # warm-up
    runs, floors, count = [], [], 0
    for _ in range(max(2, ctx.repeat // 2)):
        elapsed, count = timed(evaluate)
        runs.append(elapsed)
        floors.append(timed(read_only)[0])
    rate = count / statistics.median(runs)
    floor_rate = count / statistics.median(floors)
    return Figure(
        "exit_evaluation", "Exit evaluation (evaluate_participants, one PLIE)",
        "≥ 20,000 participants/s", rate, "participants/s",
        "reading the same rows only", floor_rate, passed=rate >= 20_000,
        details={"participants": count, "runs_s": runs, "floor_runs_s": floors},
    )  # fmt: skip


# --- XLSX export --------------------------------------------------------------------------


def export(ctx: Context, rows: int = 100_000) -> Figure:
    """In a subprocess: its peak resident memory is the export's (plus Django's)."""
    command = [sys.executable, str(HERE / "export_probe.py"), "--rows", str(rows),
               "--oi", ctx.oi_code]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    if done.returncode:
        raise RuntimeError(f"export probe failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak = result["peak_mb"]
    return Figure(
        "xlsx_export", f"XLSX export of {result['rows']:,} participants, peak memory",
        "streamed, peak ≤ 250 MB", peak, "MB", "same process before the export",
        result["baseline_mb"], passed=peak <= 250 and result["rows"] >= min(rows, 1),
        details=result,
    )  # fmt: skip


# --- imports ------------------------------------------------------------------------------


def imports(ctx: Context, rows: int = 10_000) -> Figure | None:
    """Rows/s of `import_participants` (rolled back), against bulk_create of as many people."""
    try:
        from jalons.imports.services import import_participants
    except ImportError:
        return None
    from bench.import_file import participants_csv, people_rows

    plie = ctx.plie
    data = participants_csv(plie, rows, ctx.rng, ctx.today)

    def run_import() -> Any:
        with transaction.atomic():
            report = import_participants(plie, data, "bench.csv", user=None)
            transaction.set_rollback(True)
        assert report.ok and report.written, [str(e) for e in report.errors[:5]]
        return report

    def run_floor() -> None:
        with transaction.atomic():
            Participant.objects.bulk_create(people_rows(plie, rows, ctx.rng), batch_size=2000)
            transaction.set_rollback(True)

    elapsed, report = timed(run_import)
    floor = timed(run_floor)[0]
    return Figure(
        "imports", f"Participant import ({rows:,} rows, CSV, all or nothing)", "≥ 5,000 rows/s",
        rows / elapsed, "rows/s", "bulk_create of the participants only", rows / floor,
        passed=rows / elapsed >= 5000,
        details={"seconds": elapsed, "created": report.to_create, "floor_seconds": floor},
    )  # fmt: skip
