"""The Markdown report of ``reportgen diff``: the five parts as headings, tables and lists, for a memo."""

from __future__ import annotations

import re

from reportgen.compare.diff import Diff
from reportgen.compare.render import present as p


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or " "


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _escape_html(markdown: str) -> str:
    # Markdown passes raw HTML through, so report text such as <img onerror=…> would run in a viewer; only the
    # line breaks this renderer puts in table cells stay HTML.
    return re.sub(r"<(?!br>)", "&lt;", markdown.replace("&", "&amp;"))


def _quote(text: str) -> str:
    return text.replace("\n", " ")


def render_markdown(diff: Diff) -> str:
    """The comparison as Markdown."""
    words = p.terms(diff)
    titles = words.part_titles
    out: list[str] = [f"# {p.TITLE}", ""]
    out.append(f"- {words.old}：{p.side_line(diff.old)}")
    out.append(f"- {words.new}：{p.side_line(diff.new)}")
    for notice in p.notices(diff):
        out += ["", f"> **注意**：{notice}"]

    out += ["", f"## {titles[0]}", "", p.section_counts(diff), ""]
    rows = p.structure_rows(diff)
    if rows:
        out += _table(
            ["状态", words.old, words.new, "相似度", "说明"],
            [[r.status, "\n".join(r.olds) or "—", "\n".join(r.news) or "—", r.similarity, r.note] for r in rows],
        )
    else:
        out.append("结构未变：各部分、各节一一对应，编号和标题相同。")

    out += ["", f"## {titles[1]}", "", p.figure_counts(diff), ""]
    listed_figures = p.listed_figures(diff)
    changed = [c for c in listed_figures if c.old is not None and c.new is not None]
    others = [c for c in listed_figures if c.old is None or c.new is None]
    if changed:
        table_rows = []
        for c in changed:
            assert c.old is not None and c.new is not None
            table_rows.append(
                [
                    c.figure.label,
                    p.figure_place(c),
                    p.written(c.old),
                    p.written(c.new),
                    p.delta_text(c),
                    "；".join(p.figure_notes(c, words)),
                ]
            )
        out += _table(["指标", "位置", words.old, words.new, words.delta, "说明"], table_rows)
    if others:
        if changed:
            out.append("")
        out += _table(
            ["状态", "指标", "位置", "数值", "说明"],
            [
                [
                    words.figures[c.status],
                    c.figure.label,
                    p.figure_place(c),
                    p.written(c.new or c.figure),
                    "；".join(p.figure_notes(c, words)),
                ]
                for c in others
            ],
        )
    if not changed and not others:
        out.append("数据未变。")

    out += ["", f"## {titles[2]}", "", p.initiative_counts(diff), ""]
    listed = False
    for i in p.listed_initiatives(diff):
        kind, where = p.KIND[i.kind], p.initiative_where(i)
        if i.status == "renamed" and i.new_name:
            listed = True
            new_name = p.initiative_name(i.new_name, i.kind)
            renamed = words.initiatives["renamed"]
            out.append(f"- **{renamed}**：{p.initiative_name(i.name, i.kind)} → {new_name}（{kind}，{where}）")
        elif i.status in ("dropped", "added"):
            listed = True
            out.append(f"- **{words.initiatives[i.status]}**：{p.initiative_name(i.name, i.kind)}（{kind}，{where}）")
    if not listed:
        out.append("举措未变。")

    out += ["", f"## {titles[3]}", "", p.shortcoming_counts(diff)]
    for s in diff.shortcomings:
        out += ["", f"- **{words.shortcomings[s.status]}**：{p.shortcoming_head(s, words)}"]
        if s.old is not None and s.new is not None:
            out += [f"  - {words.old}：{_quote(s.old.text)}", f"  - {words.new}：{_quote(s.new.text)}"]
        else:
            item = s.new or s.old
            assert item is not None
            out.append(f"  - {_quote(item.text)}")
    if not diff.shortcomings:
        out += ["", "两份报告都没有列出问题和不足。"]

    out += ["", f"## {titles[4]}", "", p.plan_counts(diff)]
    if diff.peer:
        out += ["", "两个单位之间不核对计划落实。"]
        return _escape_html("\n".join(out) + "\n")
    for check in diff.plans:
        out += ["", f"- **{p.PLAN_STATUS[check.status]}**：{p.plan_head(check)}"]
        for e in check.evidence:
            out.append(f"  - ✓ {p.evidence_line(e.term, e.part, e.section)}：{_quote(e.sentence)}")
        for t in check.targets:
            out.append(f"  - {'◎' if t.met else '✗' if t.met is False else '？'} {p.target_line(t)}")
        if check.missing:
            out.append(f"  - ✗ 未找到：{'；'.join(check.missing)}")
    if not diff.plans:
        out += ["", "旧报告没有下一年度安排。"]
    return _escape_html("\n".join(out) + "\n")
