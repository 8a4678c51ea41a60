"""Fill a database with a large, varied and consistent fictional data set (spec §8, scale).

K PLIEs under one OI share the 36 reference communes; each participant gets a history over
the last `years` years. Rows are generated as streams of tuples, written by batches of
participants (PostgreSQL COPY, `bulk_create` elsewhere), so memory stays flat whatever
the size. The same seed and the same `today` give the same data.
"""

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from queue import Full, Queue

from django.db import connection

from jalons.pathways.services.exits import smic_table
from jalons.scale.distributions import Weighted, siret
from jalons.scale.pathways import HistoryBuilder
from jalons.scale.people import PeopleDrawer
from jalons.scale.steps import StepPlanner
from jalons.scale.structure import Structure, StructureBuilder
from jalons.scale.writer import TABLES, Batch, Writer, indexes_suspended
from jalons.territory.models import Qpv

PARTICIPANTS_PER_PLIE = 20_000  # a PLIE's ten years (about 10,000 people per protocol)
SUSPEND_INDEXES_FROM = 50_000
# Share of a PLIE's participants in pathway on a given day: sizes the adviser teams.
OPEN_SHARE = 0.13


class ScaleDataExists(Exception):
    """The database already holds a scale data set (the OI ECHELLE)."""


@dataclass
class Options:
    participants: int
    plies: int = 0  # 0: one PLIE per 20,000 participants
    seed: int = 2024
    years: int = 10
    today: date = field(default_factory=date.today)
    batch_size: int = 2000
    analyze: bool = True
    suspend_indexes: bool | None = None  # None: from SUSPEND_INDEXES_FROM participants on

    @property
    def plie_count(self) -> int:
        if self.plies > 0:
            return self.plies
        return max(1, round(self.participants / PARTICIPANTS_PER_PLIE))


@dataclass
class Report:
    counts: dict[str, int]
    seconds: float
    write_seconds: float
    structure: Structure


def default_progress(done: int, total: int, elapsed: float) -> None:
    print(f"  {done:>10,} / {total:,} participants ({elapsed:,.0f} s)".replace(",", " "))


def generate(
    options: Options,
    progress: Callable[[int, int, float], None] | None = default_progress,
    say: Callable[[str], None] = print,
) -> Report:
    started = time.monotonic()
    rng = random.Random(options.seed)
    structure_builder = StructureBuilder(random.Random(rng.random()), options.today, options.years)
    try:
        structure = structure_builder.build(options.participants, options.plie_count, OPEN_SHARE)
    except ValueError as error:
        raise ScaleDataExists from error
    writer = Writer()
    history_rng = random.Random(rng.random())
    zones: dict[int, list[int]] = {}
    for zone in Qpv.objects.filter(generation="2024").order_by("pk"):
        zones.setdefault(zone.commune_id, []).append(zone.pk)
    sirets = [siret(history_rng) for _ in range(400)]
    first_day = options.today - timedelta(days=round(365.25 * options.years))
    builder = HistoryBuilder(
        history_rng,
        PeopleDrawer(history_rng, structure.communes, zones),
        StepPlanner(history_rng, sirets),
        writer.ids,
        smic_table(),
        options.today.toordinal(),
        first_day.toordinal(),
    )
    # Participants of all PLIEs come interleaved, as they would in a shared installation.
    plies = Weighted([(plie, plie.size) for plie in structure.plies])
    total, size = options.participants, options.batch_size
    every = max(size, total // 20)
    r = history_rng.random

    def batches() -> Iterator[Batch]:
        for first in range(0, total, size):
            batch = Batch()
            for _ in range(min(size, total - first)):
                builder.participant(plies.pick(r()), batch)
            yield batch

    done = 0
    suspend = writer.copy and (
        options.participants >= SUSPEND_INDEXES_FROM
        if options.suspend_indexes is None
        else options.suspend_indexes
    )
    with indexes_suspended(suspend, say):
        # Generating (Python) and loading (the database server) overlap: the next batch is
        # drawn in a thread while this one is written; the database work stays here.
        for batch in in_background(batches()):
            writer.write(batch)
            done = min(done + size, total)
            if progress and (done % every < size or done == total):
                progress(done, total, time.monotonic() - started)
    writer.finish(analyze=options.analyze)
    counts = {table.model._meta.label: writer.counts[table] for table in TABLES}
    return Report(
        counts=counts,
        seconds=time.monotonic() - started,
        write_seconds=writer.seconds,
        structure=structure,
    )


_END = object()


def in_background(items: Iterator[Batch], ahead: int = 2) -> Iterator[Batch]:
    """Iterate `items` in a thread, at most `ahead` items in advance."""
    queue: Queue[object] = Queue(maxsize=ahead)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        queue.put(item, timeout=0.2)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put(_END)
        except BaseException as error:  # handed over to the consumer
            queue.put(error)

    thread = threading.Thread(target=produce, name="scale-generator", daemon=True)
    thread.start()
    try:
        while True:
            item = queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)


def database_label() -> str:
    return f"{connection.vendor} ({connection.settings_dict.get('NAME')})"
