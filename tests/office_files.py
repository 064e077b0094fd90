"""Report files as offices make them, built from plain report text at test time.

``word_docx`` writes what Word or WPS saves: part and section numbers as automatic numbering (numbering.xml),
text split into many runs, a line set as a table row, and tracked changes (an insertion kept, deleted text
that must not be read). Accepting every change gives back exactly the plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx

from reportgen.normalize import normalize_line
from reportgen.outline import ARABIC_ITEM_RE, PART_RE, SECTION_RE

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# One list: 一、 at level 0, （一） at level 1 (restarting under each part), 1. at level 2.
NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def _runs(text: str, size: int = 4) -> str:
    # Word splits runs wherever formatting, spell-check or editing history changed: here every few characters,
    # which cuts numbers (12|2件) and words alike.
    pieces = [text[i : i + size] for i in range(0, len(text), size)] or [""]
    return "".join(
        f'<w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t xml:space="preserve">{escape(p)}</w:t></w:r>'
        for p in pieces
    )


def _paragraph(body: str, *, level: int | None = None) -> str:
    ppr = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr>' if level is not None else ""
    )
    return f"<w:p>{ppr}{body}</w:p>"


def _tracked(text: str) -> str:
    """The paragraph with its second half as a tracked insertion, and deleted old text (with a figure) beside it."""
    half = len(text) // 2
    return (
        _runs(text[:half])
        + '<w:del w:id="901" w:author="审核人" w:date="2025-02-01T10:00:00Z"><w:r><w:delText>原稿删去的35件旧数字</w:delText></w:r></w:del>'
        + f'<w:ins w:id="902" w:author="审核人" w:date="2025-02-01T10:00:00Z">{_runs(text[half:])}</w:ins>'
    )


def _table(text: str) -> str:
    # The line as a one-row table: the words in one cell, the rest (from the first digit) in the next.
    m = re.search(r"\d", text)
    cut = m.start() if m else len(text) // 2
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr><w:p>{_runs(cell)}</w:p></w:tc>'
        for cell in (text[:cut], text[cut:])
    )
    return f'<w:tbl><w:tblPr><w:tblW w:w="8000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid><w:tr>{cells}</w:tr></w:tbl>'


def word_body(text: str, *, tracked: bool = True, table: bool = True) -> str:
    """document.xml body content for ``text``: numbered headings, split runs, one table, one tracked change."""
    out: list[str] = []
    tracked_done = table_done = False
    has_sections = any(SECTION_RE.match(line) for line in text.splitlines())
    # Lines are matched in canonical form: a web copy's (一) is Word's automatic （一） all the same.
    for line in (normalize_line(raw) for raw in text.splitlines()):
        if not line:
            continue
        for level, pattern in ((0, PART_RE), (1, SECTION_RE), (2, ARABIC_ITEM_RE)):
            m = pattern.match(line)
            if m and (level != 2 or not has_sections):
                rest = m.group("rest")
                if tracked and not tracked_done and "。" in rest and re.search(r"\d", rest) and len(rest) > 20:
                    out.append(_paragraph(_tracked(rest), level=level))
                    tracked_done = True
                else:
                    out.append(_paragraph(_runs(rest), level=level))
                break
        else:
            if tracked and not tracked_done and "。" in line and re.search(r"\d", line) and len(line) > 20:
                out.append(_paragraph(_tracked(line)))
                tracked_done = True
            elif table and not table_done and tracked_done and re.search(r"\d+件", line) and len(line) < 120:
                out.append(_table(line))
                table_done = True
            else:
                out.append(_paragraph(_runs(line)))
    return "".join(out)


def write_docx(path: Path, body_xml: str, *, numbering_xml: str = NUMBERING_XML, styles_xml: str | None = None) -> Path:
    """A real Word package (python-docx's default one) with this body, numbering and, if given, styles."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>{body_xml}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" '
        'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = document.encode("utf-8")
            elif item.filename == "word/numbering.xml":
                data = numbering_xml.encode("utf-8")
            elif item.filename == "word/styles.xml" and styles_xml is not None:
                data = styles_xml.encode("utf-8")
            target.writestr(item, data)
    return path


def word_docx(text: str, path: Path, *, tracked: bool = True, table: bool = True) -> Path:
    """``text`` saved as Word saves it: automatic numbering, split runs, a table row and a tracked change."""
    return write_docx(path, word_body(text, tracked=tracked, table=table))


def default_styles_xml() -> str:
    """styles.xml of python-docx's default document (Heading 1–9 and Title defined)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return zipfile.ZipFile(buffer).read("word/styles.xml").decode("utf-8")


def libreoffice_convert(sources: list[Path], target: str, outdir: Path) -> list[Path]:
    """``sources`` converted by headless LibreOffice to ``target`` (pdf, doc, odt) in ``outdir``, in one run."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(outdir), *map(str, sources)],
            capture_output=True, timeout=300, check=True,
        )  # fmt: skip
    converted = [outdir / f"{source.stem}.{target.split(':')[0]}" for source in sources]
    missing = [path for path in converted if not path.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return converted


def web_page(text: str, path: Path) -> Path:
    """``text`` as a government site serves it, saved from the browser: menus, a source line, GBK, <p> per line."""
    paragraphs = "\n".join(
        f"<p style='text-indent:2em'>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )
    html = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>法治政府建设年度报告</title><script>var nav = '首页';</script><style>p{margin:0}</style></head><body>"
        "<nav><a href='/'>首页</a> <a href='/zwgk'>政务公开</a> <a href='/hdjl'>互动交流</a></nav>"
        "<div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>"
        "<div class='info'>来源：司法局 发布时间：2025-03-20 浏览次数：311</div>"
        f"<div class='article'>\n{paragraphs}\n</div>"
        "<footer>主办单位：人民政府办公室 网站标识码 3201000001</footer></body></html>"
    )
    path.write_bytes(html.encode("gb18030"))
    return path
