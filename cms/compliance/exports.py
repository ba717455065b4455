"""The check-up as text (the command's output), CSV and XLSX, through the project's spreadsheet
helpers (their formula guard included: titles and link addresses are people's text)."""

from django.utils import timezone

from cms.compliance.checkup import Checkup
from cms.compliance.rules import TRIPPED
from cms.core.spreadsheets import MINUTES, csv_lines, xlsx_bytes

HEADINGS = ("规则", "类别", "状态", "剩余天数", "说明", "对象", "责任科室或人员", "证据")
WIDTHS = (18, 10, 18, 10, 50, 30, 40, 60)
VETO, DEDUCTION = "单项否决", "扣分项"
OVERALL = {"ok": "合规体检通过", "at_risk": "合规体检：有规则临近否决", "tripped": "合规体检未通过"}


def checkup_rows(checkup: Checkup):
    for result in checkup.results:
        kind = VETO if result.veto else DEDUCTION
        yield (result.title, kind, result.state_label, result.days_left, result.summary, "", "", "")
        for item in result.evidence:
            yield (result.title, kind, "", None, "", item.subject, item.responsible, item.detail)


def checkup_file(checkup: Checkup, fmt: str) -> bytes:
    if fmt == "csv":
        return "".join(csv_lines(HEADINGS, checkup_rows(checkup), MINUTES)).encode()
    return xlsx_bytes(
        title="合规体检", headings=HEADINGS, rows=checkup_rows(checkup), widths=WIDTHS, time=MINUTES
    )


def checkup_text(checkup: Checkup) -> str:
    lines = [f"{OVERALL[checkup.state]}（{timezone.localtime(checkup.checked_at):%Y-%m-%d %H:%M}）"]
    for result in checkup.results:
        kind = VETO if result.veto else DEDUCTION
        lines.append(f"[{result.state_label}] {result.title}（{kind}）：{result.summary}")
        lines += [f"    {e.subject} | {e.responsible} | {e.detail}" for e in result.evidence]
    return "\n".join(lines) + "\n"


def tripped_count(checkup: Checkup) -> int:
    return sum(r.veto and r.state == TRIPPED for r in checkup.results)
