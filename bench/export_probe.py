"""Run in a subprocess by the benchmark: export N participants to XLSX and report the
peak resident memory (ru_maxrss) before and after, as one JSON line."""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalons.settings")


def rss_mb() -> float:
    """Peak resident memory of this process. VmHWM, not ru_maxrss: on Linux ru_maxrss is
    kept across exec, so a child would report the parent's peak (the benchmark's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--oi", default="ECHELLE")
    args = parser.parse_args()
    import django

    django.setup()
    from jalons.participants.exports import write_participants_xlsx
    from jalons.participants.models import Participant

    people = Participant.objects.filter(plie__oi__code=args.oi)
    last = people.order_by("pk").values_list("pk", flat=True)[args.rows - 1 : args.rows].first()
    queryset = people.filter(pk__lte=last) if last else people
    baseline = rss_mb()
    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        started = time.perf_counter()
        count = write_participants_xlsx(queryset, handle)
        seconds = time.perf_counter() - started
        size = handle.tell()
    print(json.dumps({
        "rows": count, "seconds": round(seconds, 2), "rows_per_s": round(count / seconds),
        "bytes": size, "baseline_mb": round(baseline, 1), "peak_mb": round(rss_mb(), 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
