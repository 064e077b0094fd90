"""Narrative inputs: the words of this year's report that are not figures.

They come as a YAML file (``--narrative``), as the ``narrative`` sheet of the metrics workbook, or both.
Everything is optional; whatever is not given is carried over from last year and marked for review.
Sections are named by last year's numbering (``"2.3"``, ``二（三）``, ``二、（三） 推进数字法治政府建设``) or by
their title. New text may name a figure of last year's report as ``{id}``; it is written with this year's
value from the metrics sheet (or last year's, marked 【待核】).

YAML form (every key optional)::

    year: 2024
    preamble: 2024年，钟楼区……现将主要工作汇报如下：
    sections:                        # new text (and optionally title) for last year's sections
      "2.3":
        title: 推进数字法治政府建设
        text: 依托“钟迹”平台……
      "5.2": 共受理行政复议案件{review.cases_accepted}，……   # short form: the text only
    new_sections:
      - part: 2                      # at the end of part 2; or after: "2.1" to insert after a section
        title: 深化企业合规改革
        text: ……
    remove_sections: ["1.3"]
    initiatives:                     # new initiatives, added to the end of a section
      - section: "2.2"
        text: 打造“法治体检”服务品牌……。
    shortcomings_intro: 在充分肯定成绩的同时，……：
    shortcomings: [……, ……]           # this year's shortcomings; they replace last year's
    plans_intro: 2025年，我们将……
    plans: [……, ……]                  # next year's plans; they replace last year's
    date: 2025年3月6日
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.draft.problems import Problem, did_you_mean, raise_problems
from reportgen.i18n import _
from reportgen.lazy_re import lazy
from reportgen.model import Report
from reportgen.normalize import normalize_line
from reportgen.outline import CN_NUM, CN_ORDINAL, cn_ordinal

NARRATIVE_SCHEMA = "reportgen.narrative/1"
SCALAR_KEYS = ("preamble", "shortcomings_intro", "plans_intro", "date")
LIST_KEYS = ("new_sections", "remove_sections", "initiatives", "shortcomings", "plans")
KEYS = ("schema", "year", *SCALAR_KEYS, "sections", *LIST_KEYS)

# The kinds of row in the narrative sheet, with the Chinese names the office may type instead.
SHEET_KINDS: dict[str, str] = {
    "preamble": "preamble",
    "前言": "preamble",
    "section": "section",
    "改写": "section",
    "new_section": "new_section",
    "新增": "new_section",
    "remove_section": "remove_section",
    "删除": "remove_section",
    "initiative": "initiative",
    "新举措": "initiative",
    "shortcomings_intro": "shortcomings_intro",
    "shortcoming": "shortcoming",
    "问题": "shortcoming",
    "plans_intro": "plans_intro",
    "plan": "plan",
    "计划": "plan",
    "date": "date",
    "日期": "date",
}
SHEET_COLUMNS = ("kind", "where", "title", "text")

PLACEHOLDER_RE = lazy(r"\{(?P<id>[A-Za-z0-9_.\-]+)\}")
_REF_ARABIC = lazy(r"^(?P<part>\d{1,2})\s*[.．]\s*(?P<section>\d{1,2})$")
_REF_CN = lazy(rf"^(?P<part>{CN_ORDINAL})、?\s*[（(](?P<section>{CN_ORDINAL})[）)]\s*(?P<title>.*)$")
_PART_REF = lazy(rf"^(?:(?P<arabic>\d{{1,2}})|(?P<cn>{CN_ORDINAL}))(?:、.*)?$")
_ITEM_NUMBER = lazy(rf"^(?:[{CN_NUM}]+是|[（(][{CN_NUM}\d]+[）)]|\d{{1,2}}[.．、](?!\d))\s*")
_DATE_FORMS = (
    lazy(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$"),
    lazy(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
)


@dataclass(frozen=True)
class Origin:
    """Where an input came from: the file and the place in it."""

    path: Path
    where: str


@dataclass
class SectionEdit:
    """New text and/or title for one of last year's sections."""

    part: int
    section: int
    title: str | None
    text: str | None
    origin: Origin


@dataclass
class NewSection:
    """A section that last year's report did not have: in ``part``, after last year's ``after`` (or last)."""

    part: int
    after: int | None
    title: str
    text: str
    origin: Origin


@dataclass
class NewInitiative:
    """A sentence on a new initiative, added at the end of one of last year's sections."""

    part: int
    section: int
    text: str
    origin: Origin


@dataclass
class NarrativeInputs:
    """All narrative inputs, checked against last year's report. Empty means: carry everything over."""

    preamble: str | None = None
    sections: dict[tuple[int, int], SectionEdit] = field(default_factory=dict)
    new_sections: list[NewSection] = field(default_factory=list)
    removed: dict[tuple[int, int], Origin] = field(default_factory=dict)
    initiatives: list[NewInitiative] = field(default_factory=list)
    shortcomings_intro: str | None = None
    shortcomings: list[str] = field(default_factory=list)
    plans_intro: str | None = None
    plans: list[str] = field(default_factory=list)
    date: str | None = None
    sources: list[Path] = field(default_factory=list)


