"""Comparing two annual reports: section alignment, figures, initiatives, shortcomings, plans, renderers.

``reportgen.compare.diff.diff_reports(old, new)`` gives one ``Diff``; ``reportgen.compare.render.render(diff,
format)`` writes it as text, Markdown, HTML or the ``reportgen.diff/1`` JSON contract. This package imports
nothing itself, so that the CLI starts fast; import the modules you need.
"""
