"""Export stage.

In: the graph, the flow and the rendered pages. Out: the JSON API and JSON Schemas (``api``),
and the whole site as plain Markdown that builds without the hooks (``markdown``).
"""
