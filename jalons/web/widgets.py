"""Select widgets whose options are rendered in Python.

Django renders each `<option>` of a `Select` through a template: on the participant list the
filter form holds a few hundred options (referents, communes, bassins…) and drew half of the
page's time. `fast_options(widget)` makes a select render the same HTML (same context, same
attributes) with `format_html` instead."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _options(options: list[dict[str, Any]]) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
    )


class FastOptions:
    """Mixin for a `forms.Select` (or subclass): the template's HTML, built in Python."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                groups.append(
                    format_html('<optgroup label="{}">{}</optgroup>', group_name, _options(options))
                )
            else:
                groups.append(_options(options))
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308 - each part escaped by format_html
        )


_FAST: dict[type, type] = {}


def fast_options(widget: forms.Widget) -> None:
    """Make this `Select` widget render its options in Python (other widgets: unchanged)."""
    cls = type(widget)
    if not isinstance(widget, forms.Select) or isinstance(widget, FastOptions):
        return
    if cls not in _FAST:
        _FAST[cls] = type(f"Fast{cls.__name__}", (FastOptions, cls), {})
    widget.__class__ = _FAST[cls]
