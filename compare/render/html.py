"""The HTML report of ``reportgen diff``: one self-contained page (inline CSS, no scripts, no network).

The five parts come first; then every aligned section sits side by side with its counterpart, and the
word-aware text diff (``textdiff``) marks what was removed and what was added.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.compare.diff import Diff
from reportgen.compare.render import present as p
from reportgen.compare.render.textdiff import Op, changed, diff_text

from reportgen.match.changes import SectionChange, ShortcomingChange

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}：{{ old_name }} → {{ new_name }}</title>
<style>
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; margin: 2em auto;
       max-width: 78em; padding: 0 1.5em; line-height: 1.7; color: #222; }
h1 { font-size: 1.6em; margin-bottom: .3em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #446; padding-bottom: .2em; margin-top: 2em; }
.sides { color: #444; margin: 0; padding-left: 1.2em; }
.notice { background: #fff4d6; border-left: 4px solid #e0a800; padding: .4em .8em; margin: .8em 0; }
.counts { color: #555; margin: .3em 0 .8em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #ccd; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #eef0f6; }
td.num { white-space: nowrap; }
.status { white-space: nowrap; font-weight: bold; }
.s-dropped, .s-absent, .s-not_found, .s-recurring { color: #b00020; }
.s-added, .s-followed { color: #1b7a2a; }
.s-changed, .s-partly, .s-new, .s-renamed, .s-moved { color: #9a6400; }
ul.items > li { margin-bottom: .6em; }
.evidence { color: #333; }
.t-met { color: #1a6e2e; } .t-unmet { color: #b00020; } .t-unknown { color: #8a6d00; }
.missing { color: #b00020; }
.pair td { width: 50%; }
.pair th.place { font-weight: normal; }
.same-row th { color: #666; }
del { background: #ffd7d5; color: #8a0010; text-decoration: line-through; }
ins { background: #d4f7d4; color: #0b5d1e; text-decoration: none; }
.empty { color: #999; font-style: italic; }
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; line-height: 1.5; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, li, .notice { break-inside: avoid; page-break-inside: avoid; }
  del, ins, .notice, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<h1>{{ title }}</h1>
<ul class="sides">
<li>{{ words.old }}：{{ old_line }}</li>
<li>{{ words.new }}：{{ new_line }}</li>
</ul>
{% for notice in notices %}<p class="notice"><strong>注意：</strong>{{ notice }}</p>
{% endfor %}
<h2>{{ parts[0] }}</h2>
<p class="counts">{{ section_counts }}</p>
{% if structure %}<table>
<tr><th>状态</th><th>{{ words.old }}</th><th>{{ words.new }}</th><th>相似度</th><th>说明</th></tr>
{% for row in structure %}<tr><td class="status">{{ row.status }}</td>
<td>{% for line in row.olds %}{{ line }}{% if not loop.last %}<br>{% endif %}{% else %}—{% endfor %}</td>
<td>{% for line in row.news %}{{ line }}{% if not loop.last %}<br>{% endif %}{% else %}—{% endfor %}</td>
<td class="num">{{ row.similarity }}</td><td>{{ row.note }}</td></tr>
{% endfor %}</table>
{% else %}<p>结构未变：各部分、各节一一对应，编号和标题相同。</p>
{% endif %}
<h2>{{ parts[1] }}</h2>
<p class="counts">{{ figure_counts }}</p>
{% if figures_changed %}<table>
<tr><th>指标</th><th>位置</th><th>{{ words.old }}</th><th>{{ words.new }}</th><th>{{ words.delta }}</th>
<th>说明</th></tr>
{% for f in figures_changed %}<tr><td>{{ f.label }}</td><td class="num">{{ f.place }}</td>
{% if peer %}<td class="num">{{ f.old }}</td><td class="num">{{ f.new }}</td>
{% else %}<td class="num"><del>{{ f.old }}</del></td><td class="num"><ins>{{ f.new }}</ins></td>{% endif %}
<td class="num s-changed">{{ f.delta }}</td><td>{{ f.notes }}</td></tr>
{% endfor %}</table>
{% endif %}{% if figures_other %}<table>
<tr><th>状态</th><th>指标</th><th>位置</th><th>数值</th><th>说明</th></tr>
{% for f in figures_other %}<tr><td class="status s-{{ f.status }}">{{ f.status_name }}</td><td>{{ f.label }}</td>
<td class="num">{{ f.place }}</td><td class="num">{{ f.value }}</td><td>{{ f.notes }}</td></tr>
{% endfor %}</table>
{% endif %}{% if not figures_changed and not figures_other %}<p>数据未变。</p>
{% endif %}
<h2>{{ parts[2] }}</h2>
<p class="counts">{{ initiative_counts }}</p>
{% if initiatives %}<ul class="items">
{% for i in initiatives %}<li><span class="status s-{{ i.status }}">{{ i.status_name }}</span>：{{ i.text }}</li>
{% endfor %}</ul>
{% else %}<p>举措未变。</p>
{% endif %}
<h2>{{ parts[3] }}</h2>
<p class="counts">{{ shortcoming_counts }}</p>
<ul class="items">
{% for s in shortcomings %}<li><span class="status s-{{ s.status }}">{{ s.status_name }}</span>：{{ s.head }}
{% if s.old and s.new %}<table class="pair"><tr><th>{{ words.old }}</th><th>{{ words.new }}</th></tr>
<tr><td>{{ s.old }}</td><td>{{ s.new }}</td></tr></table>
{% else %}<br>{{ s.text }}{% endif %}</li>
{% endfor %}</ul>
<h2>{{ parts[4] }}</h2>
<p class="counts">{{ plan_counts }}</p>
{% if peer %}<p>两个单位之间不核对计划落实。</p>
{% endif %}<ul class="items">
{% for c in plans %}<li><span class="status s-{{ c.status }}">{{ c.status_name }}</span>：{{ c.head }}
<ul>{% for e in c.evidence %}<li class="evidence">✓ {{ e.where }}：{{ e.sentence }}</li>
{% endfor %}{% for t in c.targets %}<li class="target t-{{ t.state }}">{{ t.mark }} {{ t.line }}</li>
{% endfor %}{% if c.missing %}<li class="missing">✗ 未找到：{{ c.missing }}</li>{% endif %}</ul></li>
{% endfor %}</ul>
<h2>对照全文</h2>
<p class="counts">{{ pairs_note }}</p>
<table class="pair">
{% for row in pairs %}<tr class="{{ 'same-row' if not row.changed else '' }}">
<th class="place"><span class="status s-{{ row.status }}">{{ row.status_name }}</span> {{ row.old_place }}</th>
<th class="place">{{ row.new_place }}</th></tr>
<tr><td>{% if row.old_html %}{{ row.old_html }}{% else %}<span class="empty">（无）</span>{% endif %}</td>
<td>{% if row.new_html %}{{ row.new_html }}{% else %}<span class="empty">（无）</span>{% endif %}</td></tr>
{% endfor %}</table>
</body>
</html>
"""


