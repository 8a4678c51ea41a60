"""What an import (or its preview) says: counts per line and every faulty line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jalons.imports.models import ImportRun

# progress(processed_rows, total_rows): called while lines are checked.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, order=True)
class LineError:
    line: int  # as a spreadsheet shows it: header = 1, first data row = 2
    column: str  # "" when the error concerns the whole line
    message: str  # French

    def __str__(self) -> str:
        if self.column:
            return f"ligne {self.line}, colonne {self.column} : {self.message}"
        return f"ligne {self.line} : {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    """Counts are per data line: each line creates, updates or leaves unchanged its record.

    In a preview they say what an import would do; after an import, what it did
    (`written`). With any error nothing is written.
    """

    kind: str
    rows: int = 0
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    written: bool = False
    elapsed: float = 0.0
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_lines(self) -> int:
        return len({e.line for e in self.errors})

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0
