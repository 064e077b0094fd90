"""Segmentation: normalised report text → outline (title, addressee, parts, shortcomings, plans, signature)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from reportgen.errors import StructureError
from reportgen.i18n import _
from reportgen.model import Item, Part, Section
from reportgen.outline import (
    DATE_RE,
    PART_RE,
    RUN_IN_RE,
    SECTION_PATTERNS,
    SECTION_RE,
    OutlineKind,
    cn_ordinal,
)

_DEBRIS_RE = re.compile(
    r"^(?:文章来源|来源|信息来源|发布时间|更新时间|发布日期|浏览次数|访问量|点击数|作者|责任编辑|编辑|字号|【字体|"
    r"分享到|打印|关闭|打印本页|关闭窗口|当前位置|您当前的位置|首页|索引号|发布机构|主题分类|文号|生成日期|"
    r"扫一扫|相关链接|附件)"
)
_TITLE_RE = re.compile(r"(?:报告|情况)(?:（[^）]*）)?$")
_SHORTCOMING_WORDS = ("不足", "短板", "差距", "薄弱环节")
_PLAN_RE = re.compile(r"我们将|下一步|下一年度|新的一年|明年|\d{4}年，?(?:我们|我区|全区|区政府|市政府|县政府)?将")
_PLAN_TITLE_RE = re.compile(r"下一年度|下一步|安排|打算|计划|思路|展望")
_SIGNATURE_MAX = 30

Mode = Literal["preamble", "parts", "shortcomings", "plans"]


@dataclass
class Outline:
    """The segmented text, before figures and initiatives are extracted."""

    title: str | None
    addressee: str | None
    preamble: str
    parts: list[Part]
    shortcomings_intro: str
    shortcomings: list[Item]
    plans_intro: str
    plans: list[Item]
    signature: str | None
    date: str | None
    outline: OutlineKind
    org: str | None = None
    year: int | None = None
    shortcomings_title: str | None = None
    plans_title: str | None = None
    _lines: dict[str, list[str]] = field(default_factory=dict)


def _is_heading_line(text: str) -> bool:
    # A heading line carries no sentence: no full stop before its end.
    return "。" not in text.rstrip("。") and len(text) <= 60


def _is_addressee(line: str) -> bool:
    return line.endswith("：") and len(line) <= _SIGNATURE_MAX and "。" not in line and not PART_RE.match(line)


def _is_title(line: str) -> bool:
    return (
        _TITLE_RE.search(line) is not None
        and "。" not in line
        and not _is_addressee(line)
        and not PART_RE.match(line)
        and not SECTION_RE.match(line)
    )


def _strip_debris(lines: list[str]) -> list[str]:
    lines = [line for line in lines if not _DEBRIS_RE.match(line)]
    start = 0
    for i, line in enumerate(lines[:40]):
        if _is_addressee(line) or ("法治" in line and _is_title(line)):
            # The title sits right before the addressee; anything earlier is page furniture.
            start = i
            break
    else:
        for i, line in enumerate(lines):
            if "。" in line or PART_RE.match(line):
                start = i
                break
    end = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if DATE_RE.match(lines[i]):
            end = i + 1
            break
    return lines[start:end]


def _split_run_in(text: str) -> tuple[str, list[Item]]:
    """Split 一是…二是… (possibly across lines) into an intro and numbered items."""
    matches = list(RUN_IN_RE.finditer(text))
    # Only a run that counts up from 一 is a list; 一是 inside a sentence elsewhere is not.
    run: list[re.Match[str]] = []
    for m in matches:
        if cn_ordinal(m.group("num")) == len(run) + 1:
            run.append(m)
    if not run:
        return text.strip(), []
    intro = text[: run[0].start()].strip()
    items = []
    for i, m in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        items.append(Item(number=i + 1, text=text[m.end() : end].strip()))
    return intro, items


def _split_items(lines: list[str]) -> tuple[str, list[Item]]:
    """Items of a shortcomings or plans block, whichever numbering it uses."""
    for pattern in SECTION_PATTERNS:
        if sum(1 for line in lines if pattern.match(line)) >= 2:
            intro_lines: list[str] = []
            items: list[Item] = []
            for line in lines:
                m = pattern.match(line)
                if m:
                    items.append(Item(number=len(items) + 1, text=m.group("rest").strip()))
                elif items:
                    items[-1].text += "\n" + line
                else:
                    intro_lines.append(line)
            return "\n".join(intro_lines), items
    return _split_run_in("\n".join(lines))


def _section_patterns(lines: list[str]) -> list[re.Pattern[str] | None]:
    """For each line, the second-level pattern of the part it stands in (None where the part has none)."""
    out: list[re.Pattern[str] | None] = [None] * len(lines)
    starts = [i for i, line in enumerate(lines) if (m := PART_RE.match(line)) and _is_heading_line(m.group("rest"))]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        span = lines[start + 1 : end]
        chosen = next((p for p in SECTION_PATTERNS if any(p.match(line) for line in span)), None)
        out[start:end] = [chosen] * (end - start)
    return out


def _section_from(num: str, rest: str, number: int | None = None) -> Section:
    if number is None:
        number = int(num) if num.isdigit() else cn_ordinal(num)
    stop = rest.find("。")
    if stop != -1 and stop <= 40:
        return Section(number=number, title=rest[:stop], text=rest[stop + 1 :].strip())
    if stop == -1 and len(rest) <= 40:
        return Section(number=number, title=rest, text="")
    return Section(number=number, title="", text=rest)


def _part_kind(title: str) -> Literal["measures", "shortcomings", "plans"]:
    if any(word in title for word in _SHORTCOMING_WORDS) or "存在的问题" in title:
        return "shortcomings"
    if _PLAN_TITLE_RE.search(title) and "举措" not in title and "成效" not in title:
        return "plans"
    return "measures"


def _starts_shortcomings(line: str, next_line: str) -> bool:
    # 问题 alone is everyday work (针对发现的问题：…); the shortcomings say 存在…问题.
    if not any(word in line for word in _SHORTCOMING_WORDS) and not ("问题" in line and "存在" in line):
        return False
    return "一是" in line or line.endswith("：") or next_line.startswith("一是")


def _starts_plans(line: str, next_line: str, mode: Mode) -> bool:
    if not _PLAN_RE.search(line):
        return False
    return mode == "shortcomings" or next_line.startswith("一是") or "一是" in line


def segment(text: str) -> Outline:
    """Split normalised report text into its outline. Raises StructureError when there is none."""
    lines = _strip_debris([line for line in text.split("\n") if line.strip()])
    if not lines:
        raise StructureError(_("no report structure found: the text is empty"))

    date = signature = None
    if DATE_RE.match(lines[-1]):
        date = lines.pop()
        if lines and len(lines[-1]) <= _SIGNATURE_MAX and "。" not in lines[-1] and not _is_addressee(lines[-1]):
            signature = lines.pop()

    title = addressee = None
    if lines and _is_title(lines[0]):
        title = lines.pop(0)
    if lines and _is_addressee(lines[0]):
        addressee = lines.pop(0)

    mode: Mode = "preamble"
    preamble: list[str] = []
    parts: list[Part] = []
    blocks: dict[str, list[str]] = {"shortcomings": [], "plans": []}
    block_titles: dict[str, str | None] = {"shortcomings": None, "plans": None}
    outline: OutlineKind = "thematic"
    current_section: Section | None = None
    section_patterns = _section_patterns(lines)
    # Where the shortcomings and plans have 一、 headings of their own, only those headings open them.
    headed = {
        _part_kind(m.group("rest"))
        for line in lines
        if (m := PART_RE.match(line)) and _is_heading_line(m.group("rest"))
    }

    for i, line in enumerate(lines):
        next_line = lines[i + 1] if i + 1 < len(lines) else ""
        part_m = PART_RE.match(line)
        if part_m and _is_heading_line(part_m.group("rest")):
            heading = part_m.group("rest").rstrip("。")
            kind = _part_kind(heading)
            if kind == "measures":
                mode = "parts"
                parts.append(Part(number=cn_ordinal(part_m.group("num")), title=heading))
                current_section = None
            else:
                mode = kind
                block_titles[kind] = heading
                outline = "statutory"
            continue
        if (
            mode in ("preamble", "parts")
            and "shortcomings" not in headed
            and _starts_shortcomings(line, next_line)
            and parts
        ):
            mode = "shortcomings"
        elif (
            mode in ("parts", "shortcomings")
            and not ("plans" in headed and mode == "parts")
            and _starts_plans(line, next_line, mode)
            and parts
        ):
            if block_titles["plans"] is None and not (mode == "shortcomings" and not blocks["shortcomings"]):
                mode = "plans"
        if mode == "preamble":
            preamble.append(line)
        elif mode == "parts":
            part = parts[-1]
            pattern = section_patterns[i]
            sec_m = pattern.match(line) if pattern is not None else None
            if sec_m:
                # 1. and （1） may run on across parts (3. opens the second part): sections count from 1 in each.
                number = None if pattern is SECTION_RE else len(part.sections) + 1
                current_section = _section_from(sec_m.group("num"), sec_m.group("rest"), number)
                part.sections.append(current_section)
            elif current_section is not None:
                current_section.text = f"{current_section.text}\n{line}".strip()
            else:
                part.intro = f"{part.intro}\n{line}".strip()
        else:
            blocks[mode].append(line)

    if not parts and not blocks["shortcomings"]:
        raise StructureError(
            _("no report structure found: no 一、 parts and no 问题和不足"),
            hint=_("is this a 法治政府建设 annual report?"),
        )
    if any("主要举措" in p.title or "成效" in p.title for p in parts):
        outline = "statutory"
    shortcomings_intro, shortcomings = _split_items(blocks["shortcomings"])
    plans_intro, plans = _split_items(blocks["plans"])
    return Outline(
        title=title,
        addressee=addressee,
        preamble="\n".join(preamble),
        parts=parts,
        shortcomings_intro=shortcomings_intro,
        shortcomings=shortcomings,
        plans_intro=plans_intro,
        plans=plans,
        signature=signature,
        date=date,
        outline=outline,
        shortcomings_title=block_titles["shortcomings"],
        plans_title=block_titles["plans"],
    )
