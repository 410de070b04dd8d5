"""Incremental builds (``--dirty``).

In: generated files and page keys. Out: files on disk that change only when their content does,
so MkDocs rebuilds only what changed.
"""
