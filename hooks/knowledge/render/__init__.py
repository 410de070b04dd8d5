"""Render stage.

In: the graph and the flow. Out: Markdown pages made by the Jinja2 templates in ``templates/``,
with every record text escaped for where it lands (``escaping``).
"""