@dataclass(frozen=True)
class _PairRow:
    status: str
    status_name: str
    old_place: str
    new_place: str
    old_html: str
    new_html: str
    changed: bool


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text)).replace("\n", "<br>")


def _sides(ops: list[Op]) -> tuple[str, str]:
    left: list[str] = []
    right: list[str] = []
    for op in ops:
        if op.tag == "equal":
            left.append(_escape(op.old))
            right.append(_escape(op.new))
            continue
        if op.old:
            left.append(f"<del>{_escape(op.old)}</del>")
        if op.new:
            right.append(f"<ins>{_escape(op.new)}</ins>")
    return "".join(left), "".join(right)


def _pair_rows(diff: Diff) -> list[_PairRow]:
    """Leaf entries side by side; merged units share one row per new unit, split units one per old unit."""
    leaves = [c for c in diff.sections if c.leaf]
    rows: list[_PairRow] = []
    done: set[int] = set()
    for k, c in enumerate(leaves):
        if k in done:
            continue
        group: list[SectionChange] = [c]
        if c.relation == "merged":
            group = [x for x in leaves if x.relation == "merged" and x.new == c.new]
        elif c.relation == "split":
            group = [x for x in leaves if x.relation == "split" and x.old == c.old]
        done.update(i for i, x in enumerate(leaves) if any(x is g for g in group))
        olds = list(dict.fromkeys(x.old for x in group if x.old is not None))
        news = list(dict.fromkeys(x.new for x in group if x.new is not None))
        old_text = "\n".join(o.text for o in olds)
        new_text = "\n".join(n.text for n in news)
        ops = diff_text(old_text, new_text)
        old_html, new_html = _sides(ops)
        if c.relation:
            status, status_name = "moved", "合并" if c.relation == "merged" else "拆分"
        else:
            status, status_name = c.status, p.terms(diff).sections[c.status]
        rows.append(
            _PairRow(
                status=status,
                status_name=status_name,
                old_place="；".join(p.place_name(o) for o in olds) or "—",
                new_place="；".join(p.place_name(n) for n in news) or "—",
                old_html=old_html,
                new_html=new_html,
                changed=c.status != "same" or changed(ops),
            )
        )
    return rows


