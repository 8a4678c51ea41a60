"""Charts of the review as SVG (matplotlib, no display): the PDF embeds them."""

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from jalons.organisations.enums import PrescriberKind  # noqa: E402
from jalons.reports.labels import OBJECTIVE_LABELS  # noqa: E402

PRIMARY = "#1f5f7a"
ACCENT = "#e07a2d"


def _svg(fig: Any) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = out.getvalue()
    return svg[svg.index("<svg") :]


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
    return _svg(fig)


def prescribers_svg(bilan: dict[str, Any]) -> str:
    fig, ax = plt.subplots(figsize=(7, 2.6))
    labels = [str(label) for _, label in PrescriberKind.choices]
    values = [bilan["prescribers"][key] for key in PrescriberKind.values]
    ax.bar(labels, values, color=ACCENT)
    ax.tick_params(axis="x", labelsize=7, rotation=20)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
