"""Plain-text tables for the terminal, aligned for Chinese (wide) characters."""

import unicodedata

from cms.demo.accounts import AccountRow

UNCHANGED = "（未修改）"
HEADERS = ("用户名", "角色", "单位", "密码", "签批环节")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def accounts_table(accounts: list[AccountRow]) -> str:
    rows = [(a.username, a.role, a.unit, a.password or UNCHANGED, a.signs) for a in accounts]
    return table([HEADERS, *rows])
