"""Charts of the review as SVG (matplotlib, no display): the PDF embeds them."""

import io
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from jalons.organisations.enums import PrescriberKind  # noqa: E402
from jalons.reports.labels import OBJECTIVE_LABELS  # noqa: E402

PRIMARY = "#1f5f7a"
ACCENT = "#e07a2d"


_STYLE = re.compile(r'style="([^"]*)"')
_STYLESHEET = re.compile(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", re.S)
_ID_REFERENCES = re.compile(r'(id="|href="#|url\(#)([^")]+)')


def _presentation_attributes(match: re.Match[str]) -> str:
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def _svg(fig: Any, prefix: str) -> str:
    """The figure as inline SVG for an HTML page holding several charts: ids carry the
    chart's `prefix` (each id once in the page), and styles become presentation
    attributes (an HTML renderer reads `style` as CSS, where SVG properties are unknown)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _STYLESHEET.sub("", svg).replace(
        "<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1
    )
    svg = _STYLE.sub(_presentation_attributes, svg)
    return _ID_REFERENCES.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def objectives_svg(bilan: dict[str, Any]) -> str | None:
    counts = [o for o in bilan["objectives"] if o.get("unit") != "percent"]
    if not counts:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.6 + 0.55 * len(counts)))
    labels = [OBJECTIVE_LABELS.get(o["key"], o["key"]) for o in counts]
    y = range(len(counts))
    ax.barh(
        [i + 0.2 for i in y], [o["target"] for o in counts], 0.4, label="Objectif", color="#b8c9d1"
    )
    ax.barh(
        [i - 0.2 for i in y], [o["achieved"] for o in counts], 0.4, label="Réalisé", color=PRIMARY
    )
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.invert_yaxis()
    ax.legend(fontsize=8, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, "objectives")


def prescribers_svg(bilan: dict[str, Any]) -> str:
    fig, ax = plt.subplots(figsize=(7, 2.2))
    labels = [str(label) for _, label in PrescriberKind.choices]
    values = [bilan["prescribers"][key] for key in PrescriberKind.values]
    ax.bar(labels, values, color=ACCENT)
    ax.tick_params(axis="x", labelsize=7, rotation=20)
    ax.tick_params(axis="y", labelsize=7)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, "prescribers")
