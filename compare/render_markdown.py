"""The Markdown report of ``reportgen diff``: the five parts as headings, tables and lists, for a memo."""

from __future__ import annotations

from reportgen.compare import present as p
from reportgen.compare.model import Diff


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or " "


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _quote(text: str) -> str:
    return text.replace("\n", " ")


def render_markdown(diff: Diff) -> str:
    """The comparison as Markdown."""
    out: list[str] = [f"# {p.TITLE}", ""]
    out.append(f"- 旧：{p.side_line(diff.old)}")
    out.append(f"- 新：{p.side_line(diff.new)}")
    for notice in p.notices(diff):
        out += ["", f"> **注意**：{notice}"]

    out += ["", f"## {p.PART_TITLES[0]}", "", p.section_counts(diff), ""]
    rows = p.structure_rows(diff)
    if rows:
        out += _table(
            ["状态", "旧", "新", "相似度", "说明"],
            [[r.status, "\n".join(r.olds) or "—", "\n".join(r.news) or "—", r.similarity, r.note] for r in rows],
        )
    else:
        out.append("结构未变：各部分、各节一一对应，编号和标题相同。")

    out += ["", f"## {p.PART_TITLES[1]}", "", p.figure_counts(diff), ""]
    changed = [c for c in diff.figures if c.status == "changed"]
    others = [c for c in diff.figures if c.status in ("dropped", "added")]
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
                    "；".join(p.figure_notes(c)),
                ]
            )
        out += _table(["指标", "位置", "旧", "新", "增减", "说明"], table_rows)
    if others:
        if changed:
            out.append("")
        out += _table(
            ["状态", "指标", "位置", "数值", "说明"],
            [
                [
                    p.FIGURE_STATUS[c.status],
                    c.figure.label,
                    p.figure_place(c),
                    p.written(c.new or c.figure),
                    "；".join(p.figure_notes(c)),
                ]
                for c in others
            ],
        )
    if not changed and not others:
        out.append("数据未变。")

    out += ["", f"## {p.PART_TITLES[2]}", "", p.initiative_counts(diff), ""]
    listed = False
    for i in diff.initiatives:
        kind, where = p.KIND[i.kind], p.initiative_where(i)
        if i.status == "renamed" and i.new_name:
            listed = True
            new_name = p.initiative_name(i.new_name, i.kind)
            out.append(f"- **改名**：{p.initiative_name(i.name, i.kind)} → {new_name}（{kind}，{where}）")
        elif i.status in ("dropped", "added"):
            listed = True
            out.append(f"- **{p.INITIATIVE_STATUS[i.status]}**：{p.initiative_name(i.name, i.kind)}（{kind}，{where}）")
    if not listed:
        out.append("举措未变。")

    out += ["", f"## {p.PART_TITLES[3]}", "", p.shortcoming_counts(diff)]
    for s in diff.shortcomings:
        out += ["", f"- **{p.SHORTCOMING_STATUS[s.status]}**：{p.shortcoming_head(s)}"]
        if s.old is not None and s.new is not None:
            out += [f"  - 旧：{_quote(s.old.text)}", f"  - 新：{_quote(s.new.text)}"]
        else:
            item = s.new or s.old
            assert item is not None
            out.append(f"  - {_quote(item.text)}")
    if not diff.shortcomings:
        out += ["", "两份报告都没有列出问题和不足。"]

    out += ["", f"## {p.PART_TITLES[4]}", "", p.plan_counts(diff)]
    for check in diff.plans:
        out += ["", f"- **{p.PLAN_STATUS[check.status]}**：{p.plan_head(check)}"]
        for e in check.evidence:
            out.append(f"  - ✓ {p.evidence_line(e.term, e.part, e.section)}：{_quote(e.sentence)}")
        if check.missing:
            out.append(f"  - ✗ 未找到：{'；'.join(check.missing)}")
    if not diff.plans:
        out += ["", "旧报告没有下一年度安排。"]
    return "\n".join(out) + "\n"
