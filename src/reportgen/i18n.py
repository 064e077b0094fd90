"""Messages in the user's language: Chinese by default, English with ``REPORTGEN_LANG=en`` or ``--lang en``.

The messages in the code are English msgids wrapped in ``_()``; the Chinese text lives in the gettext catalog
``locale/zh_CN/LC_MESSAGES/reportgen.po`` (compiled to ``.mo``, shipped in the wheel). ``scripts/i18n.py``
extracts new messages with Babel, merges them into the catalog and compiles it.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "reportgen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
ENV_VAR = "REPORTGEN_LANG"
_CATALOG_LOCALE = {"zh": "zh_CN"}

_state: dict[str, gettext.NullTranslations | str | None] = {"language": None, "translations": None}


def normalize_language(value: str | None) -> str | None:
    """``zh``, ``zh_CN``, ``zh-Hans``, ``Chinese`` → ``zh``; ``en``, ``en_US.UTF-8`` → ``en``; anything else None."""
    if not value:
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0]
    if code.startswith(("zh", "chinese", "cn")) or code == "中文":
        return "zh"
    if code.startswith(("en", "english")) or code in ("c", "posix"):
        return "en"
    return None


def set_language(value: str | None) -> str:
    """Use ``value`` (or ``$REPORTGEN_LANG``, else Chinese) for every message from now on; return the code used."""
    language = normalize_language(value) or normalize_language(os.environ.get(ENV_VAR)) or DEFAULT_LANGUAGE
    catalog = _CATALOG_LOCALE.get(language)
    translations: gettext.NullTranslations = (
        gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalog], fallback=True)
        if catalog
        else gettext.NullTranslations()
    )
    _state["language"] = language
    _state["translations"] = translations
    return language


def language() -> str:
    """The language messages are in: ``zh`` or ``en``."""
    current = _state["language"]
    return current if isinstance(current, str) else set_language(None)


def _translations() -> gettext.NullTranslations:
    current = _state["translations"]
    if isinstance(current, gettext.NullTranslations):
        return current
    set_language(None)
    found = _state["translations"]
    assert isinstance(found, gettext.NullTranslations)
    return found


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message, for ``count``, in the current language."""
    return _translations().ngettext(singular, plural, count)
