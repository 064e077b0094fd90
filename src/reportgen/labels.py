"""Figure labels: the words that say what a figure counts, as rows of the metrics sheet and keys of diff/trend.

The counted thing is often the noun after the measure word (实现174个**电子证照跨部门调用**), otherwise the clause
before the number (受理**行政复议案件**122件). A label is never empty, never a lone verb or preposition (实现, 对,
就), and never cut in the middle of a word.
"""

from __future__ import annotations

import re

from reportgen.lazy_re import lazy

LABEL_MAX = 24
# Where a label cannot stop: it is cut after one of these, or not at all.
_CUT_AFTER = "、等和及与的中"
_LABEL_DELIMS = "，。；：！？,;:!?（）()\n"
_LEADING_NOISE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十\d]+）|\d{4}年(?:度|以来|上半年|全年)?|截至目前|截至\d{4}年底|"
    r"截至\d{4}年\d{1,2}月(?:底)?|目前|今年以来|全年|年内|其中|同时|另外|此外|"
    r"累计|共计|共|先后|已经|已|并|及|和|与|还|又|均|通过|在|将|把|对|向|为|就|从|由)+"
)
_TRAILING_NOISE = re.compile(r"(?:共计|共|累计|达到|达|为|约|近|超过|超|逾|总计|合计|分别|中|里)+$")
# Measure words that stand before the noun they count: 174个电子证照, 12名法律顾问, 3场讲座.
CLASSIFIERS = frozenset(
    "个 项 件 次 场 家 名 条 期 份 类 篇 起 户 所 处 套 本 册 批 轮 宗 笔 支 位 部 组 台 张 节 卷 场次".split()
)
# Words that open a predicate, not a noun: what follows the number is then not the counted thing.
_PREDICATE_START = (
    "的", "以上", "以", "在", "为", "对", "向", "和", "与", "及", "并", "左右", "同比", "比", "较", "增长", "下降",
    "提升", "提高", "减少", "占", "是", "被", "获", "得到", "均", "全部", "已", "共", "合计", "累计", "达", "实现",
    "覆盖", "参加", "参与", "到", "至", "上", "内", "中", "后", "前", "不", "没有", "未", "给予", "予以", "办结",
    "完成", "邀请", "开展", "进行", "在线", "次", "余", "多", "里", "之", "以内", "同期", "全年", "每", "保持",
)  # fmt: skip
# Verbs and prepositions that say nothing on their own: a label of only one of these needs its noun.
LONE_WORDS = frozenset(
    """实现 对 就 向 为 在 和 与 及 由 从 将 把 开展 组织 召开 举办 发布 新增 完成 建成 设立 成立 培育 处理 办理 收到
    接到 提供 参加 出具 办结 受理 审查 审核 审议 制定 出台 印发 清理 整治 调解 化解 培训 评查 备案 答复 接待 解答
    调处 查处 公开 征集 采纳 聘请 遴选 推荐 打造 建立 建设 创建 精简 取消 下放 承接 梳理 编制 修订 废止 起草 提出
    收集 达到 达 共 累计 其中 涉及 挽回 追回 帮助 服务 覆盖 惠及 吸引 带动 提升 整改 发现 移送 立案 结案 作出
    纠正 撤销 确认 维持 驳回 终止 调整 合并 新建 改造 上线 入驻 归集 共享 调用 交换 保持 稳定在 均为 提高到 提升至
    提高至 下降到 下降至 降至 增至 分别为 占比 同比""".split()
)
# Lone verbs that still tell two figures of one noun apart (受理/办结 行政复议案件).
_SPECIFIC_VERBS = frozenset(
    """受理 办结 审查 审核 审议 制定 出台 印发 清理 撤销 废止 修订 起草 调解 化解 培训 评查 备案
    答复 纠正 查处 聘请 选聘 遴选 推荐 精简 取消 下放 承接 新增 新建 改造 整改 立案 结案 移送""".split()
)
# Verbs a label may start with; stripped to find the noun another figure of the sentence can borrow.
_VERB_START = lazy("^(?:" + "|".join(sorted((w for w in LONE_WORDS if len(w) == 2), key=len, reverse=True)) + ")")


def clause_before(text: str, start: int, floor: int) -> str:
    """The words between the last delimiter (or ``floor``) and ``start``."""
    left = max([text.rfind(ch, floor, start) for ch in _LABEL_DELIMS] + [floor - 1])
    return text[left + 1 : start]


