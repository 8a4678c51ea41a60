from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from jalons.reports import charts
from jalons.reports.exports import _title
from jalons.reports.labels import rows


def to_pdf(bilan: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    sections: dict[str, list[tuple[str, Any, str]]] = {}
    for section, label, value, share in rows(bilan):
        sections.setdefault(section, []).append((label, value, share))
    objectives = charts.objectives_svg(bilan)
    html = render_to_string(
        "reports/bilan_pdf.html",
        {
            "title": _title(bilan),
            "sections": sections,
            "objectives_chart": mark_safe(objectives) if objectives else "",  # noqa: S308 (our SVG)
            "prescribers_chart": mark_safe(charts.prescribers_svg(bilan)),  # noqa: S308
        },
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
