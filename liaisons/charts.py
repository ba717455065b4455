"""A simple horizontal bar chart for the reports, drawn as inline SVG by the template: nothing is
fetched at runtime and no script runs.

Values may be negative (a liaison's total after deductions): the chart spans from the smallest
value or zero to the largest value or zero, draws an axis at zero, and a bar goes right of the
axis for a positive value and left of it for a negative one (issue 17). Each bar's number sits
at its outer end; a zero has no bar, only its number beside the axis, and a value too small
for the scale still gets a one-pixel bar on its side.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

LABEL_WIDTH = 160
BAR_AREA = 420
VALUE_ROOM = 72
ROW_HEIGHT = 22
BAR_HEIGHT = 16
HIGHLIGHT_WORDS = {"top": "前列", "bottom": "后列"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: int
    x: int
    length: int
    zero_x: int
    highlight: str = ""

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3

    @property
    def negative(self) -> bool:
        return self.value < 0

    @property
    def value_x(self) -> int:
        return self.x - 4 if self.negative else self.x + self.length + 4

    @property
    def value_anchor(self) -> str:
        return "end" if self.negative else "start"

    @property
    def title(self) -> str:
        """What the bar says to a screen reader or on hover, its place included."""
        word = HIGHLIGHT_WORDS.get(self.highlight)
        return f"{self.label}：{self.value}" + (f"（{word}）" if word else "")


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    title: str
    zero_x: int

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 4

    @property
    def width(self) -> int:
        return LABEL_WIDTH + VALUE_ROOM + BAR_AREA + VALUE_ROOM

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT


def bar_chart(items: Sequence[tuple[str, Decimal, str]], *, title: str) -> BarChart:
    """Bars for (label, value, highlight) in the given order, on one scale from the smallest
    value (or zero) to the largest (or zero), with the axis at zero."""
    values = [Decimal(value or 0) for _, value, _ in items]
    low, high = min([Decimal(0), *values]), max([Decimal(0), *values])
    scale = Decimal(BAR_AREA) / (high - low) if high > low else Decimal(0)
    left = LABEL_WIDTH + VALUE_ROOM
    zero_x = left + int(-low * scale)
    bars = []
    for i, ((label, _, mark), value) in enumerate(zip(items, values, strict=True)):
        # A value too small for a pixel on this scale still shows which side of zero it is.
        length = max(1, int(abs(value) * scale)) if value and scale else 0
        x = zero_x - length if value < 0 else zero_x
        bars.append(
            Bar(
                label,
                value,
                y=i * ROW_HEIGHT + 2,
                x=x,
                length=length,
                zero_x=zero_x,
                highlight=mark,
            )
        )
    return BarChart(bars=tuple(bars), title=title, zero_x=zero_x)