def phrase_after(text: str, end: int) -> str:
    """The words from ``end`` up to the next delimiter or digit."""
    stop = len(text)
    i = end
    while i < len(text):
        close = text.find("）", i, i + 8) if text[i] == "（" else -1
        if close != -1 and i > end:
            i = close + 1  # 286个村（社区）实现…: a short aside belongs to the noun
            continue
        if text[i] in _LABEL_DELIMS or text[i].isdigit():
            stop = i
            break
        i += 1
    return text[end:stop]


def clean_before(before: str) -> str:
    """The clause before a number without its leading adverbs and run-in numbers or trailing 共/达/为."""
    before = _LEADING_NOISE.sub("", before)
    return _TRAILING_NOISE.sub("", before)


def counted_noun(after: str) -> str:
    """The noun phrase after a measure word (电子证照跨部门调用), or "" when a predicate follows instead."""
    if after.startswith("、"):
        return ""  # 规范性文件草案9件、政策性文件草案45件: the next item of a list, not this figure's noun
    after = after.strip(" ")
    if len(after) < 2 or after.startswith(_PREDICATE_START):
        return ""
    return after


def noun_of(label: str) -> str:
    """A label without its opening verb: 受理行政复议案件 → 行政复议案件."""
    label = re.sub(r"（[^（）]*）$", "", label)
    stripped = _VERB_START.sub("", label)
    return stripped if len(stripped) >= 2 else label


def is_lone(label: str) -> bool:
    """True for a label that names nothing: empty, one character, or a lone verb or preposition."""
    return len(label) < 2 or label in LONE_WORDS


def shorten(label: str) -> str:
    """A label of at most LABEL_MAX characters, keeping the words nearest the number, cut only between words."""
    if len(label) <= LABEL_MAX:
        return label
    tail = label[-LABEL_MAX:]
    cuts = [tail.rfind(ch) for ch in _CUT_AFTER]
    cut = max(cuts)
    if 0 <= cut < len(tail) - 3:
        return tail[cut + 1 :]
    # No safe place inside the window: keep the whole label rather than cut a word in two.
    return label


def make_label(
    text: str,
    start: int,
    end: int,
    floor: int,
    unit: str,
    previous: str | None = None,
) -> str:
    """The label of the figure at ``text[start:end]``; ``previous`` is the label of the figure before it in the
    same sentence, whose noun a bare verb (受理122件，办结118件) borrows."""
    raw_before = clause_before(text, start, floor)
    before = clean_before(raw_before)
    after = phrase_after(text, end)
    base_unit = unit[1:] if unit[:1] in ("万", "亿") and len(unit) > 1 else unit
    if raw_before.endswith("连续") or before.endswith("连续"):
        stem = before.removesuffix("连续")
        thing = counted_noun(after) or stem or after
        label = f"{thing}（连续…年）" if thing else "连续年数"
        return shorten(label.strip(" ，、"))
    noun = counted_noun(after) if base_unit in CLASSIFIERS else ""
    if noun:
        # 审核45件政策性文件 keeps its verb (审核 and 清理 are different rows); 实现, 开展, 对… say nothing.
        specific = (before and not is_lone(before)) or before in _SPECIFIC_VERBS
        label = before + noun if specific and len(before) <= 4 else noun
    elif before and not is_lone(before):
        label = before
    elif before and after and not after.startswith(("，", "。")):
        label = before + after
    elif before and previous:
        label = before + noun_of(previous)
    elif after.strip(" 、"):
        label = (before + after) if before else after
    elif previous and raw_before.strip():
        # 创建示范村3个，累计达到27个: only adverbs before the number, so it counts the previous figure's noun
        label = raw_before.strip() + noun_of(previous)
    else:
        label = before or _fallback(text, start, floor)
    label = label.strip(" ，、")
    if is_lone(label):
        label = (label + noun_of(previous)) if previous else (label or _fallback(text, start, floor))
    return shorten(label)


# The number that ends a clause borrowed from before (示范村3个): the label is what it counts, not the figure.
_TRAILING_FIGURE = lazy(r"[\d.]+[\u4e00-\u9fff%]{0,3}$")


def _fallback(text: str, start: int, floor: int) -> str:
    # Nothing in the clause: the clause before it says what the sentence is about.
    left = max([text.rfind(ch, 0, start) for ch in _LABEL_DELIMS] + [-1])
    if left <= 0:
        return "数字"
    previous = _TRAILING_FIGURE.sub("", clean_before(clause_before(text, left, max(0, floor - 200))))
    return shorten(previous) if len(previous) >= 2 else "数字"
