"""``reportgen trend``: every figure across all the years in history.

``build`` lines the figures up; ``render`` writes the formats; ``charts`` draws them; ``run`` is one command's run.
"""
