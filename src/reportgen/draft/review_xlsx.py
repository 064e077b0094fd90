"""The review list as an Excel workbook (``output/2024.review.xlsx``), for offices that track checks in Excel.

Written as SpreadsheetML by hand: openpyxl takes 0.5 s or more to import, which would double the time of a
draft (BENCHMARKS.md), and one sheet of text cells needs none of it.
"""

from __future__ import annotations

import io
import zipfile

from reportgen.draft.model import DraftModel
from reportgen.draft.review import large_change, years_moved
from reportgen.sanitize import sheet_text

HEADER = ("类别", "位置", "编号", "指标", "上年", "今年", "数据表行", "备注")
WIDTHS = (16, 34, 30, 30, 14, 14, 10, 40)


def review_rows(model: DraftModel) -> list[tuple[str, ...]]:
    """One row per place to check: carried figures, updated figures, carried paragraphs, other notes."""
    rows_of = {f.id: row for row, f in enumerate(model.figures, start=2)}
    rows: list[tuple[str, ...]] = []
    for f in model.figures_with("carried"):
        rows.append(("沿用上年的数字", f.where, f.id, f.label, f.previous_raw, "【待核】", str(rows_of[f.id]), f.note))
    for f in model.figures_with("updated"):
        flag = "变化超过十倍，请核对单位。" if large_change(f) else ""
        rows.append(
            ("已更新的数字", f.where, f.id, f.label, f.previous_raw, f.written, str(rows_of[f.id]), flag + f.note)
        )
    for unit in model.carried_paragraphs():
        shifts = years_moved([(y.old, y.new) for y in unit.years])
        rows.append(("沿用上年的段落", unit.where, "", "", "", "", "", f"请改写后删去【沿用上年，请核改】{shifts}"))
    if model.date_carried:
        rows.append(("其他", "落款日期", "", "", model.previous_date or "", model.date, "", "请改为实际成文日期"))
    for where in model.dropped_sections:
        rows.append(("其他", where, "", "", "", "", "", "已删除"))
    for note in model.notes:
        rows.append(("其他", "", "", "", "", "", "", note))
    return rows


def _column(index: int) -> str:
    return chr(ord("A") + index)


def _escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (what ``xml.sax.saxutils.escape`` does, without its import of
    ``urllib`` and ``http.client``: a few milliseconds of every draft)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(ref: str, text: str, style: int = 0) -> str:
    value = _escape(str(sheet_text(text)))
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">{value}</t></is></c>'


def review_xlsx(model: DraftModel) -> bytes:
    """The workbook's bytes: one sheet 核对清单 with a bold, frozen header row and a filter."""
    rows = [HEADER, *review_rows(model)]
    last = _column(len(HEADER) - 1)
    sheet_rows = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{_column(i)}{number}", text, 1 if number == 1 else 0) for i, text in enumerate(row))
        sheet_rows.append(f'<row r="{number}">{cells}</row>')
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
        ' state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{''.join(sheet_rows)}</sheetData>"
        f'<autoFilter ref="A1:{last}{len(rows)}"/></worksheet>'
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1"'
            ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="核对清单" sheetId="1" r:id="rId1"/></sheets>'
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"'核对清单'!$A$1:${last}${len(rows)}</definedName></definedNames></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1"'
            ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
            ' Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2"'
            ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
            ' Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font>'
            '<font><b/><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
