"""Composing the draft: last year's report + this year's metrics and narrative inputs → DraftModel.

Whatever the inputs do not give is carried over: its years move on, its figures take the sheet's new
values, and it is marked for review (``【待核】`` after a figure without a new value, ``【沿用上年，请核改】``
at the end of a carried paragraph).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from reportgen.draft.carry import carried_form, carry_text, shift_years, written_form
from reportgen.draft.metrics import MetricInputs
from reportgen.draft.model import (
    CARRIED_MARK,
    DraftFigure,
    DraftItem,
    DraftModel,
    DraftParagraph,
    DraftPart,
    DraftSection,
    FigureStatus,
    Origin,
    YearShift,
    place_name,
)
from reportgen.draft.narrative import PLACEHOLDER_RE, NarrativeInputs, NewSection
from reportgen.draft.years import shift_index
from reportgen.model import Figure, Part, Report, Section
from reportgen.outline import DATE_RE, cn_ordinal
from reportgen.style import (
    DateNumerals,
    ReportStyle,
    date_text,
    mark,
    marker_level,
    resolved,
    section_marker,
    tail_part_numbers,
)

_SENTENCE_END = "。！？；…”）"
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def report_title(org: str | None, year: int) -> str:
    """The derived title: 常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告."""
    return f"{org or ''}关于{year}年法治政府建设工作情况的报告"


def _sentence(text: str) -> str:
    """User text ends a sentence: add 。 where it stops without one."""
    return text if not text or text.endswith(tuple(_SENTENCE_END)) else text + "。"


def _date_number(text: str) -> int:
    return int(text) if text.isdigit() else cn_ordinal(text)


def moved_date(date: str | None, delta: int, year: int, numerals: DateNumerals = "arabic") -> str:
    """Last year's date line moved on by ``delta`` years, in the office's numerals; end of March if there was none."""
    m = DATE_RE.match(date or "")
    if m is None:
        return f"{year + 1}年3月31日"
    y = m.group("y")
    old_year = int(y) if y.isdigit() else int("".join(_CN_DIGITS[c] for c in y))
    month, day = _date_number(m.group("m")), _date_number(m.group("d"))
    new_year = old_year + delta
    while day > 28:
        try:
            datetime.date(new_year, month, day)
            break
        except ValueError:
            day -= 1  # 2月29日 in a year without one
    return date_text(new_year, month, day, numerals)


class _Composer:
    def __init__(
        self, previous: Report, year: int, previous_year: int, metrics: MetricInputs, narrative: NarrativeInputs
    ) -> None:
        self.previous = previous
        self.year = year
        self.base = previous_year
        self.delta = year - previous_year
        self.values = metrics.values
        self.notes = metrics.notes
        self.narrative = narrative
        self.figures: list[DraftFigure] = []
        self.placed: set[str] = set()
        self.sections_before = 0  # sections of the parts already composed, for numbering that runs on
        self.style: ReportStyle = resolved(previous.style, previous.outline)
        self.by_place: dict[tuple[int | None, int | None], list[Figure]] = {}
        for figure in previous.figures:
            self.by_place.setdefault((figure.part, figure.section), []).append(figure)

    # --- figures -----------------------------------------------------------------------------------------

    def _record(
        self, figure: Figure, written: str, carried: bool, place: tuple[int | None, int | None], where: str
    ) -> None:
        value = None if carried else self.values[figure.id]
        self.figures.append(
            self._draft_figure(figure, "carried" if carried else "updated", value, written, place, where)
        )
        self.placed.add(figure.id)

    def _draft_figure(
        self,
        figure: Figure,
        status: FigureStatus,
        value: Decimal | None,
        written: str,
        place: tuple[int | None, int | None],
        where: str,
    ) -> DraftFigure:
        """Last year's ``figure`` as the draft has it, with the office's note from the sheet."""
        return DraftFigure(
            id=figure.id,
            label=figure.label,
            unit=figure.unit,
            previous=figure.value,
            previous_raw=figure.raw,
            value=value,
            status=status,
            written=written,
            part=place[0],
            section=place[1],
            where=where,
            note=self.notes.get(figure.id, ""),
        )

    def _fill(self, text: str, place: tuple[int | None, int | None], where: str) -> str:
        """New text with each ``{id}`` written as that figure: this year's value, or last year's marked."""

        def replace(m: re.Match[str]) -> str:
            figure = self.previous.figure(m.group("id"))
            if figure is None:  # the narrative check refuses these; keep the text as typed
                return m.group(0)
            carried = figure.id not in self.values
            written = carried_form(figure) if carried else written_form(figure, self.values[figure.id])
            self._record(figure, written, carried, place, where)
            return written

        return PLACEHOLDER_RE.sub(replace, text)

    def _carry(
        self,
        text: str,
        key: tuple[int | None, int | None],
        place: tuple[int | None, int | None],
        where: str,
        split_at: int = 0,
    ) -> tuple[str, int, list[YearShift]]:
        """Last year's ``text`` carried: years moved, figures of ``key`` rewritten and recorded at ``place``.

        Returns the new text, where index ``split_at`` of the old text now is, and the years moved.
        """
        carried, edits = carry_text(
            text,
            self.by_place.get(key, []),
            self.values,
            base_year=self.base,
            delta=self.delta,
            where=where,
            source=self.previous.source,
        )
        for placed in carried.placed:
            self._record(placed.figure, placed.written, placed.carried, place, where)
        return carried.text, shift_index(split_at, edits), carried.years

    # --- paragraphs ----------------------------------------------------------------------------------------

    def preamble(self) -> DraftParagraph:
        if self.narrative.preamble is not None:
            return DraftParagraph(
                self._fill(self.narrative.preamble, (None, None), "前言"), carried=False, where="前言"
            )
        if not self.previous.preamble:
            return DraftParagraph("", carried=False, where="前言")
        text, _, years = self._carry(self.previous.preamble, (None, None), (None, None), "前言")
        return DraftParagraph(text + CARRIED_MARK, carried=True, where="前言", years=years)

    def part(self, part: Part) -> DraftPart:
        title, _ = shift_years(part.title, self.base, self.delta)
        intro = None
        if part.intro:
            where = f"{place_name(part.number, None, title)}（引言）"
            text, _, years = self._carry(part.intro, (part.number, None), (part.number, None), where)
            intro = DraftParagraph(text + CARRIED_MARK, carried=True, where=where, years=years)
        entries: list[Section | NewSection] = []
        for section in part.sections:
            if (part.number, section.number) not in self.narrative.removed:
                entries.append(section)
            entries += [n for n in self.narrative.new_sections if n.part == part.number and n.after == section.number]
        entries += [n for n in self.narrative.new_sections if n.part == part.number and n.after is None]
        sections = [self.section(part.number, number, entry) for number, entry in enumerate(entries, start=1)]
        marker = section_marker(self.style, part.number)
        usual = part.sections[0].heading if part.sections else "run_in"
        for drafted, entry in zip(sections, entries, strict=True):
            drafted.heading = entry.heading if isinstance(entry, Section) else usual
            number = drafted.number + (self.sections_before if self.style.numbering == "continuous" else 0)
            drafted.label = mark(number, marker)
            drafted.part = part.number
            drafted.level = marker_level(marker)
        self.sections_before += len(sections)
        return DraftPart(number=part.number, title=title, sections=sections, intro=intro, previous=part.number)

    def section(self, part: int, number: int, entry: Section | NewSection) -> DraftSection:
        if isinstance(entry, NewSection):
            where = place_name(part, number, entry.title)
            text = _sentence(self._fill(entry.text, (part, number), where))
            return DraftSection(number, entry.title, text, "new", where=where)
        key = (part, entry.number)
        edit = self.narrative.sections.get(key)
        title = edit.title if edit is not None and edit.title else shift_years(entry.title, self.base, self.delta)[0]
        where = place_name(part, number, title)
        years: list[YearShift] = []
        origin: Origin
        if edit is not None and edit.text is not None:
            text = _sentence(self._fill(edit.text, (part, number), where))
            origin = "replaced"
        else:
            body = f"{entry.title}。{entry.text}"
            carried, end, years = self._carry(body, key, (part, number), where, split_at=len(entry.title))
            if edit is None or not edit.title:
                title = carried[:end]
            text = carried[end + 1 :] + CARRIED_MARK
            origin = "carried"
        initiatives = [i.text for i in self.narrative.initiatives if (i.part, i.section) == key]
        for initiative in initiatives:
            text += _sentence(self._fill(initiative, (part, number), where))
        return DraftSection(
            number,
            title,
            text,
            origin,
            where=where,
            previous=entry.number,
            initiatives=initiatives,
            years=years,
        )

    def items(self, kind: str) -> list[DraftItem]:
        given = self.narrative.shortcomings if kind == "shortcomings" else self.narrative.plans
        label = "问题和不足" if kind == "shortcomings" else "下一年度安排"
        marker = (self.style.shortcomings if kind == "shortcomings" else self.style.plans).marker or "{cn}是"
        if given:
            return [
                DraftItem(i, _sentence(text), carried=False, where=f"{label} {mark(i, marker)}", label=mark(i, marker))
                for i, text in enumerate(given, start=1)
            ]
        previous = self.previous.shortcomings if kind == "shortcomings" else self.previous.plans
        items = []
        for i, item in enumerate(previous, start=1):
            text, years = shift_years(item.text, self.base, self.delta)
            where = f"{label} {mark(i, marker)}"
            items.append(
                DraftItem(i, text + CARRIED_MARK, carried=True, where=where, years=years, label=mark(i, marker))
            )
        return items

    def plans_intro(self) -> DraftParagraph:
        where = "下一年度安排（引言）"
        if self.narrative.plans_intro is not None:
            return DraftParagraph(self.narrative.plans_intro, carried=False, where=where)
        if not self.previous.plans_intro:
            return DraftParagraph("", carried=False, where=where)
        text, years = shift_years(self.previous.plans_intro, self.base, self.delta)
        return DraftParagraph(text + CARRIED_MARK, carried=True, where=where, years=years)

    # --- the whole ---------------------------------------------------------------------------------------------

    def compose(self) -> DraftModel:
        previous = self.previous
        preamble = self.preamble()
        parts = [self.part(part) for part in previous.parts]
        shortcomings = self.items("shortcomings")
        shortcomings_intro = self.narrative.shortcomings_intro
        if shortcomings_intro is None:
            shortcomings_intro = shift_years(previous.shortcomings_intro, self.base, self.delta)[0]
        plans_intro = self.plans_intro()
        plans = self.items("plans")
        # A report that is signed without a date (or read out, as to the 人大常委会) gets none in its draft either.
        undated = previous.style.detected and not previous.date
        if self.narrative.date:
            date = self.narrative.date
        elif undated:
            date = ""
        else:
            date = moved_date(previous.date, self.delta, self.year, self.style.date_numerals)
        notes: list[str] = []
        dropped_sections = []
        for part, section in sorted(self.narrative.removed):
            old = previous.section(part, section)
            dropped_sections.append(f"{place_name(part, section, old.title if old else '')}（{self.base}年）")
        for figure in previous.figures:
            if figure.id in self.placed:
                continue
            old_section = previous.section(figure.part, figure.section) if figure.part and figure.section else None
            old_place = place_name(figure.part, figure.section, old_section.title if old_section else "")
            where = f"{old_place}（{previous.year}年）"
            self.figures.append(
                self._draft_figure(
                    figure, "dropped", self.values.get(figure.id), "", (figure.part, figure.section), where
                )
            )
        if not previous.addressee:
            notes.append("上年报告没有主送机关，请补上")
        if undated and not self.narrative.date:
            notes.append("上年报告没有落款日期，草稿也不写；需要时请补上")
        elif not self.narrative.date and not DATE_RE.match(previous.date or ""):
            notes.append(f"上年报告没有落款日期，草稿暂写 {date}")
        org = previous.org or previous.signature
        if previous.title:
            title = shift_years(previous.title, self.base, self.delta)[0]  # the office's own wording
        elif previous.style.detected:
            title = ""  # the office's report has no title line (a copy from a web page, or a speech)
            notes.append("上年报告没有标题，草稿也不写；需要时请补上")
        else:
            title = report_title(org, self.year)
        signature = previous.signature or ("" if previous.style.detected else previous.org or "")
        shortcomings_number, plans_number = tail_part_numbers(
            previous.outline,
            [p.number for p in parts],
            (bool(shortcomings or shortcomings_intro), bool(plans or plans_intro.text)),
            (previous.shortcomings_title, previous.plans_title),
            previous.style.detected,
            self.style,
        )
        return DraftModel(
            year=self.year,
            previous_year=self.base,
            outline=previous.outline,
            title=title,
            addressee=previous.addressee or "",
            preamble=preamble,
            parts=parts,
            shortcomings_intro=shortcomings_intro,
            shortcomings=shortcomings,
            plans_intro=plans_intro,
            plans=plans,
            signature=signature,
            date=date,
            date_carried=self.narrative.date is None,
            previous_date=previous.date or "",
            figures=self.figures,
            dropped_sections=dropped_sections,
            notes=notes,
            previous_shortcomings_title=previous.shortcomings_title,
            previous_plans_title=previous.plans_title,
            style=self.style,
            shortcomings_number=shortcomings_number,
            plans_number=plans_number,
        )


def compose(
    previous: Report,
    year: int,
    *,
    previous_year: int | None = None,
    metrics: MetricInputs | None = None,
    narrative: NarrativeInputs | None = None,
) -> DraftModel:
    """The draft of ``year`` from last year's report and this year's (checked) inputs."""
    base = previous_year if previous_year is not None else previous.year
    if base is None:
        raise ValueError("the previous report's year is unknown")
    composer = _Composer(previous, year, base, metrics or MetricInputs(), narrative or NarrativeInputs())
    return composer.compose()
