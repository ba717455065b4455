"""A simple horizontal bar chart for the reports, drawn as inline SVG by the template: nothing is
fetched at runtime and no script runs."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

LABEL_WIDTH = 160
BAR_AREA = 420
ROW_HEIGHT = 22
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: int
    length: int
    highlight: str = ""

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.length + 6


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    title: str

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 4

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 70

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT


def bar_chart(items: Sequence[tuple[str, Decimal, str]], *, title: str) -> BarChart:
    """Bars for (label, value, highlight) in the given order, scaled to the largest value;
    values at or below zero get no bar, only their number."""
    largest = max((value for _, value, _ in items), default=Decimal(0))
    scale = BAR_AREA / largest if largest > 0 else 0
    bars = tuple(
        Bar(label, value, y=i * ROW_HEIGHT + 2, length=int(max(0, value) * scale), highlight=mark)
        for i, (label, value, mark) in enumerate(items)
    )
    return BarChart(bars=bars, title=title)
