"""Chart geometry for KPI measurements: numbers in, coordinates and labels out.

The SVG itself is drawn by a small Jinja macro in the theme (``line_chart``
in ``macros.html.j2``), so a theme chooses colours and fonts while the maths
stays here, pure and testable. A plotting library was not used because its
SVG carries scripts, tooltips and hidden text that would end up in the PDF's
extracted text (applicant tracking systems read it) and would have to be
restyled per theme anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..dates import first_day
from ..models import Measurement
from ..quantities import CURRENCY_CODES, Quantity, format_number

WIDTH = 560
HEIGHT = 190
LEFT = 56
RIGHT = 18
TOP = 26
BOTTOM = 30
FONT_SIZE = 12
CHAR_WIDTH = 0.7  # of the font size: generous, so that wide fonts do not collide either


def chart_geometry(
    points: Sequence[Measurement],
    *,
    target: Quantity | None = None,
    date_label: Callable[[str], str] = str,
    number_label: Callable[[Decimal, str], str] = format_number,
    target_label: str = "Target %(value)s",
) -> dict[str, Any] | None:
    """Lay out a line chart of one KPI's measurements in a fixed viewBox.

    Returns None when the points cannot share one axis (mixed units), so the
    caller shows only the table. ``date_label`` formats a partial date for
    the x axis and ``number_label`` the axis figures (both for the reader's
    language); ``target_label`` words the target line. The theme never sees
    raw numbers, only positioned strings.
    """
    if not points:
        return None
    ordered = sorted(points, key=lambda m: (first_day(m.date), m.date))
    unit = next((m.value.unit for m in ordered if m.value.unit), "")
    if any(m.value.unit not in ("", unit) for m in ordered):
        return None
    if target is not None and target.unit not in ("", unit):
        target = None

    values = [m.value.number for m in ordered]
    span_values = values + ([target.number] if target is not None else [])
    low, high, step = _nice_range(min(span_values), max(span_values))

    days = [first_day(m.date).toordinal() for m in ordered]
    first, last = days[0], days[-1]
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(day: int) -> float:
        if last == first:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (day - first) / (last - first)

    def y_of(value: Decimal) -> float:
        return TOP + plot_h * float((high - value) / (high - low))

    coords = [(round(x_of(d), 1), round(y_of(v), 1)) for d, v in zip(days, values)]
    point_rows = [{"x": x, "y": y, "label": str(m.value)} for (x, y), m in zip(coords, ordered)]
    all_labelled = _thin_point_labels(point_rows)
    _anchor_inside(point_rows, left=LEFT)
    target_line = _target_line(target, y_of, coords, target_label)
    _place_point_labels(point_rows, target_line)
    x_labels = _spaced_labels([{"x": x, "label": date_label(m.date)} for (x, _), m in zip(coords, ordered)])
    # Words such as "users" would crowd the axis; the chart title names the unit.
    tick_unit = unit if unit in ("%", "pp", "x") or unit in CURRENCY_CODES else ""
    ticks = []
    value = low
    while value <= high:
        ticks.append({"y": round(y_of(value), 1), "label": number_label(value, tick_unit)})
        value += step
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "polyline": " ".join(f"{x},{y}" for x, y in coords),
        "points": point_rows,
        "x_labels": x_labels,
        "y_ticks": ticks,
        "font_size": FONT_SIZE,
        "target": target_line,
        "all_labelled": all_labelled,
    }


def _spaced_labels(labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Date labels that do not overlap: the last always, the others while they fit."""
    def width(label: dict[str, Any]) -> float:
        return len(label["label"]) * FONT_SIZE * CHAR_WIDTH

    kept: list[dict[str, Any]] = []
    for label in labels:
        if not kept or label["x"] - kept[-1]["x"] >= (width(label) + width(kept[-1])) / 2 + 8:
            kept.append(label)
    last = labels[-1]
    if kept[-1] is not last:
        while kept and last["x"] - kept[-1]["x"] < (width(last) + width(kept[-1])) / 2 + 8:
            kept.pop()
        kept.append(last)
    _anchor_inside(kept)
    return kept


