"""WordprocessingML names: the ``w:`` namespace and the Clark names of its elements, for .docx XML."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W = f"{{{W_NS}}}"


def w(tag: str) -> str:
    """The Clark name of ``w:tag`` (``{namespace}tag``), as lxml names elements and attributes."""
    return _W + tag
