"""Which government wrote a report: names compared loosely, and reports of another government refused."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.errors import OtherGovernmentError
from reportgen.i18n import _
from reportgen.model import Report
from reportgen.store import history_years, load_year

_GENERIC_ORG_RE = re.compile(r"(人民政府|政府|司法局|委员会|办公室|局)$")


def _bare(org: str) -> str:
    return "".join(org.split())


def same_org(a: str | None, b: str | None) -> bool:
    """True when two organisation names name one government (钟楼区人民政府 and 常州市钟楼区人民政府 do)."""
    if not a or not b:
        return True
    x, y = _bare(a), _bare(b)
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    # 钟楼区人民政府 names 常州市钟楼区人民政府; a bare 区人民政府 names nobody in particular.
    return len(_GENERIC_ORG_RE.sub("", shorter)) >= 2 and longer.endswith(shorter)


def stored_orgs(history: Path) -> dict[int, str]:
    """The organisation of each stored year that names one."""
    orgs: dict[int, str] = {}
    for year in history_years(history):
        org = load_year(history, year).org
        if org:
            orgs[year] = org
    return orgs


def check_org(report: Report, history: Path, expected: str | None = None, *, source: Path | None = None) -> None:
    """Refuse ``report`` when it is another government's than the workspace's or the history's."""
    if not report.org:
        return
    if expected is not None and not same_org(report.org, expected):
        raise OtherGovernmentError(
            _("this report is by {org}, but this workspace holds the reports of {expected}").format(
                org=report.org, expected=expected
            ),
            path=source,
            remedy="other_workspace",
        )
    for year, org in stored_orgs(history).items():
        if not same_org(report.org, org):
            raise OtherGovernmentError(
                _("this report is by {org}, but {history} holds the {year} report of {other}").format(
                    org=report.org, history=history, year=year, other=org
                ),
                path=source,
                remedy="other_workspace",
            )
