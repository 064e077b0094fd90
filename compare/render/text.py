"""The terminal report of ``reportgen diff``, built with rich.

rich loads with this module, which ``render.formats`` imports only when the text format is asked for."""

from __future__ import annotations

import io

from reportgen.compare.diff import Diff
from reportgen.compare.render import present as p
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

DEFAULT_WIDTH = 100
_STYLE_CN = {
    "删除": "red",
    "新增": "green",
    "改名": "cyan",
    "移动": "cyan",
    "合并": "cyan",
    "拆分": "cyan",
    "仅甲有": "red",
    "仅乙有": "green",
    "标题不同": "cyan",
    "位置不同": "cyan",
}
_STYLE = {
    "same": "",
    "renamed": "cyan",
    "moved": "cyan",
    "dropped": "red",
    "added": "green",
    "changed": "yellow",
    "unchanged": "",
    "mentioned": "cyan",
    "kept": "",
    "recurring": "red",
    "new": "yellow",
    "absent": "green",
    "followed": "green",
    "partly": "yellow",
    "not_found": "red",
}


def make_console(buffer: io.StringIO, *, width: int | None, color: bool) -> Console:
    """A rich console writing plain (or ANSI-coloured) text into ``buffer``, no markup or emoji guessing."""
    return Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def render_text(diff: Diff, *, width: int | None = DEFAULT_WIDTH, color: bool = False) -> str:
    """The five-part report (结构对照, 数据变化, 举措变化, 问题整改, 计划落实) as terminal text.

    ``color`` adds ANSI styles; ``width`` None takes the terminal's width.
    """
    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=color)
    _header(console, diff)
    _structure(console, diff)
    _figures(console, diff)
    _initiatives(console, diff)
    _shortcomings(console, diff)
    _plans(console, diff)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _heading(console: Console, title: str, counts: str) -> None:

    console.print()
    console.print(Text.assemble((title, "bold"), "  ", (counts, "dim")))


def _line(console: Console, marker: str, text: str, *, indent: int = 2, style: str = "") -> None:
    """``marker`` then ``text``; wrapped lines of ``text`` stay indented under its first character."""

    grid = Table.grid(padding=(0, 1) if marker else 0)
    if marker:
        grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    cells = [Text(marker, style=style)] if marker else []
    grid.add_row(*cells, Text(text))
    console.print(Padding(grid, (0, 0, 0, indent)))


def _header(console: Console, diff: Diff) -> None:

    console.print(Text(p.TITLE, style="bold"))
    words = p.terms(diff)
    console.print(f"{words.old}：{p.side_line(diff.old)}")
    console.print(f"{words.new}：{p.side_line(diff.new)}")
    for notice in p.notices(diff):
        console.print(Text(f"注意：{notice}", style="bold yellow"))


def _structure(console: Console, diff: Diff) -> None:
    _heading(console, p.terms(diff).part_titles[0], p.section_counts(diff))
    rows = p.structure_rows(diff)
    if not rows:
        console.print("  结构未变：各部分、各节一一对应，编号和标题相同。")
        return
    for row in rows:
        olds = "；".join(row.olds) or "—"
        news = "；".join(row.news) or "—"
        details = "；".join(x for x in (f"相似度 {row.similarity}" if row.similarity else "", row.note) if x)
        text = f"{olds} → {news}" if row.olds and row.news else (olds if row.olds else news)
        _line(console, row.status, text + (f"（{details}）" if details else ""), style=_STYLE_CN.get(row.status, ""))


def _figures(console: Console, diff: Diff) -> None:
    words = p.terms(diff)
    _heading(console, words.part_titles[1], p.figure_counts(diff))
    listed = p.listed_figures(diff)
    for c in listed:
        where = f"{c.figure.label}（{p.figure_place(c)}）"
        notes = "；".join(p.figure_notes(c, words))
        if c.old is not None and c.new is not None:
            text = f"{where}：{p.figure_pair(c, words)}"
        else:
            text = f"{where}：{p.written(c.new or c.figure)}"
        _line(console, words.figures[c.status], text + (f"；{notes}" if notes else ""), style=_STYLE[c.status])
    if not listed:
        console.print("  数据未变。")


def _initiatives(console: Console, diff: Diff) -> None:
    words = p.terms(diff)
    _heading(console, words.part_titles[2], p.initiative_counts(diff))
    shown = False
    for c in p.listed_initiatives(diff):
        kind = p.KIND[c.kind]
        where = p.initiative_where(c)
        if c.status == "renamed" and c.new_name:
            shown = True
            text = f"{p.initiative_name(c.name, c.kind)} → {p.initiative_name(c.new_name, c.kind)}（{kind}，{where}）"
            _line(console, words.initiatives["renamed"], text, style=_STYLE["renamed"])
        elif c.status in ("dropped", "added"):
            shown = True
            text = f"{p.initiative_name(c.name, c.kind)}（{kind}，{where}）"
            _line(console, words.initiatives[c.status], text, style=_STYLE[c.status])
    if not shown:
        console.print("  举措未变。")


def _shortcomings(console: Console, diff: Diff) -> None:
    words = p.terms(diff)
    _heading(console, words.part_titles[3], p.shortcoming_counts(diff))
    for c in diff.shortcomings:
        _line(console, words.shortcomings[c.status], p.shortcoming_head(c, words), style=_STYLE[c.status])
        if c.old is not None and c.new is not None:
            _line(console, f"{words.old}：", c.old.text, indent=6)
            _line(console, f"{words.new}：", c.new.text, indent=6)
        else:
            item = c.new or c.old
            assert item is not None
            _line(console, "", item.text, indent=6)
    if not diff.shortcomings:
        console.print("  两份报告都没有列出问题和不足。")


def _plans(console: Console, diff: Diff) -> None:
    _heading(console, p.terms(diff).part_titles[4], p.plan_counts(diff))
    if diff.peer:
        console.print("  两个单位之间不核对计划落实。")
        return
    for check in diff.plans:
        _line(console, p.PLAN_STATUS[check.status], p.plan_head(check), style=_STYLE[check.status])
        for e in check.evidence:
            _line(console, "✓", f"{p.evidence_line(e.term, e.part, e.section)}：{e.sentence}", indent=6, style="green")
        for t in check.targets:
            mark, style = ("◎", "green") if t.met else ("✗", "red") if t.met is False else ("？", "yellow")
            _line(console, mark, p.target_line(t), indent=6, style=style)
        if check.missing:
            _line(console, "✗", f"未找到：{'；'.join(check.missing)}", indent=6, style="red")
    if not diff.plans:
        console.print("  旧报告没有下一年度安排。")
