"""Matching two reports: which section became which, which figure continues which, and which initiatives,
shortcomings and plans carry on.

It sits in the core because storing a year needs it: a new report's figures keep the ids of the figures they
continue (``reportgen.ingest``). ``reportgen.compare`` gathers the matches into one ``Diff``. This package
imports nothing itself; import the modules you need.
"""
