"""Changes proposed to the owners of other modules, applied in the benchmark process only
(`bench/run.py --proposals`) to measure the figures after them, before they are made for
real. They must return the same results as the code they replace.

None is pending: the former proposals (the review's anti-join, the exit evaluation reading
only qualifying steps in one join, the referent choices from open pathways) are in the
code. Add a function here and list it in `apply()` to measure the next one.
"""


def apply() -> list[str]:
    """Apply the pending proposals; returns their names for the results file."""
    return []
