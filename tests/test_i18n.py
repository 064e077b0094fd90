"""The interface speaks Chinese by default and English on request; every message has its translation."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.errors import InputFileError, StructureError
from reportgen.i18n import _, language, normalize_language, set_language
from reportgen.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent


def _catalog_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


def run(
    *args: str, lang: str | None = None, encoding: str | None = None, cwd: Path | None = None
) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_LANG", "PYTHONIOENCODING", "REPORTGEN_HISTORY")}
    if lang is not None:
        env["REPORTGEN_LANG"] = lang
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", *args], capture_output=True, env=env, cwd=cwd, check=False
    )
    name = encoding or "utf-8"
    return result.returncode, result.stdout.decode(name, "replace"), result.stderr.decode(name, "replace")


# --- the catalog --------------------------------------------------------------------------------------------------


def test_every_message_in_the_code_has_a_chinese_translation() -> None:
    tool = _catalog_tool()
    template = tool.extract()
    assert len(template) > 200
    assert tool.untranslated(tool.read_catalog(), template) == []


def test_the_shipped_mo_is_compiled_from_the_po() -> None:
    tool = _catalog_tool()
    assert tool.MO.read_bytes() == tool.compiled(tool.read_catalog()), "run scripts/i18n.py"


def test_a_message_without_translation_is_caught(tmp_path: Path) -> None:
    tool = _catalog_tool()
    template = tool.extract()
    template.add("a message nobody translated", None)
    assert tool.untranslated(tool.read_catalog(), template) == ["a message nobody translated"]


def test_translations_keep_every_placeholder() -> None:
    names = re.compile(r"(?<!\{)\{([a-z_0-9]*)(?::[^}]*)?\}(?!\})")
    for message in _catalog_tool().read_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            assert set(names.findall(ids[0])) == set(names.findall(translated)), message.id


def test_the_catalog_uses_the_documents_terms() -> None:
    catalog = _catalog_tool().read_catalog()
    assert "问题和不足" in catalog.get("Print a report's outline, shortcomings, plans and every figure.").string
    compare = catalog.get("Compare two reports: structure, figures, initiatives, shortcomings and last year's plans.")
    for term in ("提纲", "数据", "举措", "问题和不足", "计划落实"):
        assert term in compare.string
    assert (
        "标注【待核】"
        in catalog.get(
            "draft {year} (from {previous}): {total} figures — {updated} updated, {carried} carried over (marked 【待核】)"
        ).string
    )


def test_the_wheel_ships_the_compiled_catalog_and_every_template(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportgen/locale/zh_CN/LC_MESSAGES/reportgen.mo" in names
    templates = ROOT / "templates"
    shipped = {
        f"reportgen/templates/{path.relative_to(templates).as_posix()}"
        for path in templates.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "reportgen/templates/diff.html.j2" in shipped and "reportgen/templates/web/base.html" in shipped
    assert shipped - set(names) == set()


# --- choosing the language --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-Hans", "zh"), ("en", "en"), ("en_US", "en"), ("fr", None), ("", None)],
)
def test_language_names(value: str, code: str | None) -> None:
    assert normalize_language(value) == code


def test_chinese_is_the_default_and_the_variable_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_LANG")
    assert set_language(None) == "zh" and _("file not found") == "文件不存在"
    monkeypatch.setenv("REPORTGEN_LANG", "en")
    assert set_language(None) == "en" and _("file not found") == "file not found"
    monkeypatch.setenv("REPORTGEN_LANG", "klingon")
    assert set_language(None) == "zh"
    assert set_language("en") == "en" and language() == "en"


def test_library_errors_are_raised_in_the_chosen_language(chinese: None, tmp_path: Path) -> None:
    with pytest.raises(StructureError) as caught:
        parse_text("今天天气很好。\n")
    assert str(caught.value) == "未识别出报告提纲：没有“一、”等部分，也没有问题和不足（这是法治政府建设年度报告吗？）"
    from reportgen.read.documents import read_source

    with pytest.raises(InputFileError) as missing:
        read_source(tmp_path / "无.txt")
    assert str(missing.value) == f"{tmp_path / '无.txt'}: 文件不存在"


# --- the command line, as a user runs it ---------------------------------------------------------------------------


def test_help_is_chinese_by_default(tmp_path: Path) -> None:
    code, out, err = run("--help", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert "存储、起草和比较法治政府建设年度报告" in out
    assert "选项" in out and "命令" in out and "用法：" in out
    assert "显示本帮助并退出" in out


def test_command_help_is_chinese_and_lists_the_formats(tmp_path: Path) -> None:
    code, out, _ = run("diff", "--help", cwd=tmp_path)
    assert code == 0
    assert "比较两份报告" in out and "输出格式" in out
    assert "text|markdown|html|json" in out.replace(" ", "")


@pytest.mark.parametrize("switch", ["env", "flag", "flag="])
def test_english_on_request(tmp_path: Path, switch: str) -> None:
    args = {"env": (), "flag": ("--lang", "en"), "flag=": ("--lang=en",)}[switch]
    code, out, _ = run(*args, "--help", lang="en" if switch == "env" else None, cwd=tmp_path)
    assert code == 0
    assert "Store, draft and compare annual rule-of-law reports" in out
    assert "Options" in out and "选项" not in out


def test_errors_are_chinese_by_default_and_english_on_request(tmp_path: Path) -> None:
    code, out, err = run("show", "nope.txt", cwd=tmp_path)
    assert (code, out) == (1, "")
    notice, error = err.splitlines()
    assert notice.startswith("提示：这里没有工作区，使用的是内置示例")
    assert error.startswith("错误：nope.txt: 文件不存在，也不是历史库中的年份（")
    assert "Traceback" not in err
    code, _, err = run("--lang", "en", "show", "nope.txt", cwd=tmp_path)
    assert code == 1 and err.splitlines()[1].startswith("error: nope.txt: file not found, and not a year in history")


def test_usage_errors_are_chinese(tmp_path: Path) -> None:
    code, out, err = run("draft", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert "缺少 YEAR" in err and "用法：" in err
    code, _, err = run("show", "2023", "-f", "xml", cwd=tmp_path)
    assert code == 2 and "可选 text, json" in err
    code, _, err = run("show", "2023", "--nope", cwd=tmp_path)
    assert code == 2 and "没有这个选项：--nope" in err


def test_status_lines_are_chinese_on_stderr(tmp_path: Path) -> None:
    code, out, err = run("draft", "2024", "-o", "d/2024.docx", cwd=tmp_path)
    assert code == 0
    assert out.startswith("2024 年草稿（依据 2023 年报告）：数据 35 项，已更新 0 项，沿用上年 35 项（标注【待核】）\n")
    assert err.splitlines()[1:] == [
        f"已写入 d/{name}" for name in ("2024.docx", "2024.txt", "2024.review.md", "2024.review.xlsx")
    ]
