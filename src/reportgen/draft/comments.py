"""The review list as Word comments in the draft: one on every 【待核】 figure and every carried-over paragraph.

Office staff work through a draft in Word or WPS, not in a Markdown file, so each place to check carries a
comment saying last year's value and which row of the metrics sheet to fill (figures), or what to rewrite
(paragraphs). The comments are in Chinese whatever the interface language: they are part of the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document

from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK, DraftFigure, DraftModel
from reportgen.draft.review import years_moved
from reportgen.word_comments import WordComments, run_text
from reportgen.wordml import w

AUTHOR = "reportgen"
INITIALS = "RG"
_PROBE_CHARS = 16
"""How much of a carried paragraph's text identifies it in the document."""


@dataclass(frozen=True)
class ReviewComment:
    """One comment: its text, and whether it is on a figure or on a paragraph."""

    kind: str
    text: str


def figure_comment(figure: DraftFigure, row: int | None, sheet: str) -> str:
    """What a reviewer reads on a carried figure: last year's value, where to fill in this year's."""
    where = f"第{row}行（编号 {figure.id}）" if row is not None else f"编号 {figure.id} 所在行"
    lines = [
        f"待核：{figure.label}，上年为{figure.previous_raw}，今年数值尚未填写，暂沿用上年。",
        f"请在数据表 {sheet} {where}的“今年数 value”列填写今年数值后重新生成；或在此直接改写并删去【待核】。",
    ]
    if figure.note:
        lines.append(f"备注：{figure.note}")
    return "\n".join(lines)


def paragraph_comment(where: str, shifts: str) -> str:
    """What a reviewer reads on a paragraph carried over from last year."""
    return (
        f"本段照抄上年文字{shifts}，位置：{where}。请改写为今年的工作，改好后删去【沿用上年，请核改】；"
        "也可在数据表“文字 narrative”工作表中按位置填写新文字后重新生成。"
    )


def _plain(text: str) -> str:
    return text.replace(FIGURE_MARK, "").replace(CARRIED_MARK, "")


def add_review_comments(document: Document, model: DraftModel, *, sheet: str) -> list[ReviewComment]:
    """Anchor a comment on every 【待核】 figure and every 【沿用上年，请核改】 paragraph of ``document``.

    Figures and paragraphs are matched to the draft model by their text, in document order; a mark that
    matches nothing still gets a comment, so no place to check goes without one.
    """
    rows = {f.id: row for row, f in enumerate(model.figures, start=2)}
    carried = model.figures_with("carried")
    units = model.carried_paragraphs()
    used_units: set[int] = set()
    next_figure = 0
    added: list[ReviewComment] = []
    comments = WordComments(document, author=AUTHOR, initials=INITIALS)
    for paragraph in document.element.body.iterchildren(w("p")):
        runs = list(paragraph.iterchildren(w("r")))
        texts = [run_text(run) for run in runs]
        whole = "".join(texts)  # the layout writes no hyperlinks: a paragraph's text is its runs'

        if FIGURE_MARK not in whole and CARRIED_MARK not in whole:
            continue
        for run, shown_in_run in zip(runs, texts, strict=True):
            if FIGURE_MARK not in shown_in_run:
                continue
            before = shown_in_run.split(FIGURE_MARK, 1)[0]
            found = None
            for index in range(next_figure, len(carried)):
                shown = _plain(carried[index].written)
                if before and (shown.endswith(before) or before.endswith(shown)):
                    found, next_figure = carried[index], index + 1
                    break
            if found is not None:
                text = figure_comment(found, rows.get(found.id), sheet)
            else:
                text = f"待核：{before or '此处'}为沿用上年的数值，请核实后改写并删去【待核】。"
            comments.around(text.split("\n"), run, run)
            added.append(ReviewComment("figure", text))
        marks = whole.count(CARRIED_MARK)
        if not runs or not marks:
            continue
        plain = _plain(whole)
        # A paragraph can hold several carried items (一是…二是… run in): one comment for each mark.
        mark_runs = [
            run for run, shown_in_run in zip(runs, texts, strict=True) for _ in range(shown_in_run.count(CARRIED_MARK))
        ]
        for k in range(marks):
            unit_index = next(
                (
                    i
                    for i, unit in enumerate(units)
                    if i not in used_units and _plain(unit.text)[:_PROBE_CHARS] in plain
                ),
                None,
            )
            if unit_index is not None:
                used_units.add(unit_index)
                unit = units[unit_index]
                text = paragraph_comment(unit.where, years_moved([(y.old, y.new) for y in unit.years]))
            else:
                text = paragraph_comment("本段", "")
            anchor = [runs[0], runs[-1]] if marks == 1 else [mark_runs[k]] if k < len(mark_runs) else [runs[-1]]
            comments.around(text.split("\n"), anchor[0], anchor[-1])
            added.append(ReviewComment("paragraph", text))
    return added
