"""The metrics sheet's form: its columns and headers, the rows it holds and what is read back from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen.lazy_re import lazy

METRICS_SCHEMA = "reportgen.metrics/1"
COLUMNS = ("id", "part", "section", "label", "unit", "previous", "value", "note")
HEADERS = {
    "id": "编号 id",
    "part": "部分 part",
    "section": "节 section",
    "label": "指标 label",
    "unit": "单位 unit",
    "previous": "上年数 previous",
    "value": "今年数 value",
    "note": "备注 note",
}
NARRATIVE_HEADERS = {"kind": "类型 kind", "where": "位置 where", "title": "标题 title", "text": "内容 text"}
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}
FIGURES_SHEET = "指标 figures"
NARRATIVE_SHEET = "文字 narrative"
HELP_SHEET = "说明 help"

# Units of things counted one by one: their values are whole numbers (a multiplier such as 万件 lifts this).
COUNT_UNITS = frozenset(
    """件 个 项 次 场 人 名 家 条 期 份 类 通 篇 起 户 所 处 套 本 册 批 轮 宗 笔 支 位 部 组 台 张 节
    人次 件次 家次 场次 户次 条次 年""".split()
)
_PERCENT_LIMITS = {"%": Decimal(100), "‰": Decimal(1000)}
_YEARS_LIMIT = Decimal(1000)
_QUALIFIER_WORDS = ("余", "多", "约", "近", "以上", "超", "逾")
_CN_HEADERS = {text.split()[0]: key for key, text in (HEADERS | NARRATIVE_HEADERS).items()}
_MAX_DIGITS = 15  # beyond this a float cell has lost digits, and Decimal arithmetic would overflow its precision
MAX_SHEET_ROWS = 20000
MAX_SHEET_COLUMNS = 100
_YEAR_KEYWORD = lazy(r"\byear=(\d{4})\b")

_HELP_LINES = (
    "{year}年法治政府建设年度报告 数据填报表（由 reportgen 根据{previous}年报告生成）",
    "",
    "【指标 figures】每行一个数字。请在“今年数 value”列填写今年的数值，单位与“单位 unit”列一致（如 万元）。",
    "百分比填 98 或 98%。约数只填数字：上年写作“10余场”的，填 12，报告中写作“12余场”。",
    "留空的数字沿用上年数值，并在报告中标注【待核】。“备注 note”列会抄入核对清单。",
    "请勿修改“编号 id”列；不要重复填写同一编号。",
    "",
    "【文字 narrative】可选。每行一条，“类型 kind”可为：",
    "  section（改写）：改写上年某节，位置填节号，如 2.3 或 二（三）；可另填新标题。",
    "  new_section（新增）：新增一节，位置填部分号（加在该部分末尾，如 2）或节号（加在该节之后）。",
    "  remove_section（删除）：删除上年某节，位置填节号。",
    "  initiative（新举措）：在某节末尾增加一段新举措，位置填节号。",
    "  shortcoming（问题）/ plan（计划）：今年的问题和不足、明年的工作安排，每行一条，按顺序编为一是、二是……",
    "  preamble（前言）、shortcomings_intro、plans_intro、date（日期）：替换相应段落。",
    "新文字中可用 {{编号}} 引用指标，例如 {{review.cases_accepted}}，报告中写作今年的数值。",
    "未填写的文字沿用上年，年份顺延，并标注【沿用上年，请核改】。",
)


@dataclass
class SheetRow:
    """One figure of the sheet: where it is, what it counts, last year's value; this year's to fill in."""

    id: str
    part: str
    section: str
    label: str
    unit: str
    previous: Decimal
    value: Decimal | None = None
    note: str = ""
    context: str = ""


@dataclass
class MetricInputs:
    """A checked metrics sheet: the new values and notes by figure id, and any narrative sheet rows."""

    values: dict[str, Decimal] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    narrative_rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
