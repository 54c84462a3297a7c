"""Quantity: KPI values parse from the text people type and print back unchanged."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tpmfolio.errors import InvalidValue
from tpmfolio.quantities import Quantity, format_number


@pytest.mark.parametrize(
    ("text", "number", "unit", "kind"),
    [
        ("34%", Decimal("34"), "%", "percent"),
        ("-15%", Decimal("-15"), "%", "percent"),
        ("$1.4M", Decimal("1400000"), "USD", "currency"),
        ("€200k", Decimal("200000"), "EUR", "currency"),
        ("£3,500", Decimal("3500"), "GBP", "currency"),
        ("1,200 users", Decimal("1200"), "users", "count"),
        ("2.5x", Decimal("2.5"), "x", "multiplier"),
        ("3 days", Decimal("3"), "days", "count"),
        ("0.5", Decimal("0.5"), "", "number"),
        ("+12 pp", Decimal("12"), "pp", "percent"),
        ("-$300k", Decimal("-300000"), "USD", "currency"),
        ("40 USD", Decimal("40"), "USD", "currency"),
    ],
)
def test_parses_the_forms_people_write(text, number, unit, kind):
    """Each common way of writing a KPI value gives the right number, unit and kind."""
    quantity = Quantity.parse(text)
    assert (quantity.number, quantity.unit, quantity.kind) == (number, unit, kind)
    assert str(quantity) == text


@pytest.mark.parametrize("text", ["abc", "", "   ", "12..3", "$$3", "1,2,3", "--3", "34%%", "1e5", "NaN", "∞"])
def test_rejects_what_is_not_a_number_naming_the_value(text):
    """A bad value is an InvalidValue whose message names it (or asks for one)."""
    with pytest.raises(InvalidValue) as error:
        Quantity.parse(text, field="actual")
    assert str(error.value).startswith("actual:")
    if text.strip():
        assert repr(text.strip()) in str(error.value)


def test_rejects_huge_text():
    """A pasted paragraph is not a number, and the message stays short."""
    with pytest.raises(InvalidValue) as error:
        Quantity.parse("9" * 10_000)
    assert len(str(error.value)) < 120


def test_numbers_from_python_are_accepted():
    """Library users may pass ints and Decimals."""
    assert Quantity.parse(42).number == 42
    assert Quantity.parse(Decimal("2.5")).number == Decimal("2.5")


@st.composite
def quantity_texts(draw):
    """Texts in every supported shape, with the number they must mean."""
    whole = draw(st.integers(min_value=0, max_value=9_999_999))
    decimals = draw(st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,3}", fullmatch=True)))
    grouped = draw(st.booleans())
    digits = f"{whole:,}" if grouped else str(whole)
    sign = draw(st.sampled_from(["", "-", "+"]))
    shape = draw(st.sampled_from(["plain", "percent", "currency", "multiplier", "magnitude", "unit"]))
    value = Decimal(str(whole) + decimals)
    if shape == "percent":
        text, unit = f"{sign}{digits}{decimals}%", "%"
    elif shape == "currency":
        symbol, unit = draw(st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP")]))
        text = f"{sign}{symbol}{digits}{decimals}"
    elif shape == "multiplier":
        text, unit = f"{sign}{digits}{decimals}x", "x"
    elif shape == "magnitude":
        suffix, factor = draw(st.sampled_from([("k", 1_000), ("M", 1_000_000), ("B", 1_000_000_000)]))
        text, unit = f"{sign}${digits}{decimals}{suffix}", "USD"
        value *= factor
    elif shape == "unit":
        unit = draw(st.sampled_from(["users", "days", "tickets", "hours per week"]))
        text = f"{sign}{digits}{decimals} {unit}"
    else:
        text, unit = f"{sign}{digits}{decimals}", ""
    if sign == "-":
        value = -value
    return text, value, unit


@given(quantity_texts())
def test_text_round_trips_and_means_the_right_number(case):
    """Whatever shape a value is typed in, it prints back unchanged and means the same number."""
    text, number, unit = case
    quantity = Quantity.parse(text)
    assert str(quantity) == text
    assert quantity.number == number
    assert quantity.unit == unit
    assert Quantity.parse(str(quantity)) == quantity


@pytest.mark.parametrize(
    ("number", "unit", "text"),
    [(Decimal("24"), "pp", "24 pp"), (Decimal("400000"), "USD", "$400k"), (Decimal("-15"), "%", "-15%"), (Decimal("1200"), "users", "1,200 users")],
)
def test_format_number_for_derived_values(number, unit, text):
    """Derived numbers (changes) are formatted the way a person would write them."""
    assert format_number(number, unit) == text
