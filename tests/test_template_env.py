"""The one Jinja2 environment (``reportgen.template_env``): every shipped template, escaping, the user folder first."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.sandbox
import pytest

from reportgen.errors import TemplateError
from reportgen.template_env import MAX_TEMPLATE_BYTES, make_environment

from .conftest import ROOT

SHIPPED = sorted(
    path.relative_to(ROOT / "templates").as_posix()
    for path in (ROOT / "templates").rglob("*")
    if path.suffix in (".j2", ".html")
)


def test_every_template_in_the_templates_folder_loads_through_the_one_environment() -> None:
    env = make_environment()
    assert {"report.txt.j2", "diff.html.j2", "trend.html.j2", "web/base.html"} <= set(SHIPPED)
    assert sorted(t for t in env.list_templates() if t.endswith((".j2", ".html"))) == SHIPPED
    for name in SHIPPED:
        env.get_template(name)  # parses: a syntax error in any shipped template fails here


def test_html_pages_are_escaped_and_text_templates_are_not(tmp_path: Path) -> None:
    for name in ("page.html.j2", "page.html", "page.txt.j2"):
        (tmp_path / name).write_text("{{ x }}", encoding="utf-8")
    env = make_environment(tmp_path)
    assert [env.get_template(name).render(x="<b>") for name in ("page.html.j2", "page.html", "page.txt.j2")] == [
        "&lt;b&gt;",
        "&lt;b&gt;",
        "<b>",
    ]
    assert make_environment().from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_every_template_is_strict_about_undefined_names() -> None:
    with pytest.raises(jinja2.UndefinedError):
        make_environment().from_string("{{ missing }}").render()


def test_the_user_folder_goes_first_and_the_shipped_templates_fill_in(tmp_path: Path) -> None:
    (tmp_path / "part.txt.j2").write_text("用户的部分模板", encoding="utf-8")
    (tmp_path / "own.txt.j2").write_text("{% include 'part.txt.j2' %}", encoding="gbk")
    env = make_environment(tmp_path)
    assert isinstance(env, jinja2.sandbox.SandboxedEnvironment)
    assert env.get_template("own.txt.j2").render() == "用户的部分模板"
    shipped = env.get_template("plans.txt.j2").filename
    assert shipped is not None and Path(shipped).parent == ROOT / "templates"
    assert not isinstance(make_environment(), jinja2.sandbox.SandboxedEnvironment)


def test_the_user_folder_rules(tmp_path: Path) -> None:
    (tmp_path / "big.txt.j2").write_bytes(b"x" * (MAX_TEMPLATE_BYTES + 1))
    (tmp_path / "out.txt.j2").symlink_to(ROOT / "templates" / "report.txt.j2")
    env = make_environment(tmp_path)
    with pytest.raises(jinja2.exceptions.SecurityError, match="over 1024 KB"):
        env.get_template("big.txt.j2")
    with pytest.raises(jinja2.exceptions.SecurityError, match="leading out of the templates folder"):
        env.get_template("out.txt.j2")
    with pytest.raises(jinja2.exceptions.SecurityError, match="too large"):
        env.from_string("{{ 9 ** (9 ** 9) }}").render()
    with pytest.raises(TemplateError, match="templates folder not found"):
        make_environment(tmp_path / "nowhere")
