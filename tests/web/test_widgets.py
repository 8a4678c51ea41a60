"""Selects rendered in Python give exactly the HTML of Django's templates."""

import re

import pytest
from django import forms

from jalons.web.widgets import FastOptions, fast_options

CHOICES = [("", "Tous"), ("a", "A & <b>"), ("Groupe", [("g1", "Un"), ("g2", "Deux")]), (3, "Trois")]


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "a", "g2", 3])
@pytest.mark.parametrize(
    "widget",
    [
        lambda: forms.Select(choices=CHOICES, attrs={"class": "form-select", "id": "id_x"}),
        lambda: forms.NullBooleanSelect(attrs={"class": "form-select"}),
    ],
)
def test_same_html_as_djangos_select(widget, value) -> None:  # type: ignore[no-untyped-def]
    reference, fast = widget(), widget()
    fast_options(fast)
    assert isinstance(fast, FastOptions) and not isinstance(reference, FastOptions)
    expected = _normalised(reference.render("x", value))
    assert _normalised(fast.render("x", value)) == expected
    assert "selected" in expected or value not in ("a", "g2", 3)


def test_other_widgets_are_left_alone() -> None:
    widget = forms.TextInput()
    fast_options(widget)
    assert type(widget) is forms.TextInput
