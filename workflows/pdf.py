"""The approval form (《秀英党建网信息发布审批表》, R-10) as an A4 PDF.

Uses reportlab's built-in CID font STSong-Light: PDF readers supply the glyphs from their own
Adobe-GB1 fonts, so no font file is downloaded or shipped
(https://docs.reportlab.com/reportlab/userguide/ch3_fonts/#asian-font-support).
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workflows.exports import ApprovalSheet, SheetLine

FONT = "STSong-Light"
TITLE = _("秀英党建网信息发布审批表")
STEP_HEADINGS = (_("环节"), _("签批人"), _("单位"), _("意见"), _("时间"), _("已核查禁止发布清单"))
# 192 mm between the margins; the time column holds "2026年12月31日 19:29" on one line.
COLUMN_WIDTHS = [32 * mm, 26 * mm, 22 * mm, 52 * mm, 36 * mm, 24 * mm]
# GB2312 has no U+2713; Chinese paper forms tick with U+221A, which the CID font carries.
TICK = "√"

TITLE_STYLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=1)
CELL_STYLE = ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=13, wordWrap="CJK")
HEADING_STYLE = ParagraphStyle("heading", parent=CELL_STYLE, fontSize=11, leading=16)


def approval_form_pdf(sheet: ApprovalSheet) -> bytes:
    _register_font()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=str(TITLE),
        subject=sheet.form.article_title,
        leftMargin=9 * mm,
        rightMargin=9 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    document.build(_story(sheet))
    return buffer.getvalue()


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _story(sheet: ApprovalSheet) -> list:
    story = [Paragraph(escape(str(TITLE)), TITLE_STYLE), Spacer(1, 6 * mm), _form_table(sheet)]
    story += [Spacer(1, 3 * mm), _pairs_paragraph(sheet.meta)]
    if sheet.history:
        story += [Spacer(1, 6 * mm), Paragraph(escape(str(_("退回记录"))), HEADING_STYLE)]
        story += [Spacer(1, 2 * mm), _steps_table(sheet.history)]
    return story


def _cell(text) -> Paragraph:
    return Paragraph(escape(str(text or "")), CELL_STYLE)


def _form_table(sheet: ApprovalSheet) -> Table:
    rows = [[_cell(label), _cell(value), "", "", "", ""] for label, value in sheet.header]
    spans = [("SPAN", (1, row), (5, row)) for row in range(len(rows))]
    header_count = len(rows)
    rows.append([_cell(heading) for heading in STEP_HEADINGS])
    rows += [_line_row(line) for line in sheet.lines]
    style = [*spans, ("BACKGROUND", (0, header_count), (-1, header_count), colors.whitesmoke)]
    return _bordered(rows, style)


def _steps_table(lines: tuple[SheetLine, ...]) -> Table:
    rows = [[_cell(heading) for heading in STEP_HEADINGS], *(_line_row(line) for line in lines)]
    return _bordered(rows, [("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)])


def _line_row(line: SheetLine) -> list:
    opinion = f"{line.decision}：{line.opinion}" if line.opinion else line.decision
    tick = TICK if line.checklist else ""
    return [_cell(c) for c in (line.step, line.signer, line.unit, opinion, line.decided_at, tick)]


def _bordered(rows: list, style: list) -> Table:
    table = Table(rows, colWidths=COLUMN_WIDTHS, repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *style,
            ]
        )
    )
    return table


def _pairs_paragraph(pairs) -> Paragraph:
    # Full-width semicolons: the CID font has no glyph for U+3000 or a no-break space, and a
    # paragraph collapses plain spaces (the pairs ran together: "编号：30状态：…").
    text = "；".join(f"{label}：{value}" for label, value in pairs)
    return Paragraph(escape(text), CELL_STYLE)
