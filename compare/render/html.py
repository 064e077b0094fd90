"""The HTML report of ``reportgen diff``: one self-contained page (inline CSS, no scripts, no network).

The page is the template ``templates/diff.html.j2``; this module builds the values it shows.

The five parts come first; then every aligned section sits side by side with its counterpart, and the
word-aware text diff (``textdiff``) marks what was removed and what was added.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from reportgen.compare.diff import Diff
from reportgen.compare.render import present as p
from reportgen.compare.render.textdiff import Op, changed, diff_text

from reportgen.match.changes import SectionChange, ShortcomingChange
from reportgen.template_env import make_environment

TEMPLATE = "diff.html.j2"


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
    """The comparison as one self-contained HTML page (templates/diff.html.j2)."""
    template = make_environment().get_template(TEMPLATE)
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
                    "notes": "；".join(p.figure_notes(c, words)),
                }
            )
    figures_other = [
        {
            "status": c.status,
            "status_name": words.figures[c.status],
            "label": c.figure.label,
            "place": p.figure_place(c),
            "value": p.written(c.new or c.figure),
            "notes": "；".join(p.figure_notes(c, words)),
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
