"""Comparing reports: two reports (or all the years in history) → one ``Diff`` or ``Trend`` → renderers.

- ``diff``: ``diff_reports(old, new)`` gives one ``Diff``, built from the matching in ``reportgen.match``.
- ``render/``: the diff as text, Markdown, HTML or the ``reportgen.diff/1`` JSON contract; ``present`` holds the
  Chinese wording every renderer shares.
- ``redline/``: the new report as Word tracked changes over the old one (``redline.document.redline_document``).
- ``trend/``: every figure across the years (``trend.build.build_trend``, ``reportgen.trend/1``).

This package imports nothing itself, so that the CLI starts fast; import the modules you need.
"""
