"""Dates as French users and files write them: JJ/MM/AAAA or AAAA-MM-JJ (interfaces.md)."""

import re
from datetime import date
from functools import lru_cache

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@lru_cache(maxsize=8192)  # imports parse the same few thousand dates again and again
def parse_date(text: str) -> date:
    """`JJ/MM/AAAA` or `AAAA-MM-JJ`; ValueError with a French message otherwise."""
    text = (text or "").strip()
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.fullmatch(text)
        if not match:
            raise ValueError(f"« {text} » n'est pas une date au format JJ/MM/AAAA ou AAAA-MM-JJ.")
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date qui existe.") from None
