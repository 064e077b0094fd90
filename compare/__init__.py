"""Comparing reports: section alignment, figures, initiatives, shortcomings, plans, renderers, redlines and trends.

``reportgen.compare.diff.diff_reports(old, new)`` gives one ``Diff``; ``reportgen.compare.render.render(diff,
format)`` writes it as text, Markdown, HTML or the ``reportgen.diff/1`` JSON contract.
``reportgen.compare.redline.redline_document(old, new)`` writes the new report as Word tracked changes, and
``reportgen.compare.trend.build_trend(reports)`` lines every figure up across the years (``reportgen.trend/1``).
This package imports nothing itself, so that the CLI starts fast; import the modules you need.
"""
