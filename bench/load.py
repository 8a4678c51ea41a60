"""A bounded load test on loopback: gunicorn + PostgreSQL, 50 logged-in users browsing and
recording contacts for a fixed time, then gunicorn is stopped.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalons_bench JALONS_DEMO=1 \\
        .venv/bin/python bench/load.py --users 50 --duration 90

Uses the scale data set of the bench database (run bench/run.py first). Accounts with a
known password are prepared: advisers of the data set (their own caseload) and extra
coordination accounts. Each user, after logging in, loops with a think time over: the
participant list, a search, a participant file, and (for whoever may) adding a contact.
p95 latency per kind and the errors go to bench/results/load-<YYYY-MM-DD>.json.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalons.settings")
os.environ.setdefault("JALONS_DEMO", "1")
PASSWORD = "charge-jalons-2024"
HARD_STOP_EXTRA = 30  # seconds after the planned end when threads are abandoned
KINDS = (("list", 30), ("search", 20), ("file", 35), ("add_contact", 15))


@dataclass
class Account:
    email: str
    can_write: bool
    files: list[tuple[str, str]]  # (participant uid, open pathway uid)
    names: list[str]


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _ in KINDS})
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                key = f"{kind}: {error}"
                self.errors[key] = self.errors.get(key, 0) + 1


def prepare_accounts(users: int, coordinators: int) -> list[Account]:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from jalons.accounts.models import User
    from jalons.organisations.models import Membership, Organisation
    from jalons.pathways.models import Pathway

    plies = list(Organisation.objects.filter(kind="plie", oi__code="ECHELLE").order_by("code"))
    if not plies:
        raise SystemExit("No scale data set in this database: run bench/run.py first.")
    hashed = make_password(PASSWORD)  # hashed once: the same password for every account
    accounts: list[Account] = []
    advisers = (
        Membership.objects.active().filter(role="adviser", lot__plie__in=plies)
        .order_by("lot__plie__code", "user_id").values_list("user_id", flat=True)
    )  # fmt: skip
    for user_id in list(advisers)[: users - coordinators]:
        user = User.objects.get(pk=user_id)
        User.objects.filter(pk=user_id).update(password=hashed)
        open_ = Pathway.objects.filter(referent_id=user_id, status="active").select_related(
            "participant"
        )[:300]
        files = [(str(w.participant.uid), str(w.uid)) for w in open_]
        accounts.append(Account(user.email, True, files, [w.participant.last_name for w in open_]))
    for i in range(users - len(accounts)):
        plie = plies[i % len(plies)]
        user, _ = User.objects.update_or_create(
            email=f"charge{i:02d}@{plie.code.lower()}.echelle.jalons.fr",
            defaults={"first_name": "Charge", "last_name": f"{i:02d}", "password": hashed},
        )
        Membership.objects.get_or_create(
            user=user,
            organisation=plie,
            role="coordinator",
            defaults={"start_date": date(2015, 1, 1)},
        )
        open_ = Pathway.objects.filter(plie=plie, status="active").select_related("participant")
        sample = list(open_.order_by("?")[:300])
        files = [(str(w.participant.uid), str(w.uid)) for w in sample]
        accounts.append(Account(user.email, True, files, [w.participant.last_name for w in sample]))
    return accounts


class Session:
    """One browser: cookies, CSRF token, one connection per request (loopback)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            conn.close()

    def login(self, email: str) -> None:
        self.request("GET", "/connexion/")
        status, _ = self.request("POST", "/connexion/", {"email": email, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"login of {email} failed: HTTP {status}")


def user_loop(session: Session, account: Account, results: Results, deadline: float,
              think: tuple[float, float], seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    kinds = [k for k, w in KINDS for _ in range(w)]
    while time.monotonic() < deadline:
        kind = rng.choice(kinds)
        if not account.files:
            kind = "list"
        participant, pathway = rng.choice(account.files) if account.files else ("", "")
        if kind == "list":
            page = rng.choice(["", "?page=2", "?sort=-entry_date", "?status=active"])
            method, path, form, expected = "GET", f"/participants/{page}", None, 200
        elif kind == "search":
            term = rng.choice(account.names)[: rng.choice([3, 5, 20])]
            method, path, form, expected = (
                "GET",
                "/participants/?" + urlencode({"q": term}),
                None,
                200,
            )
        elif kind == "file":
            method, path, form, expected = "GET", f"/participants/{participant}/", None, 200
        else:
            form = {"date": date.today().isoformat(), "kind": "phone", "attendance": "attended",
                    "notes": "Point d'étape (test de charge)."}  # fmt: skip
            method, path, expected = "POST", f"/parcours/{pathway}/contacts/ajouter/", 302
        started = time.perf_counter()
        error = None
        try:
            status, _ = session.request(method, path, form)
            if status != expected:
                error = f"HTTP {status}"
        except Exception as exc:  # noqa: BLE001 (every failure is an error to count)
            error = type(exc).__name__
        results.add(kind, time.perf_counter() - started, error)
        time.sleep(rng.uniform(*think))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn", "jalons.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
        "--timeout", "60", "--error-logfile", "/tmp/jalons-load-gunicorn.log",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    for _ in range(120):
        try:
            if Session(port).request("GET", "/sante/")[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited; see /tmp/jalons-load-gunicorn.log")
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def summary(results: Results, seconds: float) -> dict[str, object]:
    kinds = {}
    for kind, values in results.times.items():
        if values:
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            kinds[kind] = {
                "requests": len(values), "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(p95 * 1000, 1), "max_ms": round(max(values) * 1000, 1),
            }  # fmt: skip
    total = sum(len(v) for v in results.times.values())
    return {
        "requests": total, "throughput_rps": round(total / seconds, 1),
        "errors": sum(results.errors.values()), "error_kinds": results.errors, "kinds": kinds,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--coordinators", type=int, default=15)
    parser.add_argument("--duration", type=int, default=90, help="seconds (at most 300)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    args = parser.parse_args()
    duration = min(args.duration, 300)
    accounts = prepare_accounts(args.users, min(args.coordinators, args.users))
    from django.db import connections

    connections.close_all()
    port = free_port()
    process = start_gunicorn(port, args.workers, args.threads)
    results = Results()
    try:
        sessions = [Session(port) for _ in accounts]
        started = time.perf_counter()
        for session, account in zip(sessions, accounts, strict=True):
            session.login(account.email)
        login_seconds = time.perf_counter() - started
        print(
            f"{len(accounts)} utilisateurs connectés en {login_seconds:.1f} s ; "
            f"charge pendant {duration} s…"
        )
        deadline = time.monotonic() + duration
        threads = [
            threading.Thread(target=user_loop, args=(s, a, results, deadline, tuple(args.think), i),
                             daemon=True)
            for i, (s, a) in enumerate(zip(sessions, accounts, strict=True))
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline + HARD_STOP_EXTRA - time.monotonic()))
        elapsed = time.monotonic() - (deadline - duration)
    finally:
        stop(process)
    record = {"date": date.today().isoformat(), "time": time.strftime("%H:%M:%S"),
              "users": len(accounts), "duration_s": duration, "workers": args.workers,
              "threads": args.threads, "think_s": list(args.think),
              "login_seconds": round(login_seconds, 1), "load_avg": os.getloadavg(),
              **summary(results, elapsed)}  # fmt: skip
    print(json.dumps(record, indent=2, ensure_ascii=False))
    out = ROOT / "bench" / "results" / f"load-{date.today().isoformat()}.json"
    runs = json.loads(out.read_text())["runs"] if out.exists() else []
    out.write_text(json.dumps({"runs": [*runs, record]}, indent=2, ensure_ascii=False) + "\n")
    print(f"Résultats ajoutés à {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
