"""Initiative extraction: quoted brands and campaigns, 《》 documents and what was done to them, platforms.

Every name gets a kind, so media, national laws, higher-level plans and plain slogans are told apart from the
district's own initiatives. National and provincial campaigns, reforms and slogans (宪法进万家, 放管服, 首违不罚)
are data, not code: ``cited_names.yaml`` beside this module, kind ``national``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from reportgen.model import Initiative, InitiativeKind

MEDIA = (
    "学习强国", "人民日报", "法治日报", "法制日报", "光明日报", "新华日报", "江苏法治报", "新华社", "中国日报",
    "经济日报", "中国青年报", "央视", "中央电视台", "新华网", "人民网", "交汇点", "学习时报", "紫牛新闻",
    "常州日报", "武进日报", "现代快报", "扬子晚报", "今日头条", "江苏卫视",
)  # fmt: skip
_MEDIA_SUFFIX_RE = re.compile(r"(?:日报|晚报|法治报|法制报|时报|周刊|杂志|电视台|广播电台|新闻网|客户端)$")
_DOC_ACTIONS = ("制定", "出台", "印发", "编制", "修订", "发布", "起草", "推出", "形成", "汇编", "建立")
_CITE_ACTIONS = (
    "落实",
    "贯彻",
    "学习",
    "执行",
    "宣传",
    "推动",
    "实施",
    "对照",
    "依据",
    "根据",
    "按照",
    "遵照",
)
_HIGHER_MARKERS = (
    "中共中央",
    "国务院",
    "中央",
    "全国",
    "国家",
    "省委",
    "省政府",
    "江苏省",
    "市委",
    "市政府",
    "部",
)
_KIND_AFTER: tuple[tuple[tuple[str, ...], InitiativeKind], ...] = (
    (("品牌", "名片", "特色品牌"), "brand"),
    (("活动", "行动", "专项", "工程", "计划", "攻坚", "竞赛", "宣讲"), "campaign"),
    (("平台", "系统", "中心", "小程序", "热线", "窗口", "专栏", "APP"), "platform"),
    (("工作室", "工作站", "服务团", "智囊团", "讲师团", "领学团", "联盟", "服务队", "团队", "阵地", "基地"),
     "organisation"),
    (("举措", "模式", "机制", "制度"), "brand"),
)  # fmt: skip
_UNQUOTED_ORG_RE = re.compile(
    r"(?:成立|设立|组建|建立|建成|打造|建设|上线|新增)"
    r"(?P<name>[\u4e00-\u9fffA-Za-z]{2,16}?(?:工作室|工作站|服务团|智囊团|讲师团|调解委员会|联系点|平台|系统))"
)


_NAME_NOISE_RE = re.compile(r"[\s“”‘’\"'《》「」『』、·•・+＋]")


def compact_name(text: str) -> str:
    """The text without spaces, quotation marks and the punctuation inside names: how a name is looked up
    (“双随机、一公开” = 双随机一公开, “信用+风险” = 信用风险)."""
    return _NAME_NOISE_RE.sub("", text)


@cache
def cited_names() -> frozenset[str]:
    """The names in ``cited_names.yaml``, compacted: campaigns, reforms and slogans set from above."""
    text = files("reportgen").joinpath("cited_names.yaml").read_text(encoding="utf-8")
    # libyaml when PyYAML has it: its pure-Python parser took ~15 ms of every draft for this file.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return frozenset(compact_name(str(name)) for names in data.values() for name in names or ())


def is_cited(name: str) -> bool:
    """True when ``name`` is a higher-level campaign, reform or slogan, not the office's own."""
    return compact_name(name) in cited_names()


@dataclass(frozen=True)
class InitiativeMatch:
    """One initiative found in a piece of text, with its span."""

    start: int
    end: int
    name: str
    kind: InitiativeKind
    action: str | None


def _kind_of_book_title(name: str, before: str, org_hints: tuple[str, ...]) -> tuple[InitiativeKind, str | None]:
    action = next((a for a in _DOC_ACTIONS if before.endswith(a)), None)
    cited = next((a for a in _CITE_ACTIONS if before.endswith(a)), None)
    if name in MEDIA or _MEDIA_SUFFIX_RE.search(name):
        return "media", None
    # 办法 ends in 法 but is a measure; what the office itself 制定/出台 is its own document, not a cited law.
    if name.startswith("中华人民共和国") or (
        re.search(r"(?:(?<!办)法|条例|规定|规则|法典)(?:（[^）]*）)?$", name)
        and not any(hint in name for hint in org_hints)
        and not action
    ):
        return "law", cited
    if any(hint in name for hint in org_hints) or action:
        return "document", action or cited
    if any(name.startswith(m) for m in _HIGHER_MARKERS) or "（20" in name or cited:
        return "higher_plan", cited
    return "document", None


def _kind_of_quote(name: str, after: str) -> InitiativeKind:
    if name in MEDIA:
        return "media"
    if is_cited(name):
        return "national"
    # Chains such as “A”“B”“C”等…行动 take the kind of the word that closes the chain.
    tail = re.sub(r"^(?:[“”][^“”]*[“”]|、|和|及|等)*", "", after)
    tail = re.split(r"[，。；：、]", tail, maxsplit=1)[0][:14]
    best: tuple[int, InitiativeKind] | None = None
    for words, kind in _KIND_AFTER:
        for word in words:
            pos = tail.find(word)
            if pos != -1 and (best is None or pos < best[0]):
                best = (pos, kind)
    if best is not None:
        return best[1]
    if name.endswith(("平台", "系统", "中心")):
        return "platform"
    if name.endswith(("工作室", "工作站", "团", "服务队")):
        return "organisation"
    return "term"


def find_initiatives(text: str, org_hints: tuple[str, ...] = ()) -> list[InitiativeMatch]:
    """Every initiative-like name in ``text``, in order of appearance, each with its kind."""
    found: list[InitiativeMatch] = []
    for m in re.finditer(r"《([^《》]{2,80})》", text):
        before = text[max(0, m.start() - 4) : m.start()]
        kind, action = _kind_of_book_title(m.group(1), before, org_hints)
        found.append(InitiativeMatch(m.start(), m.end(), m.group(1), kind, action))
    for m in re.finditer(r"“([^“”]{1,40})”", text):
        name = m.group(1)
        if re.fullmatch(r"[\d\s]+", name):
            continue  # “12345”, “532”: a hotline or a strategy number, not an initiative
        kind = _kind_of_quote(name, text[m.end() : m.end() + 80])
        found.append(InitiativeMatch(m.start(), m.end(), name, kind, None))
    quoted = [(i.start, i.end) for i in found]
    for m in _UNQUOTED_ORG_RE.finditer(text):
        start, end = m.start("name"), m.end("name")
        if any(a <= start < b or a < end <= b for a, b in quoted):
            continue
        name = m.group("name")
        found.append(
            InitiativeMatch(start, end, name, "platform" if name.endswith(("平台", "系统")) else "organisation", None)
        )
    found.sort(key=lambda i: i.start)
    return found


def initiatives_in(
    text: str, part: int | None, section: int | None, org_hints: tuple[str, ...] = ()
) -> list[Initiative]:
    """Initiatives of one located piece of text."""
    return [
        Initiative(name=m.name, kind=m.kind, part=part, section=section, action=m.action)
        for m in find_initiatives(text, org_hints)
    ]
