"""Geometry of the site's SVG pictures: level badges and horizontal bar charts.

Pure arithmetic: the templates `site/badge.svg.j2` and `site/_chart.svg.j2` only place
what is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

PALETTE = ("#2e7d32", "#1565c0", "#6a1b9a", "#b71c1c", "#e65100", "#00695c")
GREY = "#757575"
_NARROW = set("ijlftrI.,:;'|!() ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = 11.0) -> float:
    """Approximate width in pixels of `text` in Verdana at `size` px (good enough for a badge)."""
    units = sum(0.36 if c in _NARROW else 0.95 if c in _WIDE else 0.72 if c.isupper() else 0.62 for c in text)
    return units * size


def level_colour(level: str | None, levels: tuple[str, ...], is_open: bool = True) -> str:
    """The colour of a level: one per level of the model, grey for closed entries or unknown levels."""
    if not is_open or level not in levels:
        return GREY
    return PALETTE[levels.index(level) % len(PALETTE)]


@dataclass(frozen=True)
class Badge:
    """A two-part badge: a grey label and a coloured value."""

    label: str
    value: str
    colour: str
    title: str
    label_width: int
    value_width: int

    @property
    def width(self) -> int:
        """Total width in pixels."""
        return self.label_width + self.value_width


def badge(label: str, value: str, colour: str, title: str) -> Badge:
    """A badge whose parts fit their texts with 6 px padding each side."""
    return Badge(label, value, colour, title, round(text_width(label)) + 12, round(text_width(value)) + 12)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart."""

    label: str
    count: int
    href: str | None
    colour: str
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart with a label column, the bars, and the counts after the bars."""

    title: str
    bars: list[Bar]
    label_width: int
    bar_area: int
    height: int

    @property
    def width(self) -> int:
        """Total width in pixels (labels, bars and room for the largest count)."""
        return self.label_width + self.bar_area + 40


BAR_HEIGHT, BAR_GAP = 18, 6


def bar_chart(title: str, items: list[tuple[str, int, str | None, str]], bar_area: int = 240) -> Chart:
    """A chart of (label, count, link, colour) items; the largest count fills `bar_area`."""
    largest = max((count for _, count, _, _ in items), default=0) or 1
    label_width = round(max((text_width(label, 12) for label, *_ in items), default=0)) + 12
    bars = [
        Bar(label, count, href, colour, index * (BAR_HEIGHT + BAR_GAP), max(round(bar_area * count / largest), 1 if count else 0))
        for index, (label, count, href, colour) in enumerate(items)
    ]
    return Chart(title, bars, label_width, bar_area, max(len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT))