def clean_text(text: str) -> str:
    """User text in the report's canonical form: full-width punctuation, one paragraph per line."""
    lines = (normalize_line(line) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def clean_item(text: str) -> str:
    """A shortcoming or plan without the 一是 / （一） / 1. the template writes itself."""
    return _ITEM_NUMBER.sub("", clean_text(text), count=1)


def canonical_date(text: str) -> str | None:
    """``2025年3月6日`` from that form or ISO ``2025-03-06``; None if it is not a real date."""
    value = text.strip()
    for pattern in _DATE_FORMS:
        m = pattern.match(value)
        if m:
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            try:
                datetime.date(y, mo, d)
            except ValueError:
                return None
            return f"{y}年{mo}月{d}日"
    return None


class NarrativeBuilder:
    """Collects narrative inputs from one or more sources, then checks them all against last year's report."""

    def __init__(self, previous: Report, year: int) -> None:
        self.previous = previous
        self.year = year
        self.inputs = NarrativeInputs()
        self.problems: list[Problem] = []
        self._scalar_origins: dict[str, Origin] = {}
        self._figure_ids = {f.id for f in previous.figures}
        self._item_origins: dict[str, list[Origin]] = {"shortcomings": [], "plans": []}

    # --- references ------------------------------------------------------------------------------------

    def problem(self, origin: Origin, message: str) -> None:
        self.problems.append(Problem(origin.path, origin.where, message))

    def section_ref(self, ref: str, origin: Origin) -> tuple[int, int] | None:
        """Last year's (part, section) named by ``ref``, or None after recording a problem."""
        text = normalize_line(ref).strip()
        m = _REF_ARABIC.match(text)
        key: tuple[int, int] | None = None
        if m:
            key = (int(m.group("part")), int(m.group("section")))
        elif m := _REF_CN.match(text):
            key = (cn_ordinal(m.group("part")), cn_ordinal(m.group("section")))
        else:
            title = text.rstrip("。")
            for part in self.previous.parts:
                for section in part.sections:
                    if section.title and section.title == title:
                        key = (part.number, section.number)
        if key is not None and self.previous.section(*key) is not None:
            return key
        names = [f"{p.number}.{s.number}" for p in self.previous.parts for s in p.sections]
        self.problem(
            origin,
            _("no section {ref} in the {year} report (sections are {names}…{names2}, or a section title)").format(
                ref=repr(ref), year=self.previous.year, names=names[0], names2=names[-1]
            )
            if names
            else _("no section {ref}: the {year} report has no sections").format(
                ref=repr(ref), year=self.previous.year
            ),
        )
        return None

    def part_ref(self, ref: str, origin: Origin) -> int | None:
        """Last year's part number named by ``ref`` (``2``, ``二``, ``二、…`` or its title)."""
        text = normalize_line(ref).strip()
        number: int | None = None
        m = _PART_REF.match(text)
        if m:
            number = int(m.group("arabic")) if m.group("arabic") else cn_ordinal(m.group("cn"))
        else:
            number = next((p.number for p in self.previous.parts if p.title == text), None)
        if number is not None and any(p.number == number for p in self.previous.parts):
            return number
        self.problem(
            origin,
            _("no part {ref} in the {year} report (parts 1–{count})").format(
                ref=repr(ref), year=self.previous.year, count=len(self.previous.parts)
            ),
        )
        return None

    # --- adding inputs ---------------------------------------------------------------------------------

    def set_scalar(self, key: str, value: str, origin: Origin) -> None:
        """preamble, shortcomings_intro, plans_intro or date; given twice is an error."""
        if key in self._scalar_origins:
            first = self._scalar_origins[key]
            self.problem(
                origin,
                _("{key} is already given at {name}:{where}").format(key=key, name=first.path.name, where=first.where),
            )
            return
        self._scalar_origins[key] = origin
        if key == "date":
            date = canonical_date(value)
            if date is None:
                self.problem(
                    origin, _("{value} is not a date like {year}年3月6日").format(value=repr(value), year=self.year + 1)
                )
                return
            self.inputs.date = date
            return
        text = clean_text(value)
        if not text:
            self.problem(origin, _("{key} is empty").format(key=key))
            return
        setattr(self.inputs, key, text)

    def replace_section(self, ref: str, title: str | None, text: str | None, origin: Origin) -> None:
        key = self.section_ref(ref, origin)
        if key is None:
            return
        if key in self.inputs.sections:
            first = self.inputs.sections[key].origin
            self.problem(
                origin,
                _("section {ref} is already given at {name}:{where}").format(
                    ref=ref, name=first.path.name, where=first.where
                ),
            )
            return
        new_title = clean_text(title).rstrip("。") if title else None
        new_text = clean_text(text) if text else None
        if not new_title and not new_text:
            self.problem(origin, _("section {ref} has neither text nor title").format(ref=ref))
            return
        self.inputs.sections[key] = SectionEdit(key[0], key[1], new_title or None, new_text or None, origin)

    def add_section(self, part: str | None, after: str | None, title: str, text: str, origin: Origin) -> None:
        if (part is None) == (after is None):
            self.problem(origin, _("a new section needs either part (added at its end) or after (a section)"))
            return
        if after is not None:
            key = self.section_ref(after, origin)
            if key is None:
                return
            part_number, after_number = key
        else:
            assert part is not None
            found = self.part_ref(part, origin)
            if found is None:
                return
            part_number, after_number = found, None
        clean_title = clean_text(title).rstrip("。")
        clean_body = clean_text(text)
        if not clean_title or not clean_body:
            self.problem(origin, _("a new section needs a title and a text"))
            return
        self.inputs.new_sections.append(NewSection(part_number, after_number, clean_title, clean_body, origin))

    def remove_section(self, ref: str, origin: Origin) -> None:
        key = self.section_ref(ref, origin)
        if key is not None:
            self.inputs.removed.setdefault(key, origin)

    def add_initiative(self, ref: str, text: str, origin: Origin) -> None:
        key = self.section_ref(ref, origin)
        if key is None:
            return
        body = clean_text(text)
        if not body:
            self.problem(origin, _("the initiative has no text"))
            return
        self.inputs.initiatives.append(NewInitiative(key[0], key[1], body, origin))

    def add_item(self, kind: str, text: str, origin: Origin) -> None:
        body = clean_item(text)
        if not body:
            self.problem(origin, _("empty {kind}").format(kind=kind))
            return
        (self.inputs.shortcomings if kind == "shortcoming" else self.inputs.plans).append(body)
        self._item_origins[f"{kind}s"].append(origin)

    # --- the whole -------------------------------------------------------------------------------------

    def build(self) -> NarrativeInputs:
        """The checked inputs; raises SheetError listing every problem found."""
        self._check_structure()
        self._check_placeholders()
        raise_problems(self.problems)
        return self.inputs

    def _check_structure(self) -> None:
        inputs = self.inputs
        for key, origin in inputs.removed.items():
            if key in inputs.sections:
                self.problem(
                    origin, _("section {key}.{key2} is both removed and given new text").format(key=key[0], key2=key[1])
                )
        for initiative in inputs.initiatives:
            if (initiative.part, initiative.section) in inputs.removed:
                self.problem(
                    initiative.origin,
                    _("section {part}.{section} is removed; add it elsewhere").format(
                        part=initiative.part, section=initiative.section
                    ),
                )
        for part in self.previous.parts:
            kept = [s for s in part.sections if (part.number, s.number) not in inputs.removed]
            added = [n for n in inputs.new_sections if n.part == part.number]
            if part.sections and not kept and not added:
                origin = next(o for k, o in inputs.removed.items() if k[0] == part.number)
                self.problem(
                    origin, _("removing every section of part {number} leaves it empty").format(number=part.number)
                )

    def _texts(self) -> list[tuple[str, Origin]]:
        inputs = self.inputs
        texts: list[tuple[str, Origin]] = []
        for key in ("preamble", "plans_intro", "shortcomings_intro"):
            value = getattr(inputs, key)
            if value:
                texts.append((value, self._scalar_origins[key]))
        texts += [(s.text, s.origin) for s in inputs.sections.values() if s.text]
        texts += [(n.text, n.origin) for n in inputs.new_sections]
        texts += [(i.text, i.origin) for i in inputs.initiatives]
        return texts

    def _check_placeholders(self) -> None:
        """``{id}`` must name a figure of last year whose own text is replaced or removed, once."""
        inputs = self.inputs
        for kind, items in (("shortcomings", inputs.shortcomings), ("plans", inputs.plans)):
            for i, item in enumerate(items, start=1):
                if PLACEHOLDER_RE.search(item):
                    self.problem(
                        self._item_origins[kind][i - 1],
                        _("figures such as {{id}} belong in sections, not in {kind}").format(kind=kind),
                    )
        used: dict[str, Origin] = {}
        for text, origin in self._texts():
            for m in PLACEHOLDER_RE.finditer(text):
                figure_id = m.group("id")
                figure = self.previous.figure(figure_id)
                if figure is None:
                    self.problem(
                        origin,
                        _("unknown figure {{{figure_id}}}{suggestion}").format(
                            figure_id=figure_id, suggestion=did_you_mean(figure_id, self._figure_ids)
                        ),
                    )
                    continue
                if figure_id in used:
                    first = used[figure_id]
                    self.problem(
                        origin,
                        _("figure {{{figure_id}}} is already placed at {name}:{where}").format(
                            figure_id=figure_id, name=first.path.name, where=first.where
                        ),
                    )
                    continue
                used[figure_id] = origin
                if figure.part is None:
                    home_replaced = inputs.preamble is not None
                elif figure.section is None:
                    home_replaced = False
                else:
                    home = (figure.part, figure.section)
                    edit = inputs.sections.get(home)
                    home_replaced = home in inputs.removed or (edit is not None and edit.text is not None)
                if not home_replaced:
                    self.problem(
                        origin,
                        _(
                            "figure {{{figure_id}}} is still in the carried text of its own section {part}.{section}; "
                            "give that section new text or remove it first"
                        ).format(figure_id=figure_id, part=figure.part, section=figure.section),
                    )
