"""The renderers of ``reportgen diff``: ``formats`` is the one table of formats; ``present`` holds the Chinese
wording every renderer shares; ``text``, ``markdown``, ``html`` and ``json_contract`` write one format each.
"""