def _anchor_inside(labels: list[dict[str, Any]], left: float = 0) -> None:
    """Anchor labels near the edges so that they stay inside the drawing (and off the y axis labels)."""
    for label in labels:
        half = len(label["label"]) * FONT_SIZE * CHAR_WIDTH / 2
        label["anchor"] = "start" if label["x"] - half < left else "end" if label["x"] + half > WIDTH else "middle"


def _thin_point_labels(points: list[dict[str, Any]]) -> bool:
    """Keep every value label if they fit side by side, else only the first and last.

    Returns whether every value is labelled: when not, the theme lists the
    values in text under the chart, so a crowded chart loses nothing.
    """
    if len(points) < 3:
        return True
    widest = max(len(p["label"]) for p in points) * FONT_SIZE * CHAR_WIDTH
    closest = min(b["x"] - a["x"] for a, b in zip(points, points[1:]))
    if closest < widest + 6:
        for p in points[1:-1]:
            p["label"] = ""
        return False
    return True


def _place_point_labels(points: list[dict[str, Any]], target: dict[str, Any] | None) -> None:
    """Put each value label above its point, or below when above would sit on the target line or its label.

    A label is a box from ``label_y - FONT_SIZE`` to ``label_y + 3``; the
    dashed target line must not run through it, and the target's own label
    must not overlap it.
    """
    def clashes(label_y: float, point: dict[str, Any]) -> bool:
        top, bottom = label_y - FONT_SIZE, label_y + 3
        if target is None:
            return False
        if top - 1 <= target["y"] <= bottom + 1:
            return True
        t_top, t_bottom = target["label_y"] - FONT_SIZE, target["label_y"] + 3
        half = len(point["label"]) * FONT_SIZE * CHAR_WIDTH / 2
        t_width = len(target["label"]) * FONT_SIZE * CHAR_WIDTH
        t_left = target["x"] - t_width if target["anchor"] == "end" else target["x"]
        overlaps_x = point["x"] - half < t_left + t_width and point["x"] + half > t_left
        return overlaps_x and top < t_bottom and bottom > t_top

    for point in points:
        above = round(point["y"] - 8, 1)
        below = round(point["y"] + 8 + FONT_SIZE, 1)
        point["label_y"] = above
        if clashes(above, point) and below <= HEIGHT - BOTTOM - 2 and not clashes(below, point):
            point["label_y"] = below


def _target_line(target: Quantity | None, y_of, coords: list[tuple[float, float]], words: str = "Target %(value)s") -> dict[str, Any] | None:
    """The dashed target line, labelled at the end where the data line is farther away.

    The label goes on the side of the line away from the data at that end,
    so the line never runs through a value and the label never sits on one.
    """
    if target is None:
        return None
    y = round(y_of(target.number), 1)
    at_end = abs(coords[-1][1] - y) >= abs(coords[0][1] - y)
    near = coords[-1][1] if at_end else coords[0][1]
    above, below = y - 5, y + FONT_SIZE + 2
    label_y = below if (near < y or above - FONT_SIZE < TOP - 4) and below < HEIGHT - BOTTOM else above
    return {
        "y": y,
        "label": words % {"value": target},
        "x": WIDTH - RIGHT if at_end else LEFT + 4,
        "anchor": "end" if at_end else "start",
        "label_y": round(label_y, 1),
    }


def _nice_range(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """Round the axis to 1-2-5 steps, always including zero.

    One rule for every chart, so that two charts side by side compare
    honestly: a y axis cut just under the data exaggerates small changes.
    """
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if high == low:
        pad = abs(high) / 10 or Decimal(1)
        low, high = low - pad, high + pad
    raw_step = (high - low) / 4
    magnitude = Decimal(10) ** (raw_step.adjusted())
    step = next(m * magnitude for m in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)) if m * magnitude >= raw_step)
    nice_low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    nice_high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if nice_high == nice_low:
        nice_high += step
    return nice_low, nice_high, step