def _item_text(change: ShortcomingChange) -> str:
    item = change.new or change.old
    return "" if item is None else item.text


def render_html(diff: Diff) -> str:
    """The comparison as one self-contained HTML page."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(_TEMPLATE)
    words = p.terms(diff)
    listed_figures = p.listed_figures(diff)
    figures_changed = []
    for c in listed_figures:
        if c.old is not None and c.new is not None:
            figures_changed.append(
                {
                    "label": c.figure.label,
                    "place": p.figure_place(c),
                    "old": p.written(c.old),
                    "new": p.written(c.new),
                    "delta": p.delta_text(c),
                    "notes": "；".join(p.figure_notes(c)),
                }
            )
    figures_other = [
        {
            "status": c.status,
            "status_name": words.figures[c.status],
            "label": c.figure.label,
            "place": p.figure_place(c),
            "value": p.written(c.new or c.figure),
            "notes": "；".join(p.figure_notes(c)),
        }
        for c in listed_figures
        if c.status in ("dropped", "added", "mentioned")
    ]
    initiatives = []
    for i in p.listed_initiatives(diff):
        kind, where = p.KIND[i.kind], p.initiative_where(i)
        if i.status == "renamed" and i.new_name:
            text = f"{p.initiative_name(i.name, i.kind)} → {p.initiative_name(i.new_name, i.kind)}（{kind}，{where}）"
        elif i.status in ("dropped", "added"):
            text = f"{p.initiative_name(i.name, i.kind)}（{kind}，{where}）"
        else:
            continue
        initiatives.append({"status": i.status, "status_name": words.initiatives[i.status], "text": text})
    shortcomings = [
        {
            "status": s.status,
            "status_name": words.shortcomings[s.status],
            "head": p.shortcoming_head(s, words),
            "old": s.old.text if s.old else None,
            "new": s.new.text if s.new else None,
            "text": _item_text(s),
        }
        for s in diff.shortcomings
    ]
    plans = [
        {
            "status": c.status,
            "status_name": p.PLAN_STATUS[c.status],
            "head": p.plan_head(c),
            "evidence": [
                {"where": p.evidence_line(e.term, e.part, e.section), "sentence": e.sentence} for e in c.evidence
            ],
            "targets": [
                {
                    "state": "met" if t.met else "unmet" if t.met is False else "unknown",
                    "mark": "◎" if t.met else "✗" if t.met is False else "？",
                    "line": p.target_line(t),
                }
                for t in c.targets
            ],
            "missing": "；".join(c.missing),
        }
        for c in diff.plans
    ]
    pairs = [
        {
            "status": r.status,
            "status_name": r.status_name,
            "old_place": r.old_place,
            "new_place": r.new_place,
            "old_html": Markup(r.old_html),
            "new_html": Markup(r.new_html),
            "changed": r.changed,
        }
        for r in _pair_rows(diff)
    ]
    return template.render(
        title=p.TITLE,
        old_name=f"{diff.old.org or ''}{diff.old.year or ''}",
        new_name=f"{diff.new.org or ''}{diff.new.year or ''}",
        old_line=p.side_line(diff.old),
        new_line=p.side_line(diff.new),
        notices=p.notices(diff),
        parts=words.part_titles,
        words=words,
        peer=diff.peer,
        pairs_note=Markup(
            "左为甲，右为乙；只在甲中的文字和只在乙中的文字已标出。"
            if diff.peer
            else "左为旧报告，右为新报告；<del>删去</del>和<ins>新增</ins>的文字已标出。"
        ),
        section_counts=p.section_counts(diff),
        structure=p.structure_rows(diff),
        figure_counts=p.figure_counts(diff),
        figures_changed=figures_changed,
        figures_other=figures_other,
        initiative_counts=p.initiative_counts(diff),
        initiatives=initiatives,
        shortcoming_counts=p.shortcoming_counts(diff),
        shortcomings=shortcomings,
        plan_counts=p.plan_counts(diff),
        plans=plans,
        pairs=pairs,
    )
