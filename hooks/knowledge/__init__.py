"""The knowledge engine: YAML records in, validated and cross-linked pages out.

The pipeline, one sub-package per stage (``pipeline.check_content`` runs the first three):

- ``load``: find the record files under ``content/``, parse them strictly with positions;
- ``validate``: typed models (``records``), every error with file, line and fix;
- ``link``: references resolved both ways, cross-record checks, the decision flow;
- ``render``: Jinja2 templates → Markdown pages;
- ``export``: JSON API and schemas; the site as plain Markdown.

Beside them: ``records`` (the kinds, their models and vocabularies), ``preview`` (the page
cache of incremental builds), ``build`` and ``staging`` (what a MkDocs build asks of the
engine), and ``tools`` (the ``knowledge`` command for contributors). The engine knows nothing
about MkDocs; ``hooks/site.py`` adapts it to MkDocs events.
"""
