"""Link stage.

In: validated records. Out: the graph with links both ways (``graph``), the results of the
cross-record rules (``checks``) and the checked decision flow with every scenario traced
(``flow``).
"""
